package app.lettrage.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real access tokens from Keycloak: the demo users of the realm (password grant on the public web client) and the
 * services (client credentials). Demo users: alice, arthur, vera (tenant acme), bruno (tenant globex); password demo.
 */
public final class Tokens {

    private static volatile String realmUrl;
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {}

    public static void realm(String url) {
        realmUrl = url;
        CACHE.clear();
    }

    public static String realmUrl() {
        if (realmUrl == null) {
            throw new IllegalStateException("no Keycloak realm configured for tokens");
        }
        return realmUrl;
    }

    /** A bearer token of a demo user (cached for the test run: tokens live 15 minutes or more). */
    public static String of(String user) {
        return CACHE.computeIfAbsent(
                user,
                u -> request("grant_type=password&client_id=lettrage-web&username=" + enc(u)
                        + "&password=demo&scope=openid"));
    }

    public static String bearer(String user) {
        return "Bearer " + of(user);
    }

    public static String clientCredentials(String clientId, String secret) {
        return request("grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret));
    }

    /** The decoded claims of a token (no signature check: for assertions only). */
    public static JsonNode claims(String token) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String request(String form) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(realmUrl() + "/protocol/openid-connect/token"))
                                    .header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString(form))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token request failed: " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
