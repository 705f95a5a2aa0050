package app.lettrage.systemtests;

import static app.lettrage.systemtests.EndToEndIT.as;
import static app.lettrage.systemtests.EndToEndIT.awaitInvoice;
import static app.lettrage.systemtests.EndToEndIT.issueInvoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.identifiers.BelgianStructuredCommunication;
import app.lettrage.identifiers.Iban;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reconciliation workflow through REST on the real stack: invoices created and issued in invoice-service,
 * transactions imported in bank-sync-service, decided by reconciliation-service with the matching engine; then an
 * auto-match, a confirmed suggestion, a manual partial match and an undo, with invoice-service's status and amount
 * due checked after every step. Names, IBANs and amounts are fresh, so nothing meets EndToEndIT's data.
 */
class ReconciliationWorkflowIT {

    static String accountId;
    static final String TAG = UUID.randomUUID().toString().substring(0, 6).toUpperCase();

    @BeforeAll
    static void startStack() {
        Stack.ensureUp();
        accountId = as("alice", Stack.BANK_SYNC)
                .contentType(ContentType.JSON)
                .body("{\"iban\": \"%s\", \"currency\": \"EUR\", \"name\": \"Workflow %s\"}"
                        .formatted(belgianIban(), TAG))
                .post("/api/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void autoMatchConfirmedSuggestionManualPartialMatchAndUndo() {
        // 1. an auto-match: the invoice's number in the text, the exact amount
        String autoAmount = amount();
        JsonPath auto = issueInvoice("alice", "Auto Client " + TAG, autoAmount);
        awaitInvoice("alice", auto.getString("id"), "ISSUED", autoAmount);
        String autoTx = importOne(
                "Reglement facture " + auto.getString("number") + " merci",
                autoAmount,
                "AUTO CLIENT " + TAG,
                belgianIban());
        awaitTransaction(autoTx, "MATCHED");
        awaitInvoice("alice", auto.getString("id"), "PAID", "0.00");
        String autoMatch = as("vera", Stack.RECONCILIATION)
                .get("/api/transactions/" + autoTx)
                .then()
                .statusCode(200)
                .extract()
                .path("matchId");
        as("vera", Stack.RECONCILIATION)
                .get("/api/matches/" + autoMatch)
                .then()
                .statusCode(200)
                .body("decidedBy", equalTo("AUTO"))
                .body("allocations[0].invoiceId", equalTo(auto.getString("id")));

        // 2. a suggestion confirmed: an unknown payer, no reference, only the amount fits
        String suggestedAmount = amount();
        JsonPath suggested = issueInvoice("alice", "Suggest Client " + TAG, suggestedAmount);
        awaitInvoice("alice", suggested.getString("id"), "ISSUED", suggestedAmount);
        String suggestedTx = importOne("virement " + TAG, suggestedAmount, "ZZ HOLDING " + TAG, belgianIban());
        awaitTransaction(suggestedTx, "SUGGESTED");
        as("alice", Stack.RECONCILIATION)
                .get("/api/transactions/" + suggestedTx + "/candidates")
                .then()
                .statusCode(200)
                .body("[0].allocations[0].invoiceId", equalTo(suggested.getString("id")))
                .body("[0].allocations[0].amount", equalTo(suggestedAmount));
        awaitInvoice(
                "alice", suggested.getString("id"), "ISSUED", suggestedAmount); // nothing paid before a person says so
        as("bruno", Stack.RECONCILIATION)
                .post("/api/transactions/" + suggestedTx + "/confirm")
                .then()
                .statusCode(404);
        as("arthur", Stack.RECONCILIATION)
                .post("/api/transactions/" + suggestedTx + "/confirm")
                .then()
                .statusCode(200)
                .body("decidedBy", equalTo("CONFIRMED"));
        awaitTransaction(suggestedTx, "MATCHED");
        awaitInvoice("alice", suggested.getString("id"), "PAID", "0.00");

        // 3. a manual partial match: 40% of an invoice, chosen by hand
        BigDecimal total = new BigDecimal(amount());
        BigDecimal part = total.multiply(new BigDecimal("0.4")).setScale(2, java.math.RoundingMode.HALF_EVEN);
        JsonPath partial = issueInvoice("alice", "Partial Client " + TAG, total.toPlainString());
        awaitInvoice("alice", partial.getString("id"), "ISSUED", total.toPlainString());
        String partialTx = importOne("acompte " + TAG, part.toPlainString(), "QQ TRADING " + TAG, belgianIban());
        awaitDecided(partialTx);
        assertThat(state(partialTx)).isIn("UNMATCHED", "SUGGESTED");
        // invoice-service says ISSUED as soon as it committed; reconciliation-service learns of the invoice over Kafka,
        // and until then refuses the allocation (422, nothing written): retried until the invoice is known there
        String body = "{\"allocations\": [{\"invoiceId\": \"%s\", \"amount\": \"%s\"}]}"
                .formatted(partial.getString("id"), part.toPlainString());
        String manualMatch = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> {
                            var response = as("arthur", Stack.RECONCILIATION)
                                    .contentType(ContentType.JSON)
                                    .body(body)
                                    .post("/api/transactions/" + partialTx + "/match")
                                    .then()
                                    .extract();
                            if (response.statusCode() == 422) {
                                assertThat(response.jsonPath().getString("errors[0].field"))
                                        .isEqualTo("allocations[0].invoiceId");
                                return null;
                            }
                            assertThat(response.statusCode()).isEqualTo(200);
                            assertThat(response.jsonPath().getString("decidedBy"))
                                    .isEqualTo("MANUAL");
                            return response.jsonPath().getString("matchId");
                        },
                        java.util.Objects::nonNull);
        awaitInvoice(
                "alice",
                partial.getString("id"),
                "PARTIALLY_PAID",
                total.subtract(part).toPlainString());

        // 4. undo: the amount due comes back in invoice-service
        as("arthur", Stack.RECONCILIATION)
                .queryParam("reason", "wrong invoice")
                .post("/api/matches/" + manualMatch + "/undo")
                .then()
                .statusCode(200)
                .body("undoneBy", equalTo("arthur"));
        awaitTransaction(partialTx, "UNMATCHED");
        awaitInvoice("alice", partial.getString("id"), "ISSUED", total.toPlainString());
        // the other steps' invoices are untouched by it
        awaitInvoice("alice", auto.getString("id"), "PAID", "0.00");
        awaitInvoice("alice", suggested.getString("id"), "PAID", "0.00");
    }

