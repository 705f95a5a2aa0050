package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.isMatchOf;
import static app.lettrage.reconciliation.ReconciliationFlowTest.nextNumber;
import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentReversed;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A return or reversal is linked to the payment it undoes, and a matched payment's invoices get their amount due back. */
@QuarkusTest
class ReversalFlowTest {

    private static final String PAYER_IBAN = "DE89370400440532013000";
    private static final LocalDate PAID = LocalDate.of(2026, 11, 20);
    private static final LocalDate RETURNED = LocalDate.of(2026, 11, 26);

    /** An invoice issued before the payments of these tests (the engine takes no payment dated before its invoice). */
    private static String issue(String number, String amount) {
        String id = UUID.randomUUID().toString();
        publish(
                UUID.randomUUID().toString(),
                new InvoiceIssued(
                        id,
                        "acme",
                        InvoiceDirection.SALES,
                        number,
                        null,
                        (ReferenceType) null,
                        "Client SA",
                        null,
                        null,
                        "EUR",
                        new BigDecimal(amount),
                        new BigDecimal(amount),
                        PAID.minusDays(20),
                        PAID.plusDays(10),
                        Instant.parse("2026-10-31T09:00:00Z")));
        return id;
    }

    private static TransactionImported line(
            String account, String amount, LocalDate booked, String remittance, String endToEnd, boolean reversal) {
        return new TransactionImported(
                UUID.randomUUID().toString(),
                "acme",
                account,
                "FR7630006000011234567890189",
                TransactionImported.Source.FILE,
                TransactionImported.BookingStatus.BOOKED,
                new BigDecimal(amount),
                "EUR",
                booked,
                booked,
                "CLIENT SA",
                PAYER_IBAN,
                null,
                remittance,
                null,
                null,
                endToEnd,
                reversal ? "PMNT-IDDT-UPDD" : "PMNT-IDDT-ESDD",
                null,
                Instant.parse("2026-11-26T08:00:00Z"),
                reversal,
                reversal ? "AM04" : null);
    }

    private static boolean isReversalOf(ConsumerRecord<String, String> r, TransactionImported payment) {
        return EventType.PAYMENT_REVERSED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                && r.value().contains(payment.transactionId());
    }

