package app.lettrage.consent;

import static app.lettrage.consent.ConsentFlowTest.connect;
import static app.lettrage.consent.ConsentFlowTest.sandbox;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.consent.provider.SecretBox;
import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventType;
import app.lettrage.events.Topics;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** bank-sync-service reads transactions through consent-service: only with its own token, never another tenant's. */
@QuarkusTest
class InternalFetchTest {

    static String serviceToken() {
        return "Bearer " + Tokens.clientCredentials("bank-sync-service", "bank-sync-service-secret");
    }

    static ValidatableResponse fetch(String auth, String consentId, Map<String, Object> body) {
        return given().header("Authorization", auth)
                .contentType(ContentType.JSON)
                .body(body)
                .post("/internal/consents/" + consentId + "/transactions")
                .then();
    }

    @Test
    void bankSyncReadsAnAccountThroughTheConsent_usersAndOtherTenantsCannot() throws Exception {
        JsonPath consent = connect("SANDBOX", TestClock.today().plusDays(60));
        String id = consent.getString("id");
        String account = consent.getString("accounts.find { it.iban == 'BE68539007547034' }.accountId");
        Map<String, Object> body = Map.of(
                "tenantId",
                "acme",
                "accountId",
                account,
                "dateFrom",
                TestClock.today().minusDays(10).toString(),
                "psuIpAddress",
                "203.0.113.7");
        JsonPath report = fetch(serviceToken(), id, body)
                .statusCode(200)
                .body("accountIban", equalTo("BE68539007547034"))
                .extract()
                .jsonPath();
        assertThat(report.getList("transactions")).isNotEmpty();
        assertThat(report.getString("transactions[0].amount")).matches("-?\\d+\\.\\d{2}");
        assertThat(report.toString()).doesNotContain("consentId");

        fetch(Tokens.bearer("alice"), id, body).statusCode(403);
        // another service's token: no consent-reader role, not issued for this audience
        fetch("Bearer " + Tokens.clientCredentials("invoice-service", "invoice-service-secret"), id, body)
                .statusCode(403);
        JsonNode claims = Tokens.claims(serviceToken().substring("Bearer ".length()));
        assertThat(claims.at("/realm_access/roles").toString()).contains("\"consent-reader\"");
        assertThat(claims.get("aud").toString()).contains("\"consent-service\"");
        fetch(
                        serviceToken(),
                        id,
                        Map.of(
                                "tenantId",
                                "globex",
                                "accountId",
                                account,
                                "dateFrom",
                                TestClock.today().toString()))
                .statusCode(404);
        fetch(
                        serviceToken(),
                        id,
                        Map.of(
                                "tenantId",
                                "acme",
                                "accountId",
                                "not-linked",
                                "dateFrom",
                                TestClock.today().toString()))
                .statusCode(404);
    }

    @Test
    void theFifthUnattendedReadIsA429WithItsReset_anExpiredConsentAtTheBankExpiresHere() throws Exception {
        JsonPath consent = connect("SANDBOX", TestClock.today().plusDays(60));
        String id = consent.getString("id");
        String account = consent.getString("accounts.find { it.iban == 'NL91ABNA0417164300' }.accountId");
        Map<String, Object> unattended = Map.of(
                "tenantId",
                "acme",
                "accountId",
                account,
                "dateFrom",
                TestClock.today().minusDays(3).toString());
        for (int i = 0; i < 4; i++) {
            fetch(serviceToken(), id, unattended).statusCode(200);
        }
        fetch(serviceToken(), id, unattended).statusCode(429).body("errors[0].field", equalTo("resetAt"));

        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.CONSENTS)) {
            String ref = providerRefViaAudit(id);
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(sandbox() + "/admin/consents/" + ref + "/expire"))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            fetch(
                            serviceToken(),
                            id,
                            Map.of(
                                    "tenantId",
                                    "acme",
                                    "accountId",
                                    account,
                                    "dateFrom",
                                    TestClock.today().toString(),
                                    "psuIpAddress",
                                    "203.0.113.7"))
                    .statusCode(409)
                    .body("detail", containsString("CONSENT_EXPIRED"));
            probe.await(
                    r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                            && EventType.CONSENT_EXPIRED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE)),
                    Duration.ofSeconds(20));
            given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/consents/" + id)
                    .then()
                    .body("status", equalTo("EXPIRED"));
        }
    }

    @Inject
    SecretBox box;

    @Inject
    Pool pool;

    private String providerRefViaAudit(String id) {
        var row = pool.preparedQuery("SELECT provider_ref_enc FROM consent WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(id)))
                .await()
                .indefinitely()
                .iterator()
                .next();
        return box.open(row.getString(0), id);
    }
}