    private static String importOne(String remittance, String amount, String payer, String payerIban) {
        String batch = """
                {"transactions": [{"bankReference": "WF-%s", "amount": "%s", "currency": "EUR", "bookingDate": "%s",
                  "counterpartyName": "%s", "counterpartyIban": "%s", "remittanceInformation": "%s"}]}""".formatted(UUID.randomUUID(), amount, LocalDate.now(), payer, payerIban, remittance);
        JsonPath summary = as("alice", Stack.BANK_SYNC)
                .contentType(ContentType.JSON)
                .body(batch)
                .post("/api/accounts/" + accountId + "/transactions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(summary.getInt("imported")).isEqualTo(1);
        return summary.getString("transactionIds[0]");
    }

    private static String state(String transactionId) {
        return as("alice", Stack.RECONCILIATION)
                .get("/api/transactions/" + transactionId)
                .then()
                .statusCode(200)
                .extract()
                .path("state");
    }

    private static void awaitDecided(String transactionId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> as("alice", Stack.RECONCILIATION)
                        .get("/api/transactions/" + transactionId)
                        .then()
                        .statusCode(200));
    }

    private static void awaitTransaction(String transactionId, String expected) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(as("alice", Stack.RECONCILIATION)
                                .get("/api/transactions/" + transactionId)
                                .then()
                                .extract()
                                .<String>path("state"))
                        .isEqualTo(expected));
    }

    /** A fresh amount between 5000 and 9000 with random cents: never one of EndToEndIT's. */
    private static String amount() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return r.nextInt(5000, 9000) + "." + String.format("%02d", r.nextInt(1, 100));
    }

    /** A random valid Belgian IBAN (national check: first ten digits mod 97; IBAN check digits mod 97). */
    static String belgianIban() {
        long first = ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
        return Iban.of("BE", "%010d%02d".formatted(first, BelgianStructuredCommunication.checkOf(first)));
    }
}
