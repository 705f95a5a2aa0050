package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.nextNumber;
import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.amount;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.awaitState;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.awaitStateIn;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.issue;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.transaction;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.events.Allocation;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * reconciliation-service's half of ADR 0006: an invoice cancelled by its credit note while the payment matched to it
 * is on its way to invoice-service (which refuses that payment) has that match undone here, once, with
 * PaymentUnmatched; the transaction is decided again without the invoice, so it waits or is matched elsewhere.
 */
@QuarkusTest
class InvoiceCancelledInFlightTest {

    @Test
    void anAutoMatchOfAnInvoiceCancelledInFlightIsUndoneOnceAndTheTransactionWaitsAgain() {
        String client = client();
        String number = nextNumber();
        String amount = amount();
        String invoice = issue("acme", InvoiceDirection.SALES, number, client, amount);
        TransactionImported tx = transaction("acme", amount, "Facture " + number, client.toUpperCase(), null);
        publish(UUID.randomUUID().toString(), tx);
        awaitState("alice", tx.transactionId(), "MATCHED");
        String matchId = transactionView(tx).getString("matchId");

        String creditNote = "AV-" + number;
        publish(UUID.randomUUID().toString(), cancelled(invoice, number, creditNote));
        // waits again: UNMATCHED, or SUGGESTED when another test's open invoice in the shared tenant fits by amount;
        // what must hold is that the cancelled invoice is offered to nobody
        awaitStateIn("alice", tx.transactionId(), "UNMATCHED", "SUGGESTED");
        List<List<String>> offered = given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/transactions/" + tx.transactionId() + "/candidates")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("allocations.invoiceId");
        assertThat(offered).noneMatch(invoices -> invoices.contains(invoice));

        assertThat(OpenItemProbe.status(invoice)).isEqualTo("CANCELLED");
        assertThat(EventRows.events("acme", tx.transactionId(), EventType.PAYMENT_MATCHED))
                .isEqualTo(1);
        List<String> unmatched = EventRows.payloads("acme", tx.transactionId(), EventType.PAYMENT_UNMATCHED);
        assertThat(unmatched).singleElement().satisfies(payload -> {
            PaymentUnmatched e = EventJson.read(payload, PaymentUnmatched.class);
            assertThat(e.matchId()).isEqualTo(matchId);
            assertThat(e.allocations()).extracting(Allocation::invoiceId).containsExactly(invoice);
            assertThat(e.reason()).contains(number).contains(creditNote);
        });
        given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/matches/" + matchId)
                .then()
                .statusCode(200)
                .body("undoneBy", equalTo("invoice-service"));
        assertThat(transactionView(tx).getString("matchId")).isNull();
        assertThat(transactionView(tx).getList("reasons", String.class))
                .first()
                .asString()
                .contains("match " + matchId + " undone")
                .contains(creditNote);

        // the cancellation again (a redelivery under a new event id, or the InvoiceChanged that follows it): nothing
        String again = UUID.randomUUID().toString();
        publish(again, cancelled(invoice, number, creditNote));
        awaitConsumed(again);
        assertThat(EventRows.events("acme", tx.transactionId(), EventType.PAYMENT_UNMATCHED))
                .isEqualTo(1);
        assertThat(transactionView(tx).getString("state")).isIn("UNMATCHED", "SUGGESTED");
        assertThat(transactionView(tx).getString("matchId")).isNull();
    }

