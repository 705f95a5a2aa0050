package app.lettrage.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.testsupport.Tokens;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The institution list is asked of a provider once per country while it is kept, whoever asks, and a provider's
 * failure is not kept: the next request asks again. Counted at the sandbox bank, which serves GoCardless here.
 */
@QuarkusTest
@TestProfile(InstitutionCacheTest.NoTenantLimit.class)
class InstitutionCacheTest {

    private static final String GOCARDLESS_INSTITUTIONS = "/gocardless/api/v2/institutions/";

    @Inject
    @CacheName("institutions")
    Cache institutions;

    /** The per-tenant allowance out of the way: what is counted here is the provider's calls, not the tenant's. */
    public static class NoTenantLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lettrage.rate-limits.institutions.requests", "1000");
        }
    }

    @BeforeEach
    void nothingKept() {
        institutions.invalidateAll().await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aCountrysListIsAskedOfTheProviderOnce_forEveryTenant_andAnotherCountryIsAskedOnItsOwn() {
        int before = served();
        assertThat(providers("alice", "LU")).contains("GOCARDLESS", "SANDBOX");
        assertThat(providers("alice", "LU")).contains("GOCARDLESS");
        assertThat(providers("bruno", "LU")).contains("GOCARDLESS");
        assertThat(served() - before).isEqualTo(1);

        assertThat(providers("alice", "NL")).contains("GOCARDLESS");
        assertThat(served() - before).isEqualTo(2);
    }

    @Test
    void aProvidersFailureIsNotKept_theNextRequestAsksAgain() {
        int before = served();
        SandboxBankResource.sandbox.failNext("GET", GOCARDLESS_INSTITUTIONS, 1);

        // the failing provider is left out, the others still answer
        assertThat(providers("alice", "FR")).contains("SANDBOX").doesNotContain("GOCARDLESS");
        assertThat(providers("alice", "FR")).contains("GOCARDLESS");
        assertThat(providers("alice", "FR")).contains("GOCARDLESS");
        assertThat(served() - before).isEqualTo(2);
    }

    private static int served() {
        return SandboxBankResource.sandbox.served("GET", GOCARDLESS_INSTITUTIONS);
    }

    private static List<String> providers(String user, String country) {
        return given().header("Authorization", Tokens.bearer(user))
                .get("/api/institutions?country=" + country)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("provider", String.class);
    }
}
