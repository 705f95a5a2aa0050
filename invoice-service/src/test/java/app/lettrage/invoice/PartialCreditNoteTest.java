package app.lettrage.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.events.Allocation;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.ReferenceType;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Partial credit notes on plain invoices: what they may take off, what is left due, how cancel then credits. */
class PartialCreditNoteTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-27");

    @Test
    void aPartialCreditNoteLowersTheAmountDueAndKeepsTheInvoicesVatProportion() {
        Invoice inv = issued("1000.00", "200.00", "1200.00");
        Instant later = NOW.plusSeconds(60);
        BigDecimal gross = inv.checkCreditable(new BigDecimal("300"), null, 0);

        Invoice cn = inv.credit("AV-2026-00007", gross, "two days not delivered", TODAY, later);

        assertThat(gross).isEqualTo(new BigDecimal("300.00"));
        assertThat(cn.kind).isEqualTo(InvoiceKind.CREDIT_NOTE);
        assertThat(cn.creditNoteFor).isEqualTo(inv.id);
        assertThat(cn.number).isEqualTo("AV-2026-00007");
        assertThat(cn.totalAmount).isEqualTo(new BigDecimal("300.00"));
        assertThat(cn.vatAmount).isEqualTo(new BigDecimal("50.00"));
        assertThat(cn.netAmount).isEqualTo(new BigDecimal("250.00"));
        assertThat(cn.balance.amountDue).isEqualTo(new BigDecimal("0.00"));
        assertThat(cn.creditsWholeOf(inv)).isFalse();
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("900.00"));
        assertThat(inv.balance.creditedAmount).isEqualTo(new BigDecimal("300.00"));
        assertThat(inv.status)
                .as("nothing paid yet: a credit note is no payment")
                .isEqualTo(InvoiceStatus.ISSUED);
        assertThat(inv.updatedAt).isEqualTo(later);
    }

    @Test
    void theAmountMustBeAboveZeroAtTheCurrencysExponentAndAtMostTheAmountDue() {
        Invoice inv = issued("100.00", "0.00", "100.00");
        assertAmountRefused(() -> inv.checkCreditable(new BigDecimal("100.01"), null, 0));
        assertAmountRefused(() -> inv.checkCreditable(BigDecimal.ZERO, null, 0));
        assertAmountRefused(() -> inv.checkCreditable(new BigDecimal("-1.00"), null, 0));
        assertAmountRefused(() -> inv.checkCreditable(new BigDecimal("1.005"), null, 0));
        assertAmountRefused(() -> inv.checkCreditable(new BigDecimal("1E+999999999"), null, 0));
        assertThat(inv.checkCreditable(new BigDecimal("100.00"), null, 0)).isEqualTo(new BigDecimal("100.00"));

        inv.credit("AV-1", new BigDecimal("60.00"), "r", TODAY, NOW);
        assertAmountRefused(() -> inv.checkCreditable(new BigDecimal("40.01"), null, 0));
        assertThat(inv.checkCreditable(new BigDecimal("40.00"), null, 1)).isEqualTo(new BigDecimal("40.00"));
    }

    @Test
    void paymentsAndCreditNotesThatLeaveNothingDueSettleTheInvoice() {
        Invoice inv = issued("1000.00", "0.00", "1000.00");
        inv.credit("AV-1", new BigDecimal("200.00"), "r", TODAY, NOW);
        inv.pay(match("m1"), allocation(inv, "500.00"), NOW);
        assertThat(inv.status).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("300.00"));

        InvoicePayment last = inv.pay(match("m2"), allocation(inv, "300.00"), NOW);
        assertThat(inv.status).isEqualTo(InvoiceStatus.PAID);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("0.00"));
        assertThat(inv.balance.creditAmount)
                .as("the payment of total minus credit note leaves no credit")
                .isEqualTo(new BigDecimal("0.00"));

        // a payment given back is due again, never more than what the credit note left
        inv.reverse(last, NOW);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("300.00"));
        assertThat(inv.status).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
    }

    @Test
    void aCreditNoteOfAllThatIsDueSettlesTheInvoiceAndCancelThenHasNothingLeft() {
        Invoice inv = issued("80.00", "0.00", "80.00");
        inv.credit("AV-1", new BigDecimal("80.00"), "r", TODAY, NOW);
        assertThat(inv.status).isEqualTo(InvoiceStatus.PAID);
        assertProblem(() -> inv.checkCreditable(new BigDecimal("1.00"), null, 1), 409, "nothing-due");
        assertProblem(() -> inv.creditNote("AV-2", "r", TODAY, NOW), 409, "nothing-due");
    }

    @Test
    void cancelAfterAPartialCreditNoteCreditsOnlyTheRest() {
        Invoice inv = issued("1000.00", "200.00", "1200.00");
        inv.credit("AV-1", new BigDecimal("300.00"), "r", TODAY, NOW);

        Invoice rest = inv.creditNote("AV-2", "cancelled", TODAY, NOW);
        inv.cancel(rest, "cancelled", NOW);

        assertThat(rest.totalAmount).isEqualTo(new BigDecimal("900.00"));
        assertThat(rest.vatAmount).isEqualTo(new BigDecimal("150.00"));
        assertThat(rest.netAmount).isEqualTo(new BigDecimal("750.00"));
        assertThat(rest.creditsWholeOf(inv)).isFalse();
        assertThat(inv.status).isEqualTo(InvoiceStatus.CANCELLED);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void onlyAnIssuedInvoiceWithSomethingDueIsCreditedAndAPurchaseOneNeedsTheSuppliersNumber() {
        Invoice draft = salesDraft("10.00", "0.00", "10.00");
        assertProblem(() -> draft.checkCreditable(BigDecimal.ONE, null, 0), 409, "not-issued");

        Invoice cancelled = issued("10.00", "0.00", "10.00");
        cancelled.cancel(cancelled.creditNote("AV-1", "r", TODAY, NOW), "r", NOW);
        assertProblem(() -> cancelled.checkCreditable(BigDecimal.ONE, null, 0), 409, "already-cancelled");

        Invoice open = issued("10.00", "0.00", "10.00");
        Invoice cn = open.credit("AV-2", new BigDecimal("1.00"), "r", TODAY, NOW);
        assertProblem(() -> cn.checkCreditable(BigDecimal.ONE, null, 0), 409, "credit-note");
        assertProblem(
                () -> open.checkCreditable(BigDecimal.ONE, null, Invoice.MAX_CREDIT_NOTES),
                409,
                "too-many-credit-notes");

        Invoice purchase = Invoice.draft("acme", InvoiceDirection.PURCHASE, Rounding.PER_TOTAL, NOW);
        purchase.describe(draft(InvoiceDirection.PURCHASE, "SUP-1"));
        purchase.price(new BigDecimal("10.00"), new BigDecimal("0.00"), new BigDecimal("10.00"), NOW);
        purchase.issue(null, ReferenceType.ISO11649, TODAY, NOW);
        assertThatThrownBy(() -> purchase.checkCreditable(BigDecimal.ONE, " ", 0))
                .isInstanceOfSatisfying(
                        ProblemException.class,
                        e -> assertThat(e.errors())
                                .extracting(Problem.FieldError::field)
                                .containsExactly("creditNoteNumber"));
        assertThat(purchase.checkCreditable(BigDecimal.ONE, "SUP-CN-1", 0)).isEqualTo(new BigDecimal("1.00"));
    }

    // ------------------------------------------------------------------ helpers

    private static Invoice salesDraft(String net, String vat, String total) {
        Invoice inv = Invoice.draft("acme", InvoiceDirection.SALES, Rounding.PER_TOTAL, NOW);
        inv.describe(draft(InvoiceDirection.SALES, null));
        inv.price(new BigDecimal(net), new BigDecimal(vat), new BigDecimal(total), NOW);
        return inv;
    }

    private static Invoice issued(String net, String vat, String total) {
        Invoice inv = salesDraft(net, vat, total);
        inv.issue(new SeriesNumber("FV", 2026, 42), ReferenceType.ISO11649, TODAY, NOW);
        return inv;
    }

    private static Draft draft(InvoiceDirection direction, String supplierNumber) {
        return new Draft(
                direction,
                supplierNumber,
                "Dupont SARL",
                null,
                null,
                null,
                "EUR",
                List.of(),
                null,
                TODAY,
                TODAY.plusDays(30),
                null,
                null);
    }

    private static PaymentMatched match(String matchId) {
        return new PaymentMatched(
                matchId, "acme", "tx-" + matchId, List.of(), MatchDecision.AUTO, 1.0, List.of(), TODAY, NOW);
    }

    private static Allocation allocation(Invoice inv, String amount) {
        return new Allocation(inv.id.toString(), inv.number, new BigDecimal(amount), "EUR", null);
    }

    private static void assertAmountRefused(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(422);
            assertThat(e.errors()).extracting(Problem.FieldError::field).containsExactly("amount");
        });
    }

    private static void assertProblem(ThrowingCallable call, int status, String slug) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.slug()).isEqualTo(slug);
        });
    }
}
