package app.lettrage.consent;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import app.lettrage.consent.provider.SecretBox;
import app.lettrage.consent.service.ConsentsExpiringGauge;
import app.lettrage.consent.service.ExpiryJob;
import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.ConsentExpired;
import app.lettrage.events.ConsentExpiring;
import app.lettrage.events.ConsentGranted;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.Topics;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The redirect flow against the real sandbox bank: consent, SCA page, callback, renewal, expiry, revoke. */
@QuarkusTest
class ConsentFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    SecretBox box;

    @Inject
    Pool pool;

    @Inject
    ExpiryJob expiry;

    @Inject
    ConsentsExpiringGauge expiringGauge;

    @Inject
    MeterRegistry meters;

    static String sandbox() {
        return "http://127.0.0.1:" + SandboxBankResource.port;
    }

    static JsonPath start(String user, String provider, LocalDate validUntil) {
        return given().header("Authorization", Tokens.bearer(user))
                .contentType(ContentType.JSON)
                .body("""
                        {"institutionId": "SANDBOX_BANK_SNDBBEBB", "provider": "%s", "validUntil": "%s"}""".formatted(provider, validUntil))
                .post("/api/consents/authorisations")
                .then()
                .statusCode(201)
                .body("consent.status", equalTo("AWAITING_AUTHORISATION"))
                .body("authorisationUrl", startsWith(sandbox() + "/sca/"))
                .extract()
                .jsonPath();
    }

    /** Clicks approve (or reject) on the sandbox's SCA page; returns the state the bank sent the user back with. */
    static String sca(String authorisationUrl, String button) throws Exception {
        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(URI.create(authorisationUrl)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("id=\"" + button + "\"");
        HttpResponse<String> back = HTTP.send(
                HttpRequest.newBuilder(URI.create(authorisationUrl + "/" + button))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).isEqualTo(303);
        String location = back.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://app.test/consent-callback?state=");
        String query = URI.create(location).getRawQuery();
        for (String p : query.split("&")) {
            if (p.startsWith("state=")) {
                return URLDecoder.decode(p.substring(6), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no state in " + location);
    }

    static ValidatableResponse callback(String user, String state) {
        return given().header("Authorization", Tokens.bearer(user))
                .contentType(ContentType.JSON)
                .body(Map.of("state", state))
                .post("/api/consents/callback")
                .then();
    }

    /** Connects the sandbox bank for alice; returns the consent's JSON after the callback. */
    static JsonPath connect(String provider, LocalDate validUntil) throws Exception {
        JsonPath started = start("alice", provider, validUntil);
        String state = sca(started.getString("authorisationUrl"), "approve");
        return callback("alice", state)
                .statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .extract()
                .jsonPath();
    }

    private static Predicate<ConsumerRecord<String, String>> event(String id, EventType type) {
        return r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                && type.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE));
    }

    private String providerRef(String consentId) {
        Row row = pool.preparedQuery("SELECT provider_ref_enc FROM consent WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(consentId)))
                .await()
                .indefinitely()
                .iterator()
                .next();
        return box.open(row.getString(0), consentId);
    }

    @Test
    void institutionsWithTheirCapabilities_aBadCountryIsA400NamingIt() {
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/institutions?country=be")
                .then()
                .statusCode(200)
                .body("find { it.provider == 'SANDBOX' }.id", equalTo("SANDBOX_BANK_SNDBBEBB"))
                .body("find { it.provider == 'SANDBOX' }.historyDays", equalTo(90))
                .body("find { it.provider == 'SANDBOX' }.maxConsentDays", equalTo(180))
                .body("provider", hasItem("GOCARDLESS"));
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/institutions?country=BEL")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("country"));
    }

    @Test
    void connectingTheSandboxBank_scaApproved_accountsLinked_grantedPublishedWithoutTheProviderReference()
            throws Exception {
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.CONSENTS)) {
            LocalDate validUntil = TestClock.today().plusDays(90);
            JsonPath started = start("alice", "SANDBOX", validUntil);
            String id = started.getString("consent.id");
            String state = sca(started.getString("authorisationUrl"), "approve");
            JsonPath active = callback("alice", state)
                    .statusCode(200)
                    .body("status", equalTo("ACTIVE"))
                    .body("validUntil", equalTo(validUntil.toString()))
                    .extract()
                    .jsonPath();
            assertThat(active.getList("accounts.iban", String.class))
                    .containsExactlyInAnyOrder("BE68539007547034", "NL91ABNA0417164300");

            ConsumerRecord<String, String> record = probe.await(event(id, EventType.CONSENT_GRANTED), WAIT);
            EventSchemas.assertValid(EventType.CONSENT_GRANTED, record.value());
            ConsentGranted granted = EventJson.read(record.value(), ConsentGranted.class);
            assertThat(granted.provider()).isEqualTo("SANDBOX");
            assertThat(granted.accounts()).hasSize(2);

            // the provider's consent id is stored encrypted, bound to this consent, and in no event
            String ref = providerRef(id);
            assertThat(ref).isNotBlank();
            Row raw = pool.preparedQuery("SELECT provider_ref_enc, state_hash FROM consent WHERE id = $1")
                    .execute(Tuple.of(UUID.fromString(id)))
                    .await()
                    .indefinitely()
                    .iterator()
                    .next();
            assertThat(raw.getString(0)).startsWith("v1:").doesNotContain(ref);
            assertThat(raw.getString(1)).as("state consumed").isNull();
            assertThat(record.value()).doesNotContain(ref);

            callback("alice", state).statusCode(400).body("detail", containsString("state"));
            given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/consents/" + id + "/audit")
                    .then()
                    .statusCode(200)
                    .body("action", contains("AUTHORISATION_STARTED", "AUTHORISED"));
        }
    }

    @Test
    void aStateIsBoundToItsTenant_anotherTenantsAttemptChangesNothing_aRejectionIsRecorded() throws Exception {
        JsonPath started = start("alice", "SANDBOX", TestClock.today().plusDays(30));
        String state = sca(started.getString("authorisationUrl"), "approve");
        callback("bruno", state).statusCode(400);
        callback("arthur", state).statusCode(403); // an accountant may not complete it
        callback("alice", state).statusCode(200).body("status", equalTo("ACTIVE"));
        callback("alice", "made-up-state").statusCode(400);

        JsonPath refused = start("alice", "SANDBOX", TestClock.today().plusDays(30));
        String refusedState = sca(refused.getString("authorisationUrl"), "reject");
        callback("alice", refusedState)
                .statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("accounts", empty());
    }

    @Test
    void goCardless_requisitionLinkedTheSameWay() throws Exception {
        JsonPath active = connect("GOCARDLESS", TestClock.today().plusDays(60));
        assertThat(active.getList("accounts.iban", String.class))
                .containsExactlyInAnyOrder("BE68539007547034", "NL91ABNA0417164300");
        assertThat(active.getString("provider")).isEqualTo("GOCARDLESS");
    }

    @Test
    void renewalKeepsTheSameAccounts_relinkedByIban() throws Exception {
        JsonPath first = connect("SANDBOX", TestClock.today().plusDays(20));
        String id = first.getString("id");
        List<String> linkedIds = first.getList("accounts.id", String.class);
        List<String> providerIds = first.getList("accounts.accountId", String.class);
        String oldRef = providerRef(id);

        LocalDate longer = TestClock.today().plusDays(170);
        JsonPath renewing = given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(Map.of("validUntil", longer.toString()))
                .post("/api/consents/" + id + "/reauthorise")
                .then()
                .statusCode(200)
                .body("consent.status", equalTo("ACTIVE"))
                .extract()
                .jsonPath();
        String state = sca(renewing.getString("authorisationUrl"), "approve");
        JsonPath renewed = callback("alice", state)
                .statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("ACTIVE"))
                .body("validUntil", equalTo(longer.toString()))
                .extract()
                .jsonPath();
        assertThat(renewed.getList("accounts")).hasSize(2);
        assertThat(renewed.getList("accounts.id", String.class)).containsExactlyInAnyOrderElementsOf(linkedIds);
        assertThat(renewed.getList("accounts.accountId", String.class)).doesNotContainAnyElementsOf(providerIds);
        assertThat(providerRef(id)).isNotEqualTo(oldRef);
    }

    @Test
    void validityIsCheckedAgainstTheBanksMaximum() {
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("""
                        {"institutionId": "SANDBOX_BANK_SNDBBEBB", "provider": "SANDBOX", "validUntil": "%s"}""".formatted(TestClock.today().plusDays(181)))
                .post("/api/consents/authorisations")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("validUntil"));
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("""
                        {"institutionId": "NO_SUCH_BANK", "provider": "SANDBOX", "validUntil": "%s"}""".formatted(TestClock.today().plusDays(10)))
                .post("/api/consents/authorisations")
                .then()
                .statusCode(400)
                .body("detail", containsString("institutionId"));
    }

    @Test
    void expiryNoticesFourteenAndSevenDaysAhead_eachOnce_thenExpired() throws Exception {
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.CONSENTS)) {
            LocalDate today = TestClock.today();
            LocalDate validUntil = today.plusDays(16);
            String id = connect("SANDBOX", validUntil).getString("id");

            expiry.runOnce(today.plusDays(2)); // 14 days left
            ConsentExpiring first = EventJson.read(
                    probe.await(event(id, EventType.CONSENT_EXPIRING), WAIT).value(), ConsentExpiring.class);
            assertThat(first.daysLeft()).isEqualTo(14);
            given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/consents/" + id)
                    .then()
                    .body("status", equalTo("EXPIRING"));
            expiry.runOnce(today.plusDays(3)); // 13 left: the 14-day notice is not repeated
            expiry.runOnce(today.plusDays(9)); // 7 left
            expiry.runOnce(today.plusDays(17)); // past its end
            ConsumerRecord<String, String> expired = probe.await(event(id, EventType.CONSENT_EXPIRED), WAIT);
            EventSchemas.assertValid(EventType.CONSENT_EXPIRED, expired.value());
            assertThat(EventJson.read(expired.value(), ConsentExpired.class).consentId())
                    .isEqualTo(id);
            List<Integer> notices = probe.during(Duration.ofSeconds(1), event(id, EventType.CONSENT_EXPIRING)).stream()
                    .map(r -> EventJson.read(r.value(), ConsentExpiring.class).daysLeft())
                    .toList();
            assertThat(notices).containsExactly(14, 7);
            given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/consents/" + id)
                    .then()
                    .body("status", equalTo("EXPIRED"));
            expiry.runOnce(today.plusDays(18));
            assertThat(probe.during(Duration.ofSeconds(1), event(id, EventType.CONSENT_EXPIRED)))
                    .hasSize(1);
        }
    }

    @Test
    void theExpiringGaugeCountsConsentsInForceEndingWithinFourteenDays_aRenewalOrARevokeTakesThemOut()
            throws Throwable {
        double before = expiringMeasured();
        String soon = connect("SANDBOX", TestClock.today().plusDays(14)).getString("id");
        connect("SANDBOX", TestClock.today().plusDays(15));
        assertThat(expiringMeasured()).isEqualTo(before + 1);

        given().header("Authorization", Tokens.bearer("alice"))
                .post("/api/consents/" + soon + "/revoke")
                .then()
                .statusCode(200);
        assertThat(expiringMeasured()).isEqualTo(before);
    }

    private double expiringMeasured() throws Throwable {
        VertxContextSupport.subscribeAndAwait(expiringGauge::measure);
        return meters.get("lettrage.consents.expiring").gauge().value();
    }

    @Test
    void revokingEndsTheConsentAtTheBankToo() throws Exception {
        String id = connect("SANDBOX", TestClock.today().plusDays(30)).getString("id");
        String ref = providerRef(id);
        given().header("Authorization", Tokens.bearer("alice"))
                .post("/api/consents/" + id + "/revoke")
                .then()
                .statusCode(200)
                .body("status", equalTo("REVOKED"));
        HttpResponse<String> atBank = HTTP.send(
                HttpRequest.newBuilder(URI.create(sandbox() + "/psd2/v1/consents/" + ref))
                        .header("X-Request-ID", UUID.randomUUID().toString())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(atBank.body()).contains("\"consentStatus\":\"terminatedByTpp\"");
    }
}
