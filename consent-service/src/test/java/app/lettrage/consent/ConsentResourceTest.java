package app.lettrage.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConsentResourceTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, not the application port. */
    @TestHTTPResource(value = "", management = true)
    URI management;

    static final String IBAN_FR = "FR76 3000 6000 0112 3456 7890 189";
    static final String IBAN_DE = "de89 3704 0044 0532 0130 00";

    static String body(String institutionId, LocalDate validUntil, String iban) {
        return """
                {"institutionId": "%s", "provider": "SANDBOX", "validUntil": "%s",
                 "accounts": [{"accountId": "acc-main", "iban": "%s", "currency": "EUR", "name": "Compte courant"}]}""".formatted(institutionId, validUntil, iban);
    }

    static ValidatableResponse post(String user, String body) {
        return given().header("Authorization", Tokens.bearer(user))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/consents")
                .then();
    }

    /** Creates an active consent and returns its id. */
    static String create(String user, String institutionId) {
        return post(user, body(institutionId, TestClock.today().plusDays(90), IBAN_FR))
                .statusCode(201)
                .body("status", equalTo("ACTIVE"))
                .extract()
                .path("id");
    }

    static ValidatableResponse revoke(String user, String id) {
        return given().header("Authorization", Tokens.bearer(user))
                .post("/api/consents/" + id + "/revoke")
                .then();
    }

    static ValidatableResponse get(String user, String path) {
        return given().header("Authorization", Tokens.bearer(user)).get(path).then();
    }

    @Test
    void createGetListRevokeAndAudit() {
        LocalDate validUntil = TestClock.today().plusDays(180); // the longest allowed
        String location = given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("""
                        {"institutionId": "SANDBOX_BANK", "provider": "BERLIN_GROUP", "validUntil": "%s",
                         "accounts": [{"accountId": "acc-main", "iban": "%s", "currency": "EUR", "name": "Compte courant"},
                                      {"accountId": "acc-savings", "iban": "%s", "currency": "EUR"}]}""".formatted(validUntil, IBAN_FR, IBAN_DE))
                .post("/api/consents")
                .then()
                .statusCode(201)
                .body("status", equalTo("ACTIVE"))
                .body("provider", equalTo("BERLIN_GROUP"))
                .body("institutionId", equalTo("SANDBOX_BANK"))
                .body("validUntil", equalTo(validUntil.toString()))
                .body("createdBy", equalTo("alice"))
                .extract()
                .header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(location).endsWith("/api/consents/" + id);

        // every role of the tenant reads it, with its accounts (IBANs normalised)
        get("vera", "/api/consents/" + id)
                .statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("ACTIVE"))
                .body("version", equalTo(0))
                .body("accounts.accountId", contains("acc-main", "acc-savings"))
                .body("accounts.iban", contains("FR7630006000011234567890189", "DE89370400440532013000"))
                .body("accounts[0].name", equalTo("Compte courant"))
                .body("accounts[1].name", nullValue());
        get("arthur", "/api/consents")
                .statusCode(200)
                .body("id", hasItem(id))
                .body("find { it.id == '" + id + "' }", not(hasKey("accounts")));

        revoke("alice", id)
                .statusCode(200)
                .body("status", equalTo("REVOKED"))
                .body("version", equalTo(1))
                .body("accounts", hasSize(2));
        // revoking twice is a conflict, and changes nothing
        revoke("alice", id)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lettrage.app/problems/consent-not-revocable"))
                .body("status", equalTo(409));
        get("vera", "/api/consents/" + id)
                .statusCode(200)
                .body("status", equalTo("REVOKED"))
                .body("version", equalTo(1));
        get("vera", "/api/consents?status=REVOKED").statusCode(200).body("id", hasItem(id));
        get("vera", "/api/consents?status=ACTIVE").statusCode(200).body("id", not(hasItem(id)));

        // one audit entry per change, none for the refused second revoke
        get("vera", "/api/consents/" + id + "/audit")
                .statusCode(200)
                .body("action", contains("GRANTED", "REVOKED"))
                .body("actor", contains("alice", "alice"))
                .body("[0].detail", containsString("2 account(s)"))
                .body("[1].detail", equalTo("was ACTIVE"));
    }

    @Test
    void validationErrorsAreProblemsNamingTheField() {
        String marker = "VALIDATION_" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate ok = TestClock.today().plusDays(30);
        // IBAN with wrong check digits
        post("alice", body(marker, ok, "DE89370400440532013001"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", equalTo("https://lettrage.app/problems/validation"))
                .body("errors.field", contains("accounts[0].iban"));
        // not an IBAN at all
        post("alice", body(marker, ok, "hello")).statusCode(400).body("errors.field", contains("accounts[0].iban"));
        // one day beyond the 180 days of PSD2
        post("alice", body(marker, TestClock.today().plusDays(181), IBAN_FR))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("validUntil"))
                .body("detail", containsString("180 days"));
        post("alice", body(marker, TestClock.today().minusDays(1), IBAN_FR))
                .statusCode(400)
                .body("errors.field", contains("validUntil"));
        // both rule errors at once are both named
        post("alice", body(marker, TestClock.today().plusDays(400), "XX00"))
                .statusCode(400)
                .body("errors.field", contains("validUntil", "accounts[0].iban"));
        // missing institutionId
        post("alice", """
                {"provider": "SANDBOX", "validUntil": "%s", "accounts": [{"accountId": "a", "iban": "%s"}]}""".formatted(ok, IBAN_FR))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("institutionId"));
        // unknown provider, unparsable date: the field is named
        post("alice", body(marker, ok, IBAN_FR).replace("SANDBOX\"", "SOME_BANK\""))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("provider"));
        post("alice", body(marker, ok, IBAN_FR).replace(ok.toString(), "31/12/2026"))
                .statusCode(400)
                .body("errors[0].field", equalTo("validUntil"));
        // no accounts; an account without id; the same account twice
        post("alice", """
                {"institutionId": "%s", "provider": "SANDBOX", "validUntil": "%s", "accounts": []}""".formatted(marker, ok)).statusCode(400).body("errors.field", contains("accounts"));
        post("alice", """
                {"institutionId": "%s", "provider": "SANDBOX", "validUntil": "%s", "accounts": [{"iban": "%s"}]}""".formatted(marker, ok, IBAN_FR))
                .statusCode(400)
                .body("errors.field", contains("accounts[0].accountId"));
        post("alice", """
                {"institutionId": "%s", "provider": "SANDBOX", "validUntil": "%s",
                 "accounts": [{"accountId": "a", "iban": "%s"}, {"accountId": "a", "iban": "%s"}]}""".formatted(marker, ok, IBAN_FR, IBAN_DE))
                .statusCode(400)
                .body("errors.field", contains("accounts[1].accountId"));
        post("alice", "{not json").statusCode(400).contentType("application/problem+json");

        // nothing of the refused requests was recorded
        get("alice", "/api/consents?size=200").statusCode(200).body("institutionId", not(hasItem(marker)));
    }

    @Test
    void authenticationRolesAndTenancy() {
        given().get("/api/consents").then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON)
                .body(body("X", TestClock.today().plusDays(10), IBAN_FR))
                .post("/api/consents")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer not-a-token")
                .get("/api/consents")
                .then()
                .statusCode(401);

        // only an admin creates: a viewer and an accountant are refused
        post("vera", body("ROLES", TestClock.today().plusDays(10), IBAN_FR))
                .statusCode(403)
                .contentType("application/problem+json");
        post("arthur", body("ROLES", TestClock.today().plusDays(10), IBAN_FR))
                .statusCode(403)
                .contentType("application/problem+json");
        get("alice", "/api/consents?size=200").statusCode(200).body("institutionId", not(hasItem("ROLES")));

        // the tenant comes from the token, never from the body
        String id = post(
                        "alice",
                        body("TENANCY", TestClock.today().plusDays(10), IBAN_FR)
                                .replaceFirst("\\{", "{\"tenantId\": \"globex\", "))
                .statusCode(201)
                .extract()
                .path("id");
        revoke("vera", id).statusCode(403).contentType("application/problem+json");
        revoke("arthur", id).statusCode(403);

        // another tenant's consent does not exist for bruno, whatever he tries
        get("bruno", "/api/consents/" + id)
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lettrage.app/problems/not-found"));
        get("bruno", "/api/consents/" + id + "/audit").statusCode(404).contentType("application/problem+json");
        revoke("bruno", id).statusCode(404).contentType("application/problem+json");
        get("bruno", "/api/consents?size=200").statusCode(200).body("id", not(hasItem(id)));

        // none of the refused revokes changed it
        get("alice", "/api/consents/" + id).statusCode(200).body("status", equalTo("ACTIVE"));
        get("alice", "/api/consents/" + id + "/audit").statusCode(200).body("action", contains("GRANTED"));
        get("alice", "/api/consents/" + UUID.randomUUID()).statusCode(404).contentType("application/problem+json");
        get("alice", "/api/consents/not-a-uuid").statusCode(404);
    }

    @Test
    void listIsPagedNewestFirstWithBoundedSize() {
        // globex consents are made only here, so the tenant's list is exactly these
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestClock.advance(Duration.ofSeconds(1)); // newest first is by creation time: one each second
            created.add(create("bruno", "GLOBEX_BANK_" + i));
        }
        List<String> page0 = get("bruno", "/api/consents?page=0&size=2")
                .statusCode(200)
                .extract()
                .path("id");
        List<String> page1 = get("bruno", "/api/consents?page=1&size=2")
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(page0).containsExactly(created.get(2), created.get(1));
        assertThat(page1).containsExactly(created.get(0));
        get("bruno", "/api/consents?page=2&size=2").statusCode(200).body("$", empty());

        get("bruno", "/api/consents?size=0")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("size"));
        get("bruno", "/api/consents?size=201").statusCode(400).body("errors.field", contains("size"));
        get("bruno", "/api/consents?page=-1").statusCode(400).body("errors.field", contains("page"));
        get("bruno", "/api/consents?status=NOPE")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("status"));
    }

    @Test
    void openApiHealthAndMetrics() {
        given().get(management.resolve("openapi?format=json"))
                .then()
                .statusCode(200)
                .body("paths", hasKey("/api/consents"))
                .body("paths", hasKey("/api/consents/{id}/revoke"))
                .body("paths.'/api/consents'.post.tags", contains("Consents"))
                .body("paths.'/api/consents'.post.summary", containsString("ConsentGranted"));
        given().get(management.resolve("health/ready")).then().statusCode(200).body("status", equalTo("UP"));
        // the application port, which the ingress routes, serves none of the management endpoints
        given().get("/q/openapi").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().get(management.resolve("health/live")).then().statusCode(200);

        double granted = counter("granted");
        double revoked = counter("revoked");
        String id = create("alice", "METRICS_BANK");
        revoke("alice", id).statusCode(200);
        revoke("alice", id).statusCode(409); // rolled back: not counted
        assertThat(counter("granted")).isEqualTo(granted + 1);
        assertThat(counter("revoked")).isEqualTo(revoked + 1);
    }

    double counter(String action) {
        String text = given().get(management.resolve("metrics"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = Pattern.compile(
                        "^lettrage_consents_total\\{action=\"" + action + "\"[^}]*} (\\S+)(?: # .*)?$",
                        Pattern.MULTILINE)
                .matcher(text);
        assertThat(m.find())
                .as("lettrage_consents_total{action=%s} in %n%s", action, text)
                .isTrue();
        return Double.parseDouble(m.group(1));
    }
}