    @Test
    void aCreditNoteRacingAnAutoMatchSendsThePaymentToTheInvoiceThatReplacesIt() {
        // billed twice: the customer pays the first invoice, the accountant credits that one and keeps the second
        String client = client();
        String amount = amount();
        String first = nextNumber();
        String firstInvoice = issue("acme", InvoiceDirection.SALES, first, client, amount);
        String kept = issue("acme", InvoiceDirection.SALES, nextNumber(), client, amount);
        TransactionImported tx = transaction("acme", amount, "Facture " + first, client.toUpperCase(), null);
        publish(UUID.randomUUID().toString(), tx);
        awaitState("alice", tx.transactionId(), "MATCHED");
        String matchId = transactionView(tx).getString("matchId");

        publish(UUID.randomUUID().toString(), cancelled(firstInvoice, first, "AV-" + first));

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> EventRows.events("acme", tx.transactionId(), EventType.PAYMENT_UNMATCHED) == 1);
        JsonPath view = transactionView(tx);
        // decided again without the cancelled invoice: amount and payer now point at the one that replaces it alone
        assertThat(view.getString("state")).isEqualTo("MATCHED");
        assertThat(view.getString("matchId")).isNotNull().isNotEqualTo(matchId);
        // on the transaction's key, in this order: invoice-service applies them so
        assertThat(EventRows.types("acme", tx.transactionId()))
                .containsExactly(
                        EventType.PAYMENT_MATCHED.ceType(),
                        EventType.PAYMENT_UNMATCHED.ceType(),
                        EventType.PAYMENT_MATCHED.ceType());
        PaymentMatched elsewhere = EventJson.read(
                EventRows.payloads("acme", tx.transactionId(), EventType.PAYMENT_MATCHED)
                        .get(1),
                PaymentMatched.class);
        assertThat(elsewhere.matchId()).isEqualTo(view.getString("matchId"));
        assertThat(elsewhere.allocations()).extracting(Allocation::invoiceId).containsExactly(kept);
        assertThat(OpenItemProbe.status(firstInvoice)).isEqualTo("CANCELLED");
    }

    @Test
    void aMatchOfSeveralInvoicesIsUndoneWholeWhenOneOfThemIsCancelled() {
        String client = client();
        String cancelledNumber = nextNumber();
        String cancelledAmount = amount();
        String otherAmount = amount();
        String total =
                new BigDecimal(cancelledAmount).add(new BigDecimal(otherAmount)).toPlainString();
        String cancelled = issue("acme", InvoiceDirection.SALES, cancelledNumber, client, cancelledAmount);
        String other = issue("acme", InvoiceDirection.SALES, nextNumber(), client, otherAmount);
        TransactionImported tx = transaction("acme", total, "two invoices", payer(), null);
        publish(UUID.randomUUID().toString(), tx);
        ReconciliationWorkflowTest.awaitDecided(tx.transactionId());
        given().header("Authorization", Tokens.bearer("arthur"))
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "allocations",
                        List.of(
                                Map.of("invoiceId", cancelled, "amount", cancelledAmount),
                                Map.of("invoiceId", other, "amount", otherAmount))))
                .post("/api/transactions/" + tx.transactionId() + "/match")
                .then()
                .statusCode(200);
        assertThat(OpenItemProbe.amountDue(other)).isEqualByComparingTo("0");

        publish(UUID.randomUUID().toString(), cancelled(cancelled, cancelledNumber, "AV-" + cancelledNumber));

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> EventRows.events("acme", tx.transactionId(), EventType.PAYMENT_UNMATCHED) == 1);
        PaymentUnmatched undone = EventJson.read(
                EventRows.payloads("acme", tx.transactionId(), EventType.PAYMENT_UNMATCHED)
                        .get(0),
                PaymentUnmatched.class);
        assertThat(undone.allocations()).extracting(Allocation::invoiceId).containsExactlyInAnyOrder(cancelled, other);
        // the other invoice is due again here, as invoice-service never paid it (it refused the match whole)
        assertThat(OpenItemProbe.amountDue(other)).isEqualByComparingTo(new BigDecimal(otherAmount));
        assertThat(OpenItemProbe.status(other)).isEqualTo("OPEN");
        assertThat(transactionView(tx).getString("state")).isNotEqualTo("MATCHED");
    }

    private static InvoiceCancelled cancelled(String invoiceId, String number, String creditNote) {
        return new InvoiceCancelled(
                invoiceId, "acme", number, UUID.randomUUID().toString(), creditNote, "billed twice", Instant.now());
    }

    private static JsonPath transactionView(TransactionImported tx) {
        return given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/transactions/" + tx.transactionId())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void awaitConsumed(String eventId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> EventRows.consumed(eventId));
    }

    private static String payer() {
        return "UNRELATED PAYER " + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** A client of its own, so that no payer learned in another test changes the engine's decisions here. */
    private static String client() {
        return "Credit Race " + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }
}
