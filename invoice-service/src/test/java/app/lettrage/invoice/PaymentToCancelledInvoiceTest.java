package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.Allocation;
import app.lettrage.events.EventType;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * invoice-service's half of ADR 0006: a payment that was on its way to an invoice when its credit note cancelled it is
 * never applied, not even in part, and reconciliation's PaymentUnmatched for it changes nothing.
 */
@QuarkusTest
class PaymentToCancelledInvoiceTest {

    @Test
    void aMatchNamingACancelledInvoiceIsRefusedWholeAndItsUndoChangesNothing() {
        String cancelled = InvoiceResourceTest.createAndIssue("alice", "Credited SARL", "100.00");
        String open = InvoiceResourceTest.createAndIssue("alice", "Credited SARL", "50.00");
        // the credit note is issued while reconciliation's match of a 150.00 transfer to both is in flight
        assertThat(InvoiceLifecycleTest.post(
                                "alice",
                                "/api/invoices/" + cancelled + "/cancel",
                                "{\"reason\": \"billed twice\"}",
                                null)
                        .statusCode())
                .isEqualTo(201);
        String matchId = UUID.randomUUID().toString();
        PaymentMatched match = new PaymentMatched(
                matchId,
                "acme",
                "tx-" + matchId,
                List.of(
                        new Allocation(cancelled, "n1", new BigDecimal("100.00"), "EUR"),
                        new Allocation(open, "n2", new BigDecimal("50.00"), "EUR")),
                MatchDecision.AUTO,
                0.99,
                List.of("reference"),
                LocalDate.now(),
                Instant.now());

        String matchedEvent = UUID.randomUUID().toString();
        InvoiceEventsTest.publish(matchedEvent, match);
        awaitConsumed(matchedEvent);
        assertUntouched(open, "50.00");
        assertThat(InvoiceLifecycleTest.get("alice", cancelled).getString("status"))
                .isEqualTo("CANCELLED");
        assertThat(payments(cancelled)).isEmpty();

        // reconciliation undoes the match when it learns of the cancellation: nothing to give back
        String unmatchedEvent = UUID.randomUUID().toString();
        InvoiceEventsTest.publish(
                unmatchedEvent,
                new PaymentUnmatched(
                        matchId,
                        "acme",
                        match.transactionId(),
                        match.allocations(),
                        "invoice cancelled while this payment was on its way to it",
                        Instant.now()));
        awaitConsumed(unmatchedEvent);
        assertUntouched(open, "50.00");
        assertThat(payments(cancelled)).isEmpty();
        assertThat(DatabaseProbe.outboxEvents(cancelled, EventType.INVOICE_CHANGED.ceType()))
                .isZero();
    }

    /** Still ISSUED with all of it due, no payment recorded, and no InvoiceChanged published about a payment. */
    private static void assertUntouched(String id, String total) {
        var inv = InvoiceLifecycleTest.get("alice", id);
        assertThat(inv.getString("status")).isEqualTo("ISSUED");
        assertThat(inv.getString("amountDue")).isEqualTo(total);
        assertThat(payments(id)).isEmpty();
        assertThat(DatabaseProbe.outboxEvents(id, EventType.INVOICE_CHANGED.ceType()))
                .isZero();
    }

    private static List<Object> payments(String id) {
        return given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/invoices/" + id + "/payments")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    private static void awaitConsumed(String eventId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> DatabaseProbe.consumed(eventId));
    }
}
