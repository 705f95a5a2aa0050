package app.lettrage.invoice;

import static app.lettrage.invoice.InvoiceEventsTest.awaitInvoice;
import static app.lettrage.invoice.InvoiceEventsTest.invoice;
import static app.lettrage.invoice.InvoiceEventsTest.matched;
import static app.lettrage.invoice.InvoiceEventsTest.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.Allocation;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentReversed;
import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The bank undid a payment: the invoice gets its amount due and its open status back, once, and shows why. */
@QuarkusTest
class PaymentReversedTest {

    private static final Instant AT = Instant.parse("2026-11-27T08:30:00Z");

    private static PaymentReversed reversed(String tenant, PaymentMatched m, String invoiceId, String number) {
        return new PaymentReversed(
                m.matchId(),
                tenant,
                m.transactionId(),
                "ret-" + m.matchId(),
                List.of(new Allocation(invoiceId, number, m.allocations().get(0).amount(), "EUR")),
                "AM04",
                AT);
    }

    /** A later payment of the same bank transaction (same key, so it is applied after what came before it). */
    private static PaymentMatched sentinel(PaymentMatched after, String invoiceId, String number, String amount) {
        return new PaymentMatched(
                UUID.randomUUID().toString(),
                after.tenantId(),
                after.transactionId(),
                List.of(new Allocation(invoiceId, number, new BigDecimal(amount), "EUR")),
                MatchDecision.AUTO,
                0.99,
                List.of("test"),
                LocalDate.of(2026, 11, 28),
                AT);
    }

    @Test
    void aReturnedPaymentReopensThePaidInvoiceOnceAndShowsTheReturnReason() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Returned Debit SARL", "300.00");
        String number = invoice("alice", id).getString("number");
        PaymentMatched first = matched(UUID.randomUUID().toString(), "acme", id, number, "100.00");
        PaymentMatched rest = matched(UUID.randomUUID().toString(), "acme", id, number, "200.00");
        publish(UUID.randomUUID().toString(), first);
        publish(UUID.randomUUID().toString(), rest);
        awaitInvoice(id, "PAID", "0.00");

        // another tenant's reversal of the same match id names acme's invoice: never applied
        publish(UUID.randomUUID().toString(), reversed("globex", rest, id, number));
        String eventId = UUID.randomUUID().toString();
        PaymentReversed returned = reversed("acme", rest, id, number);
        publish(eventId, returned);
        publish(eventId, returned); // a redelivery
        publish(UUID.randomUUID().toString(), returned); // the same reversal under another event id
        // applied after all of the above (same key): had the reversal been applied twice, 350.00 would be due
        publish(UUID.randomUUID().toString(), sentinel(rest, id, number, "50.00"));
        awaitInvoice(id, "PARTIALLY_PAID", "150.00");

        JsonPath payments = given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/invoices/" + id + "/payments")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(payments.getList("matchId")).contains(first.matchId(), rest.matchId());
        int i = payments.getList("matchId").indexOf(rest.matchId());
        assertThat(payments.getString("[" + i + "].reversedAt")).isNotNull();
        assertThat(payments.getString("[" + i + "].reversalTransactionId")).isEqualTo("ret-" + rest.matchId());
        assertThat(payments.getString("[" + i + "].returnReason")).isEqualTo("AM04");
        assertThat(payments.getString("[" + i + "].returnReasonText")).isEqualTo("AM04 (insufficient funds)");
        int j = payments.getList("matchId").indexOf(first.matchId());
        assertThat(payments.getString("[" + j + "].reversedAt")).isNull();
        assertThat(payments.getString("[" + j + "].returnReason")).isNull();
    }

    @Test
    void theWholeAmountReturnedMakesTheInvoiceIssuedAgain() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Chargeback GmbH", "80.00");
        String number = invoice("alice", id).getString("number");
        PaymentMatched paid = matched(UUID.randomUUID().toString(), "acme", id, number, "80.00");
        publish(UUID.randomUUID().toString(), paid);
        awaitInvoice(id, "PAID", "0.00");
        publish(UUID.randomUUID().toString(), reversed("acme", paid, id, number));
        awaitInvoice(id, "ISSUED", "80.00");
    }
}
