package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.isMatchOf;
import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.EventJson;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** InvoiceChanged CREDITED lowers the open item; a payment of the invoice less its credit note is matched exactly. */
@QuarkusTest
class CreditNoteFlowTest {

    @Test
    void aPaymentOfTheInvoiceLessItsCreditNoteIsAutoMatchedForTheAmountDue() {
        // a counterparty, IBAN-less payer name and amounts of this run only: other tests' invoices cannot fit
        String run = UUID.randomUUID().toString().substring(0, 6).toUpperCase().replaceAll("[^A-Z]", "Q");
        String party = "Menuiserie " + run + " SARL";
        String number =
                "FK-2026-" + String.format("%05d", ThreadLocalRandom.current().nextInt(1, 99_999));
        String creditNote =
                "AK-2026-" + String.format("%05d", ThreadLocalRandom.current().nextInt(1, 99_999));
        BigDecimal total = new BigDecimal(ThreadLocalRandom.current().nextInt(200_000, 900_000)).movePointLeft(2);
        BigDecimal credited = new BigDecimal("123.45");
        BigDecimal due = total.subtract(credited);
        String id = UUID.randomUUID().toString();
        LocalDate today = LocalDate.now();
        publish(
                UUID.randomUUID().toString(),
                new InvoiceIssued(
                        id,
                        "acme",
                        InvoiceDirection.SALES,
                        number,
                        null,
                        (ReferenceType) null,
                        party,
                        null,
                        null,
                        "EUR",
                        total,
                        total,
                        today,
                        today.plusDays(30),
                        Instant.now()));
        publish(
                UUID.randomUUID().toString(),
                new InvoiceChanged(
                        id,
                        "acme",
                        InvoiceDirection.SALES,
                        number,
                        "ISSUED",
                        null,
                        party,
                        null,
                        "EUR",
                        total,
                        due,
                        today.plusDays(30),
                        "CREDITED",
                        Instant.now(),
                        credited,
                        List.of(creditNote)));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> due.compareTo(OpenItemProbe.amountDueOrZero(id)) == 0);

        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            TransactionImported tx = new TransactionImported(
                    UUID.randomUUID().toString(),
                    "acme",
                    "acc-1",
                    "FR7630006000011234567890189",
                    TransactionImported.Source.API,
                    TransactionImported.BookingStatus.BOOKED,
                    due,
                    "EUR",
                    today,
                    today,
                    party.toUpperCase(),
                    null,
                    null,
                    "Facture " + number + " moins avoir " + creditNote,
                    null,
                    null,
                    null,
                    null,
                    null,
                    Instant.now());
            publish(UUID.randomUUID().toString(), tx);
            PaymentMatched matched = EventJson.read(
                    matches.await(r -> isMatchOf(r, tx), Duration.ofSeconds(30)).value(), PaymentMatched.class);
            assertThat(matched.decidedBy()).isEqualTo(MatchDecision.AUTO);
            assertThat(matched.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(id);
                assertThat(a.amount()).isEqualByComparingTo(due);
                assertThat(a.writeOff() == null ? BigDecimal.ZERO : a.writeOff())
                        .isEqualByComparingTo("0");
            });
            assertThat(matched.reasons()).anyMatch(r -> r.contains(creditNote) && r.contains(number));
        }
        assertThat(OpenItemProbe.status(id)).isEqualTo("SETTLED");
    }
}
