package app.lettrage.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.events.Allocation;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.ReferenceType;
import app.lettrage.identifiers.BelgianStructuredCommunication;
import app.lettrage.identifiers.CreditorReference;
import app.lettrage.platform.problem.ProblemException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The invoice's state transitions and their rules, on plain objects: no database, a fixed day. */
class InvoiceTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-27");

    // ------------------------------------------------------------------ drafting and issuing

    @Test
    void aSalesDraftIsIssuedWithTheSeriesNumberItsRfReferenceAndTodayAsIssueDate() {
        Invoice inv = salesDraft("1200.00");
        assertThat(inv.status).isEqualTo(InvoiceStatus.DRAFT);
        assertThat(inv.balance.amountDue).isEqualByComparingTo("1200.00");

        inv.issue(new SeriesNumber("FV", 2026, 42), ReferenceType.ISO11649, TODAY, NOW);

        assertThat(inv.status).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(inv.number).isEqualTo("FV-2026-00042");
        assertThat(inv.issueDate).isEqualTo(TODAY);
        assertThat(inv.paymentReferenceType).isEqualTo(ReferenceType.ISO11649);
        assertThat(inv.paymentReference).isEqualTo(CreditorReference.create("FV202600042"));
        assertThat(inv.updatedAt).isEqualTo(NOW);
    }

    @Test
    void aBelgianTenantsSalesInvoiceGetsAStructuredCommunicationOnYearAndSequence() {
        Invoice inv = salesDraft("10.00");
        inv.issue(new SeriesNumber("FV", 2026, 7), ReferenceType.BE_STRUCTURED, TODAY, NOW);

        assertThat(inv.paymentReferenceType).isEqualTo(ReferenceType.BE_STRUCTURED);
        assertThat(inv.paymentReference).isEqualTo(BelgianStructuredCommunication.create(26_00_000_007L));
    }

    @Test
    void aPurchaseInvoiceKeepsTheSuppliersNumberAndIsDatedTodayWhenItHadNoDate() {
        Invoice inv = Invoice.draft("acme", InvoiceDirection.PURCHASE, Rounding.PER_TOTAL, NOW);
        inv.describe(draft(InvoiceDirection.PURCHASE, " SUP-118 ", "FR 40.303-265045", null));
        inv.price(new BigDecimal("50.00"), new BigDecimal("10.00"), new BigDecimal("60.00"), NOW);

        inv.issue(null, ReferenceType.ISO11649, TODAY, NOW);

        assertThat(inv.status).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(inv.number).isEqualTo("SUP-118");
        assertThat(inv.supplierKey).isEqualTo("vat:FR40303265045");
        assertThat(inv.issueDate).isEqualTo(TODAY);
        assertThat(inv.paymentReference).isNull();
    }

    @Test
    void onlyADraftIsIssuedAndASalesInvoiceNotAlreadyPastDue() {
        Invoice issued = issued("100.00");
        assertProblem(() -> issued.issue(number(), ReferenceType.ISO11649, TODAY, NOW), 409, "not-a-draft");

        Invoice late = salesDraft("100.00");
        assertProblem(
                () -> late.issue(number(), ReferenceType.ISO11649, TODAY.plusDays(31), NOW), 422, "due-before-issue");
        assertThat(late.status).isEqualTo(InvoiceStatus.DRAFT);
    }

    @Test
    void aDraftIsFrozenOnceIssuedAndItsDueDateNeverPrecedesItsIssueDate() {
        Invoice purchase = Invoice.draft("acme", InvoiceDirection.PURCHASE, Rounding.PER_TOTAL, NOW);
        assertProblem(() -> purchase.describe(draft(InvoiceDirection.PURCHASE, " ", null, null)), 400, "validation");
        purchase.describe(draft(InvoiceDirection.PURCHASE, "SUP-1", null, TODAY.plusDays(31)));
        assertProblem(() -> purchase.price(BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.TEN, NOW), 400, "validation");

        Invoice issued = issued("100.00");
        assertProblem(issued::requireDraft, 409, "invoice-frozen");
        assertProblem(() -> issued.describe(draft(InvoiceDirection.SALES, null, null, null)), 409, "invoice-frozen");
    }

    @Test
    void anIssuedInvoiceMovesItsDueDateAndIbanUntilPaid() {
        Invoice inv = issued("100.00");
        Instant later = NOW.plusSeconds(60);

        assertThat(inv.changeDueDate(inv.dueDate, later)).isFalse();
        assertThat(inv.updatedAt).isEqualTo(NOW);
        assertThat(inv.changeDueDate(TODAY.plusDays(60), later)).isTrue();
        assertThat(inv.dueDate).isEqualTo(TODAY.plusDays(60));
        assertThat(inv.updatedAt).isEqualTo(later);
        assertProblem(() -> inv.changeDueDate(TODAY.minusDays(1), later), 400, "validation");
        assertThat(inv.changeCounterpartyIban("FR7630006000011234567890189", later))
                .isTrue();
        assertThat(inv.counterparty.iban).isEqualTo("FR7630006000011234567890189");

        inv.pay(match("m1"), allocation(inv, "100.00", null), later);
        assertProblem(() -> inv.changeDueDate(TODAY.plusDays(90), later), 409, "invoice-frozen");
    }

    @Test
    void aStaleVersionIsAPreconditionFailure() {
        Invoice inv = issued("100.00");
        inv.version = 3;
        inv.requireVersion(null);
        inv.requireVersion(3L);
        assertProblem(() -> inv.requireVersion(2L), 412, "precondition-failed");
    }

    // ------------------------------------------------------------------ payments

    @Test
    void aFullPaymentLeavesNothingDueAndRecordsThePayment() {
        Invoice inv = issued("100.00");

        InvoicePayment p = inv.pay(match("m1"), allocation(inv, "100", null), NOW);

        assertThat(inv.status).isEqualTo(InvoiceStatus.PAID);
        assertThat(inv.balance.amountDue).isEqualByComparingTo("0.00");
        assertThat(inv.balance.creditAmount).isEqualByComparingTo("0.00");
        assertThat(p.invoiceId).isEqualTo(inv.id);
        assertThat(p.tenantId).isEqualTo("acme");
        assertThat(p.matchId).isEqualTo("m1");
        assertThat(p.transactionId).isEqualTo("tx-m1");
        assertThat(p.amount).isEqualTo(new BigDecimal("100.00"));
        assertThat(p.writeOff).isEqualTo(new BigDecimal("0.00"));
        assertThat(p.decidedBy).isEqualTo(MatchDecision.AUTO);
        assertThat(p.paymentDate).isEqualTo(TODAY);
        assertThat(p.appliedAt).isEqualTo(NOW);
        assertThat(p.reversedAt).isNull();
    }

    @Test
    void partialPaymentsLowerTheAmountDueUntilPaid() {
        Invoice inv = issued("100.00");

        inv.pay(match("m1"), allocation(inv, "30.00", null), NOW);
        assertThat(inv.status).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("70.00"));

        inv.pay(match("m2"), allocation(inv, "70.00", null), NOW);
        assertThat(inv.status).isEqualTo(InvoiceStatus.PAID);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void anOverpaymentIsACreditNotLost() {
        Invoice inv = issued("100.00");

        inv.pay(match("m1"), allocation(inv, "120.00", null), NOW);

        assertThat(inv.status).isEqualTo(InvoiceStatus.PAID);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("0.00"));
        assertThat(inv.balance.creditAmount).isEqualTo(new BigDecimal("20.00"));

        // a PAID invoice still accepts money: it all becomes credit
        inv.pay(match("m2"), allocation(inv, "5.00", null), NOW);
        assertThat(inv.balance.creditAmount).isEqualTo(new BigDecimal("25.00"));
    }

    @Test
    void aWriteOffSettlesItsPartWithoutCashAndMustLieWithinTheAmount() {
        Invoice inv = issued("100.00");

        InvoicePayment p = inv.pay(match("m1"), allocation(inv, "100.00", "1.50"), NOW);

        assertThat(inv.status).isEqualTo(InvoiceStatus.PAID);
        assertThat(inv.balance.writtenOffAmount).isEqualTo(new BigDecimal("1.50"));
        assertThat(p.writeOff).isEqualTo(new BigDecimal("1.50"));

        Invoice other = issued("100.00");
        assertThatThrownBy(() -> other.pay(match("m2"), allocation(other, "10.00", "10.01"), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writeOff");
        assertThatThrownBy(() -> other.pay(match("m3"), allocation(other, "10.00", "-1.00"), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(other.status).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(other.balance.amountDue).isEqualTo(new BigDecimal("100.00"));
    }

    @Test
    void anAllocationInAnotherCurrencyThanTheInvoicesIsRefused() {
        Invoice inv = issued("100.00");
        Allocation chf = new Allocation(inv.id.toString(), inv.number, new BigDecimal("93.64"), "CHF");
        assertThatThrownBy(() -> inv.pay(match("m1"), chf, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CHF");
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("100.00"));

        // converted into EUR with an FX difference: applied on its amount, what the amount due goes down by
        Allocation converted = new Allocation(
                inv.id.toString(), inv.number, new BigDecimal("100.00"), "EUR", null, new BigDecimal("0.58"));
        inv.pay(match("m2"), converted, NOW);
        assertThat(inv.status).isEqualTo(InvoiceStatus.PAID);
    }

    @Test
    void anAmountBeyondTheCurrencysExponentIsRefusedNotRounded() {
        Invoice inv = issued("100.00");
        assertThatThrownBy(() -> inv.pay(match("m1"), allocation(inv, "10.005", null), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("100.00"));
    }

    @Test
    void aDraftACreditNoteOrACancelledInvoiceAcceptsNoPayment() {
        Invoice draft = salesDraft("100.00");
        assertThat(draft.acceptsPayments()).isFalse();
        assertThatThrownBy(() -> draft.pay(match("m1"), allocation(draft, "10.00", null), NOW))
                .isInstanceOf(IllegalStateException.class);

        Invoice inv = issued("100.00");
        Invoice cn = inv.creditNote("AV-2026-00001", "billed twice", TODAY, NOW);
        inv.cancel(cn, "billed twice", NOW);
        assertThat(cn.acceptsPayments()).isFalse();
        assertThat(inv.acceptsPayments()).isFalse();
        assertThat(issued("1.00").acceptsPayments()).isTrue();
    }

    @Test
    void reversingAPaymentGivesItBackOnceAndTheStatusFollows() {
        Invoice inv = issued("100.00");
        InvoicePayment first = inv.pay(match("m1"), allocation(inv, "40.00", "2.00"), NOW);
        InvoicePayment second = inv.pay(match("m2"), allocation(inv, "60.00", null), NOW);
        assertThat(inv.status).isEqualTo(InvoiceStatus.PAID);
        Instant later = NOW.plusSeconds(3600);

        assertThat(inv.reverse(second, later)).isTrue();
        assertThat(second.reversedAt).isEqualTo(later);
        assertThat(inv.status).isEqualTo(InvoiceStatus.PARTIALLY_PAID);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("60.00"));
        assertThat(inv.updatedAt).isEqualTo(later);

        assertThat(inv.reverse(second, later.plusSeconds(1))).isFalse();
        assertThat(second.reversedAt).isEqualTo(later);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("60.00"));

        assertThat(inv.reverse(first, later)).isTrue();
        assertThat(inv.status).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("100.00"));
        assertThat(inv.balance.writtenOffAmount).isEqualTo(new BigDecimal("0.00"));

        assertThat(inv.reverse(null, later)).isFalse();
    }

    @Test
    void reversingAnOverpaymentTakesTheCreditBackFirstAndNeverRaisesTheDueAboveTheTotal() {
        Invoice inv = issued("100.00");
        InvoicePayment big = inv.pay(match("m1"), allocation(inv, "120.00", null), NOW);
        InvoicePayment small = inv.pay(match("m2"), allocation(inv, "10.00", null), NOW);
        assertThat(inv.balance.creditAmount).isEqualTo(new BigDecimal("30.00"));

        inv.reverse(small, NOW);
        assertThat(inv.balance.creditAmount).isEqualTo(new BigDecimal("20.00"));
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("0.00"));
        assertThat(inv.status).isEqualTo(InvoiceStatus.PAID);

        inv.reverse(big, NOW);
        assertThat(inv.balance.creditAmount).isEqualTo(new BigDecimal("0.00"));
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("100.00"));
        assertThat(inv.status).isEqualTo(InvoiceStatus.ISSUED);
    }

    @Test
    void anOpenInvoicePastItsDueDateIsOverdueAPaidOneOrACreditNoteNever() {
        Invoice inv = issued("100.00");
        LocalDate afterDue = inv.dueDate.plusDays(1);
        assertThat(inv.effectiveStatus(inv.dueDate)).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(inv.effectiveStatus(afterDue)).isEqualTo(InvoiceStatus.OVERDUE);

        inv.pay(match("m1"), allocation(inv, "10.00", null), NOW);
        assertThat(inv.effectiveStatus(afterDue)).isEqualTo(InvoiceStatus.OVERDUE);
        inv.pay(match("m2"), allocation(inv, "90.00", null), NOW);
        assertThat(inv.effectiveStatus(afterDue)).isEqualTo(InvoiceStatus.PAID);

        Invoice other = issued("100.00");
        Invoice cn = other.creditNote("AV-2026-00001", "wrong customer", TODAY, NOW);
        assertThat(cn.effectiveStatus(TODAY.plusYears(1))).isEqualTo(InvoiceStatus.ISSUED);
    }

    // ------------------------------------------------------------------ cancelling by credit note

    @Test
    void aCreditNoteCarriesTheWholeAmountWithNothingDueAndCancelsItsInvoice() {
        Invoice inv = issued("120.00");
        Instant later = NOW.plusSeconds(60);

        Invoice cn = inv.creditNote("AV-2026-00001", "billed twice", TODAY.plusDays(1), later);
        inv.cancel(cn, "billed twice", later);

        assertThat(cn.id).isNotEqualTo(inv.id);
        assertThat(cn.kind).isEqualTo(InvoiceKind.CREDIT_NOTE);
        assertThat(cn.status).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(cn.number).isEqualTo("AV-2026-00001");
        assertThat(cn.creditNoteFor).isEqualTo(inv.id);
        assertThat(cn.direction).isEqualTo(inv.direction);
        assertThat(cn.counterparty).isNotSameAs(inv.counterparty);
        assertThat(cn.counterparty.name).isEqualTo("Dupont SARL");
        assertThat(cn.totalAmount).isEqualTo(inv.totalAmount);
        assertThat(cn.netAmount).isEqualTo(inv.netAmount);
        assertThat(cn.vatAmount).isEqualTo(inv.vatAmount);
        assertThat(cn.balance.amountDue).isEqualTo(new BigDecimal("0.00"));
        assertThat(cn.issueDate).isEqualTo(TODAY.plusDays(1));
        assertThat(cn.dueDate).isEqualTo(TODAY.plusDays(1));
        assertThat(cn.notes).isEqualTo("billed twice");
        assertThat(cn.createdAt).isEqualTo(later);

        assertThat(inv.status).isEqualTo(InvoiceStatus.CANCELLED);
        assertThat(inv.cancelledBy).isEqualTo(cn.id);
        assertThat(inv.cancelReason).isEqualTo("billed twice");
        assertThat(inv.balance.amountDue).isEqualTo(new BigDecimal("0.00"));
        assertThat(inv.updatedAt).isEqualTo(later);
    }

    @Test
    void onlyAnIssuedInvoiceWithoutPaymentsIsCancelled() {
        assertProblem(() -> salesDraft("10.00").checkCancellable(null), 409, "not-issued");

        Invoice cancelled = issued("10.00");
        cancelled.cancel(cancelled.creditNote("AV-1", "r", TODAY, NOW), "r", NOW);
        assertProblem(() -> cancelled.checkCancellable(null), 409, "already-cancelled");

        Invoice other = issued("10.00");
        Invoice cn = other.creditNote("AV-2", "r", TODAY, NOW);
        assertProblem(() -> cn.checkCancellable(null), 409, "credit-note");

        Invoice partly = issued("10.00");
        partly.pay(match("m1"), allocation(partly, "4.00", null), NOW);
        assertProblem(() -> partly.creditNote("AV-3", "r", TODAY, NOW), 409, "invoice-has-payments");

        Invoice paid = issued("10.00");
        paid.pay(match("m2"), allocation(paid, "10.00", null), NOW);
        assertProblem(() -> paid.checkCancellable(null), 409, "invoice-has-payments");

        // paid, then given back: nothing is left on it, so it may be cancelled again
        Invoice reverted = issued("10.00");
        reverted.reverse(reverted.pay(match("m3"), allocation(reverted, "10.00", null), NOW), NOW);
        reverted.checkCancellable(null);
    }

    @Test
    void aPurchaseInvoiceIsCancelledOnlyByTheSuppliersNumberedCreditNote() {
        Invoice inv = Invoice.draft("acme", InvoiceDirection.PURCHASE, Rounding.PER_TOTAL, NOW);
        inv.describe(draft(InvoiceDirection.PURCHASE, "SUP-7", null, null));
        inv.price(BigDecimal.TEN, BigDecimal.ZERO, BigDecimal.TEN, NOW);
        inv.issue(null, ReferenceType.ISO11649, TODAY, NOW);

        assertProblem(() -> inv.checkCancellable(" "), 400, "validation");
        Invoice cn = inv.creditNote("SUP-AV-7", "returned goods", TODAY, NOW);
        assertThat(cn.supplierKey).isEqualTo(inv.supplierKey);
    }

    @Test
    void aCreditNoteCancelsOnlyItsOwnInvoice() {
        Invoice a = issued("10.00");
        Invoice b = issued("10.00");
        Invoice cnOfB = b.creditNote("AV-1", "r", TODAY, NOW);
        assertThatThrownBy(() -> a.cancel(cnOfB, "r", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThat(a.status).isEqualTo(InvoiceStatus.ISSUED);
    }

    // ------------------------------------------------------------------ helpers

    private static Invoice salesDraft(String total) {
        Invoice inv = Invoice.draft("acme", InvoiceDirection.SALES, Rounding.PER_TOTAL, NOW);
        inv.describe(draft(InvoiceDirection.SALES, null, null, TODAY.plusDays(30)));
        BigDecimal gross = new BigDecimal(total);
        inv.price(gross, new BigDecimal("0.00"), gross, NOW);
        return inv;
    }

    private static Invoice issued(String total) {
        Invoice inv = salesDraft(total);
        inv.issue(number(), ReferenceType.ISO11649, TODAY, NOW);
        return inv;
    }

    private static SeriesNumber number() {
        return new SeriesNumber("FV", 2026, 1);
    }

    private static Draft draft(
            InvoiceDirection direction, String supplierNumber, String vatNumber, LocalDate issueDate) {
        return new Draft(
                direction,
                supplierNumber,
                " Dupont SARL ",
                null,
                vatNumber,
                null,
                "EUR",
                List.of(),
                null,
                issueDate,
                TODAY.plusDays(30),
                null,
                null);
    }

    private static PaymentMatched match(String matchId) {
        return new PaymentMatched(
                matchId, "acme", "tx-" + matchId, List.of(), MatchDecision.AUTO, 1.0, List.of(), TODAY, NOW);
    }

    private static Allocation allocation(Invoice inv, String amount, String writeOff) {
        return new Allocation(
                inv.id.toString(),
                inv.number,
                new BigDecimal(amount),
                "EUR",
                writeOff == null ? null : new BigDecimal(writeOff));
    }

    private static void assertProblem(ThrowingCallable call, int status, String slug) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.slug()).isEqualTo(slug);
        });
    }
}
