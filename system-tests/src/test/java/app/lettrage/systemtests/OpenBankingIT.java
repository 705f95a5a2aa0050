package app.lettrage.systemtests;

import static app.lettrage.systemtests.EndToEndIT.as;
import static app.lettrage.systemtests.EndToEndIT.awaitInvoice;
import static app.lettrage.systemtests.EndToEndIT.issueInvoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.TopicProbe;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Open banking on the real stack, over HTTP against sandbox-bank: connect the bank (consent, the bank's SCA page,
 * callback), sync, transactions imported, an invoice paid; pending then booked pays once; renewal keeps the accounts;
 * a consent the bank ends stops the sync and is published as expired.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenBankingIT {

    static final String IBAN = "BE68539007547034";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String consentId;
    static String providerConsentId;
    static String syncAccountId;
    static List<String> linkedIds;

    @BeforeAll
    static void startStack() {
        Stack.ensureUp();
    }

    static String sandbox(String path) {
        return Stack.url(Stack.SANDBOX_BANK) + path;
    }

    static HttpResponse<String> post(String url, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Content-Type", "application/json")
                        .POST(
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The user approves on the bank's SCA page; the bank sends them back with the state; the app completes it. */
    static JsonPath approveAndComeBack(String authorisationUrl) throws Exception {
        return approveAndComeBack(authorisationUrl, "alice");
    }

    /** The same, for {@code user}, whose tenant started the authorisation. */
    static JsonPath approveAndComeBack(String authorisationUrl, String user) throws Exception {
        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(URI.create(authorisationUrl)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("Approve");
        HttpResponse<String> back = post(authorisationUrl + "/approve", null);
        assertThat(back.statusCode()).isEqualTo(303);
        String query =
                URI.create(back.headers().firstValue("Location").orElseThrow()).getRawQuery();
        String state = null;
        for (String p : query.split("&")) {
            if (p.startsWith("state=")) {
                state = URLDecoder.decode(p.substring(6), StandardCharsets.UTF_8);
            }
        }
        assertThat(state).isNotNull();
        return as(user, Stack.CONSENT)
                .contentType(ContentType.JSON)
                .body(Map.of("state", state))
                .post("/api/consents/callback")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .extract()
                .jsonPath();
    }

    static JsonPath syncNow() {
        return as("alice", Stack.BANK_SYNC)
                .post("/api/sync/accounts/" + syncAccountId + "/sync")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    @Order(1)
    void connectTheSandboxBank_syncIt_andSeeAnInvoicePaid() throws Exception {
        JsonPath started = as("alice", Stack.CONSENT)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "institutionId",
                        "SANDBOX_BANK_SNDBBEBB",
                        "provider",
                        "SANDBOX",
                        "validUntil",
                        LocalDate.now().plusDays(90).toString()))
                .post("/api/consents/authorisations")
                .then()
                .statusCode(201)
                .body("consent.status", equalTo("AWAITING_AUTHORISATION"))
                .extract()
                .jsonPath();
        consentId = started.getString("consent.id");
        String url = started.getString("authorisationUrl");
        providerConsentId = url.substring(url.lastIndexOf('/') + 1);
        JsonPath active = approveAndComeBack(url);
        assertThat(active.getList("accounts.iban", String.class)).contains(IBAN);
        linkedIds = active.getList("accounts.id", String.class);

        // bank-sync learns the accounts from ConsentGranted
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    List<Map<String, Object>> list = as("alice", Stack.BANK_SYNC)
                            .get("/api/sync/accounts")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("findAll { it.iban == '" + IBAN + "' }");
                    if (list.isEmpty()) {
                        return false;
                    }
                    syncAccountId = list.get(0).get("id").toString();
                    return true;
                });

        // a customer pays an invoice of the tenant at the bank
        JsonPath invoice = issueInvoice("alice", "Brasserie Open Banking", "1210.00");
        String number = invoice.getString("number");
        HttpResponse<String> paid = post(sandbox("/admin/payments"), """
                {"accountIban": "%s", "amount": "1210.00", "counterpartyName": "Brasserie Open Banking",
                 "counterpartyIban": "DE89370400440532013000", "remittanceInformation": "Reglement facture %s merci"}""".formatted(IBAN, number.replace("-", " ")));
        assertThat(paid.statusCode()).isEqualTo(201);

        try (TopicProbe imported = new TopicProbe(Stack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            JsonPath run = syncNow();
            assertThat(run.getInt("imported"))
                    .isGreaterThan(1); // the bank's history of the last 90 days, and the payment
            imported.await(
                    r -> EventType.TRANSACTION_IMPORTED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                            && r.value().contains("1210.00")
                            && r.value().contains(IBAN),
                    Duration.ofSeconds(60));
        }
        awaitInvoice("alice", invoice.getString("id"), "PAID", "0.00");
        as("alice", Stack.BANK_SYNC)
                .get("/api/sync/accounts/" + syncAccountId)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("lastError", equalTo(null))
                .body("unattendedCallsToday", equalTo(0)); // the user's own sync is not an unattended call
        as("bruno", Stack.BANK_SYNC)
                .get("/api/sync/accounts/" + syncAccountId)
                .then()
                .statusCode(404);
    }

    @Test
    @Order(2)
    void aPendingPaymentBookedLaterUnderAnotherIdPaysOnce() throws Exception {
        JsonPath invoice = issueInvoice("alice", "Atelier Pending", "480.50");
        String number = invoice.getString("number");
        HttpResponse<String> made = post(sandbox("/admin/payments"), """
                {"accountIban": "%s", "amount": "480.50", "counterpartyName": "Atelier Pending", "pending": true,
                 "remittanceInformation": "Facture %s"}""".formatted(IBAN, number.replace("-", " ")));
        String payment = new JsonPath(made.body()).getString("payment");
        try (TopicProbe imported = new TopicProbe(Stack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            syncNow();
            ConsumerRecord<String, String> pending = imported.await(
                    r -> r.value().contains("480.50") && r.value().contains("\"PENDING\""), Duration.ofSeconds(60));
            String pendingId =
                    EventJson.read(pending.value(), TransactionImported.class).transactionId();
            assertThat(post(sandbox("/admin/payments/" + payment + "/book"), null)
                            .statusCode())
                    .isEqualTo(200);
            JsonPath run = syncNow();
            assertThat(run.getInt("superseded")).isEqualTo(1);
            ConsumerRecord<String, String> booked = imported.await(
                    r -> r.value().contains("480.50") && r.value().contains("\"BOOKED\""), Duration.ofSeconds(60));
            assertThat(EventJson.read(booked.value(), TransactionImported.class).supersedesTransactionId())
                    .isEqualTo(pendingId);
            syncNow();
            assertThat(imported.during(Duration.ofSeconds(2), r -> r.value().contains("480.50")))
                    .hasSize(2);
        }
        awaitInvoice("alice", invoice.getString("id"), "PAID", "0.00");
    }

    @Test
    @Order(3)
    void renewingKeepsTheSameAccounts() throws Exception {
        JsonPath renewing = as("alice", Stack.CONSENT)
                .contentType(ContentType.JSON)
                .body(Map.of("validUntil", LocalDate.now().plusDays(170).toString()))
                .post("/api/consents/" + consentId + "/reauthorise")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String url = renewing.getString("authorisationUrl");
        JsonPath renewed = approveAndComeBack(url);
        assertThat(renewed.getString("id")).isEqualTo(consentId);
        assertThat(renewed.getList("accounts.id", String.class)).containsExactlyInAnyOrderElementsOf(linkedIds);
        providerConsentId = url.substring(url.lastIndexOf('/') + 1);
        // bank-sync relinks the same account (one sync account per IBAN), through the new consent
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> as("alice", Stack.BANK_SYNC)
                        .get("/api/sync/accounts")
                        .then()
                        .body("findAll { it.iban == '" + IBAN + "' }.size()", equalTo(1))
                        .body("find { it.iban == '" + IBAN + "' }.id", equalTo(syncAccountId))
                        .body(
                                "find { it.iban == '" + IBAN + "' }.validUntil",
                                equalTo(LocalDate.now().plusDays(170).toString())));
        assertThat(syncNow().getInt("duplicates")).isGreaterThan(0);
    }

    @Test
    @Order(4)
    void aConsentTheBankEndsStopsTheSyncAndIsPublishedExpired() throws Exception {
        try (TopicProbe consents = new TopicProbe(Stack.bootstrapServers(), Topics.CONSENTS)) {
            assertThat(post(sandbox("/admin/consents/" + providerConsentId + "/expire"), null)
                            .statusCode())
                    .isEqualTo(200);
            as("alice", Stack.BANK_SYNC)
                    .post("/api/sync/accounts/" + syncAccountId + "/sync")
                    .then()
                    .statusCode(409)
                    .body("detail", org.hamcrest.Matchers.containsString("CONSENT_EXPIRED"));
            consents.await(
                    r -> consentId.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                            && EventType.CONSENT_EXPIRED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE)),
                    Duration.ofSeconds(60));
        }
        as("alice", Stack.CONSENT).get("/api/consents/" + consentId).then().body("status", equalTo("EXPIRED"));
        as("alice", Stack.BANK_SYNC)
                .get("/api/sync/accounts/" + syncAccountId)
                .then()
                .body("status", equalTo("EXPIRED"));
        as("alice", Stack.BANK_SYNC)
                .post("/api/sync/accounts/" + syncAccountId + "/sync")
                .then()
                .statusCode(409);
    }
}