    private static JsonPath transaction(String id) {
        return given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/transactions/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void awaitState(String id, String state) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () -> assertThat(transaction(id).getString("state")).isEqualTo(state));
    }

    @Test
    void aReturnedDirectDebitUndoesItsMatchOnceWithPaymentReversed_andTheInvoiceCanBePaidAgain() {
        String account = "acc-" + UUID.randomUUID();
        String number = nextNumber();
        String invoiceId = issue(number, "300.00");
        String e2e = "E2E-" + UUID.randomUUID().toString().substring(0, 8);
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            TransactionImported payment = line(account, "300.00", PAID, "Facture " + number, e2e, false);
            publish(UUID.randomUUID().toString(), payment);
            ConsumerRecord<String, String> m = matches.await(r -> isMatchOf(r, payment), Duration.ofSeconds(30));
            PaymentMatched matched = EventJson.read(m.value(), PaymentMatched.class);

            TransactionImported reversal = line(account, "-300.00", RETURNED, "RETOUR " + number, e2e, true);
            String eventId = UUID.randomUUID().toString();
            publish(eventId, reversal);
            publish(eventId, reversal); // a redelivery
            publish(UUID.randomUUID().toString(), reversal); // the same line under another event id

            ConsumerRecord<String, String> r = matches.await(x -> isReversalOf(x, payment), Duration.ofSeconds(30));
            EventSchemas.assertValid(EventType.PAYMENT_REVERSED, r.value());
            assertThat(r.key())
                    .as("after its match on the same partition")
                    .isEqualTo("acme:" + payment.transactionId());
            assertThat(TopicProbe.header(r, CloudEventHeaders.TENANT_ID)).isEqualTo("acme");
            PaymentReversed reversed = EventJson.read(r.value(), PaymentReversed.class);
            assertThat(reversed.matchId()).isEqualTo(matched.matchId());
            assertThat(reversed.transactionId()).isEqualTo(payment.transactionId());
            assertThat(reversed.reversalTransactionId()).isEqualTo(reversal.transactionId());
            assertThat(reversed.returnReason()).isEqualTo("AM04");
            assertThat(reversed.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoiceId);
                assertThat(a.amount()).isEqualTo(new BigDecimal("300.00"));
            });

            awaitState(reversal.transactionId(), "REVERSAL");
            JsonPath rev = transaction(reversal.transactionId());
            assertThat(rev.getBoolean("reversal")).isTrue();
            assertThat(rev.getString("returnReason")).isEqualTo("AM04");
            assertThat(rev.getString("reversesTransactionId")).isEqualTo(payment.transactionId());
            assertThat(rev.getList("reasons", String.class))
                    .anyMatch(s -> s.contains("reverses payment " + payment.transactionId())
                            && s.contains("AM04 (insufficient funds)")
                            && s.contains(number));
            JsonPath orig = transaction(payment.transactionId());
            assertThat(orig.getString("state")).isEqualTo("REVERSED");
            assertThat(orig.getString("reversedByTransactionId")).isEqualTo(reversal.transactionId());
            assertThat(orig.getString("matchId")).isNull();
            given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/matches/" + matched.matchId())
                    .then()
                    .statusCode(200)
                    .body("undoneBy", org.hamcrest.Matchers.containsString(reversal.transactionId()));
            given().header("Authorization", Tokens.bearer("bruno"))
                    .get("/api/transactions/" + reversal.transactionId())
                    .then()
                    .statusCode(404);

            // the invoice's amount due is back: the next payment naming it is matched; the reversal once only
            TransactionImported again = line(account, "300.00", RETURNED.plusDays(3), "Facture " + number, null, false);
            publish(UUID.randomUUID().toString(), again);
            matches.await(x -> isMatchOf(x, again), Duration.ofSeconds(30));
            assertThat(matches.all().stream().filter(x -> isReversalOf(x, payment)))
                    .hasSize(1);
        }
    }

    @Test
    void aReversalBeforeItsPaymentWaitsAndIsLinkedWhenThePaymentArrives_whichPaysNoInvoiceThen() {
        String account = "acc-" + UUID.randomUUID();
        String number = nextNumber();
        issue(number, "420.00");
        TransactionImported payment = line(account, "420.00", PAID, "Facture " + number, null, false);
        TransactionImported reversal = line(account, "-420.00", RETURNED, null, null, true);

        publish(UUID.randomUUID().toString(), reversal);
        awaitState(reversal.transactionId(), "UNMATCHED");
        JsonPath waiting = transaction(reversal.transactionId());
        assertThat(waiting.getList("reasons", String.class))
                .anyMatch(s -> s.contains("linked when its payment arrives"));
        assertThat(waiting.getList("candidates")).isEmpty();
        // a reversal pays no invoice, even by hand
        given().header("Authorization", Tokens.bearer("arthur"))
                .contentType("application/json")
                .body(Map.of(
                        "allocations",
                        List.of(Map.of("invoiceId", UUID.randomUUID().toString(), "amount", "1.00"))))
                .post("/api/transactions/" + reversal.transactionId() + "/match")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");

        publish(UUID.randomUUID().toString(), payment);
        awaitState(payment.transactionId(), "REVERSED");
        assertThat(transaction(payment.transactionId()).getString("reversedByTransactionId"))
                .isEqualTo(reversal.transactionId());
        awaitState(reversal.transactionId(), "REVERSAL");
        assertThat(transaction(reversal.transactionId()).getList("reasons", String.class))
                .anyMatch(s -> s.contains("settled no invoice"));
    }
}
