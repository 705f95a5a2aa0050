package app.lettrage.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.reconciliation.OpenItem.Status;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The open item's amount due and status, without a database. */
class OpenItemTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:15:30Z");
    private static final LocalDate DUE = LocalDate.of(2026, 4, 1);

    @Test
    void anIssuedInvoiceIsOpenWhileSomethingIsDueAndSettledOtherwise() {
        OpenItem open = issued(InvoiceDirection.SALES, "1200", "1200");
        assertThat(open.status()).isEqualTo(Status.OPEN);
        assertThat(open.amountDue()).hasToString("1200.00");
        assertThat(open.numberKey()).isEqualTo("F2026001");
        assertThat(open.counterpartyIban()).isEqualTo("BE71096123456769");
        assertThat(open.toInvoice().amountDue()).isEqualTo(open.amountDue());

        assertThat(issued(InvoiceDirection.SALES, "1200", "0").status()).isEqualTo(Status.SETTLED);
    }

    @Test
    void allocationsSettleItAndRevertingThemReopensIt() {
        OpenItem item = issued(InvoiceDirection.SALES, "1200.00", "1200.00");

        item.allocate(new BigDecimal("200.00"), AT);
        assertThat(item.amountDue()).isEqualByComparingTo("1000.00");
        assertThat(item.status()).isEqualTo(Status.OPEN);
        assertThat(item.canSettle(new BigDecimal("1000.00"))).isTrue();
        assertThat(item.canSettle(new BigDecimal("1000.01"))).isFalse();

        item.allocate(new BigDecimal("1000.00"), AT);
        assertThat(item.amountDue()).isEqualByComparingTo("0");
        assertThat(item.status()).isEqualTo(Status.SETTLED);
        assertThat(item.canSettle(new BigDecimal("0.01"))).isFalse();

        item.revert(new BigDecimal("1000.00"), AT);
        assertThat(item.amountDue()).isEqualByComparingTo("1000.00");
        assertThat(item.status()).isEqualTo(Status.OPEN);
    }

    @Test
    void theAmountDueStaysBetweenZeroAndTheTotal() {
        OpenItem item = issued(InvoiceDirection.SALES, "100.00", "100.00");
        item.allocate(new BigDecimal("150.00"), AT);
        assertThat(item.amountDue()).hasToString("0.00");
        item.revert(new BigDecimal("500.00"), AT);
        assertThat(item.amountDue()).hasToString("100.00");
        assertThatThrownBy(() -> item.allocate(new BigDecimal("-1.00"), AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> item.revert(new BigDecimal("-1.00"), AT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCancelledItemStaysCancelledWhateverIsDue() {
        OpenItem item = issued(InvoiceDirection.SALES, "100.00", "100.00");
        item.allocate(new BigDecimal("40.00"), AT);
        item.cancel(AT);
        assertThat(item.isCancelled()).isTrue();
        assertThat(item.canSettle(new BigDecimal("1.00"))).isFalse();

        item.revert(new BigDecimal("40.00"), AT);
        assertThat(item.status()).isEqualTo(Status.CANCELLED);
        assertThat(item.amountDue()).isEqualByComparingTo("100.00");
        assertThatThrownBy(() -> item.cancel(AT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAmendmentChangesOnlyTheDueDateAndTheCounterparty() {
        OpenItem item = issued(InvoiceDirection.PURCHASE, "80.00", "80.00");
        assertThat(item.hasDetails(DUE, "Alpha SARL", "BE71096123456769")).isTrue();
        assertThat(item.hasDetails(DUE.plusDays(10), "Alpha SARL", "BE71096123456769"))
                .isFalse();

        item.amend(DUE.plusDays(10), "Alpha SA", null, AT);
        assertThat(item.hasDetails(DUE.plusDays(10), "Alpha SA", null)).isTrue();
        assertThat(item.amountDue()).isEqualByComparingTo("80.00");
        assertThat(item.signedAmountDue()).isEqualByComparingTo("-80.00"); // a purchase is paid by money out
    }

    private static OpenItem issued(InvoiceDirection direction, String total, String due) {
        return OpenItem.issued(
                new InvoiceIssued(
                        "inv-1",
                        "acme",
                        direction,
                        "F-2026-001",
                        null,
                        null,
                        "Alpha SARL",
                        "be71 0961 2345 6769",
                        null,
                        "EUR",
                        new BigDecimal(total),
                        new BigDecimal(due),
                        LocalDate.of(2026, 3, 2),
                        DUE,
                        AT),
                AT);
    }
}
