package app.lettrage.systemtests;

import app.lettrage.testsupport.Repo;
import app.lettrage.testsupport.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Two tenants of a test's own (each {@link #create()} makes new ones), added to the stack's Keycloak through its admin API, so the suite's
 * thousands of requests spend neither the demo tenants' rate limits nor their data: tenant {@link #a} with one user
 * per role ({@code admin}, {@code accountant}, {@code viewer}), tenant {@link #b} with an admin; and a copy of the web
 * client whose access tokens live {@link #SHORT_LIFESPAN_SECONDS} seconds, for expired tokens that Keycloak itself
 * signed.
 */
final class ProbeTenants {

    static final int SHORT_LIFESPAN_SECONDS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    final String a;
    final String b;
    private final String shortLivedClient;

    private ProbeTenants(String run) {
        this.a = "apisec-a-" + run;
        this.b = "apisec-b-" + run;
        this.shortLivedClient = "apisec-short-lived-" + run;
    }

    /** The user of {@code tenant} with {@code role} (admin, accountant or viewer). */
    static String user(String tenant, String role) {
        return tenant + "-" + role;
    }

    /** Creates the two tenants, their users and the short-lived client in the realm {@code lettrage}. */
    static ProbeTenants create() {
        ProbeTenants tenants = new ProbeTenants(UUID.randomUUID().toString().substring(0, 8));
        ObjectNode partial = JSON.createObjectNode().put("ifResourceExists", "FAIL");
        ArrayNode groups = partial.putArray("groups");
        ArrayNode users = partial.putArray("users");
        for (String tenant : List.of(tenants.a, tenants.b)) {
            ObjectNode group = groups.addObject().put("name", tenant).put("path", "/" + tenant);
            group.putObject("attributes").putArray("tenant_id").add(tenant);
        }
        addUser(users, tenants.a, "admin", List.of("admin", "accountant"));
        addUser(users, tenants.a, "accountant", List.of("accountant"));
        addUser(users, tenants.a, "viewer", List.of("viewer"));
        addUser(users, tenants.b, "admin", List.of("admin", "accountant"));
        partial.putArray("clients").add(shortLivedClient(tenants.shortLivedClient));
        HttpResponse<String> r = admin("POST", "/admin/realms/lettrage/partialImport", partial.toString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Keycloak partial import: " + r.statusCode() + " " + r.body());
        }
        return tenants;
    }

    /**
     * An access token of {@code user} from the short-lived client: signed by the realm, with the same claims as the
     * web client's, valid for {@link #SHORT_LIFESPAN_SECONDS} seconds.
     */
    String shortLivedToken(String user) {
        HttpResponse<String> r =
                send(HttpRequest.newBuilder(URI.create(Tokens.realmUrl() + "/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=" + shortLivedClient
                                + "&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                                + "&password=demo&scope=openid"))
                        .build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("short-lived token: " + r.statusCode() + " " + r.body());
        }
        return read(r.body()).path("access_token").asText();
    }

    /** A token of the master realm's admin: signed by the same Keycloak, but another issuer than the services trust. */
    static String foreignIssuerToken() {
        return masterAdminToken();
    }

    private static void addUser(ArrayNode users, String tenant, String role, List<String> roles) {
        ObjectNode user = users.addObject()
                .put("username", user(tenant, role))
                .put("enabled", true)
                .put("email", user(tenant, role) + "@apisec.example")
                .put("emailVerified", true)
                .put("firstName", role)
                .put("lastName", tenant);
        user.putArray("requiredActions");
        user.putArray("credentials")
                .addObject()
                .put("type", "password")
                .put("value", "demo")
                .put("temporary", false);
        ArrayNode realmRoles = user.putArray("realmRoles").add("default-roles-lettrage");
        roles.forEach(realmRoles::add);
        user.putArray("groups").add("/" + tenant);
    }

    /** The web client's claims (tenant, roles, audiences) under another id, with a lifespan of a few seconds. */
    private static ObjectNode shortLivedClient(String clientId) {
        HttpResponse<String> r = admin("GET", "/admin/realms/lettrage/clients?clientId=lettrage-web", null);
        JsonNode web = read(r.body()).path(0);
        if (web.isMissingNode()) {
            throw new IllegalStateException("no client lettrage-web in the realm: " + r.body());
        }
        ObjectNode client = JSON.createObjectNode()
                .put("clientId", clientId)
                .put("enabled", true)
                .put("publicClient", true)
                .put("protocol", "openid-connect")
                .put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true)
                .put("fullScopeAllowed", true);
        client.putObject("attributes").put("access.token.lifespan", String.valueOf(SHORT_LIFESPAN_SECONDS));
        ArrayNode mappers = client.putArray("protocolMappers");
        for (JsonNode mapper : web.path("protocolMappers")) {
            ObjectNode copy = ((ObjectNode) mapper).deepCopy();
            copy.remove("id");
            mappers.add(copy);
        }
        return client;
    }

    private static HttpResponse<String> admin(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Stack.url(Stack.KEYCLOAK) + path))
                .header("Authorization", "Bearer " + masterAdminToken())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60));
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    private static String masterAdminToken() {
        String password = Repo.env("KEYCLOAK_ADMIN_PASSWORD", "admin");
        HttpResponse<String> r = send(HttpRequest.newBuilder(
                        URI.create(Stack.url(Stack.KEYCLOAK) + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin"
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
                .build());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Keycloak admin token: " + r.statusCode() + " " + r.body());
        }
        return read(r.body()).path("access_token").asText();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
