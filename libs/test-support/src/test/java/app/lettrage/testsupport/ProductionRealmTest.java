package app.lettrage.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The realm deployed to production (infra/keycloak/lettrage-realm-prod.json) is not the development realm that
 * bin/stack imports: no demo users, brute-force protection, TLS for external clients, no password grant, PKCE on the
 * browser client, and client secrets that come from the environment at import, never from the file.
 */
class ProductionRealmTest {

    private static JsonNode realm() throws IOException {
        return new ObjectMapper()
                .readTree(Repo.root()
                        .resolve("infra/keycloak/lettrage-realm-prod.json")
                        .toFile());
    }

    @Test
    void noPersonIsShipped_onlyTheServicesAccounts() throws IOException {
        List<String> users = new ArrayList<>();
        realm().path("users").forEach(u -> users.add(u.path("username").asText()));
        assertThat(users).isNotEmpty().allMatch(u -> u.startsWith("service-account-"));
        realm().path("users").forEach(u -> assertThat(u.has("credentials")).isFalse());
    }

    @Test
    void bruteForceProtectionAndTls() throws IOException {
        JsonNode realm = realm();
        assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.path("failureFactor").asInt()).isBetween(3, 30);
        assertThat(realm.path("sslRequired").asText()).isIn("external", "all");
        assertThat(realm.path("registrationAllowed").asBoolean()).isFalse();
        assertThat(realm.path("passwordPolicy").asText()).contains("length(");
    }

    @Test
    void theBrowserClientUsesTheCodeFlowWithPkce_neverThePasswordGrant() throws IOException {
        for (JsonNode client : realm().path("clients")) {
            assertThat(client.path("directAccessGrantsEnabled").asBoolean())
                    .as(client.path("clientId").asText())
                    .isFalse();
            assertThat(client.path("implicitFlowEnabled").asBoolean()).isFalse();
            if (client.path("publicClient").asBoolean()) {
                assertThat(client.at("/attributes/pkce.code.challenge.method").asText())
                        .isEqualTo("S256");
                client.path("redirectUris")
                        .forEach(uri -> assertThat(uri.asText())
                                .doesNotStartWith("*")
                                .doesNotContain("localhost")
                                .startsWith("${"));
            }
        }
    }

    @Test
    void clientSecretsComeFromTheEnvironment() throws IOException {
        int confidential = 0;
        for (JsonNode client : realm().path("clients")) {
            if (client.has("secret")) {
                confidential++;
                assertThat(client.path("secret").asText()).matches("\\$\\{[A-Z_]+_CLIENT_SECRET}");
            }
        }
        assertThat(confidential).isEqualTo(4);
    }
}
