package app.lettrage.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.reconciliation.OpenItem.Status;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Partial credit notes on the open item: the amount due here drops by them, and the engine sees their numbers. */
class OpenItemCreditTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:15:30Z");

    private static OpenItem issued(String total) {
        return OpenItem.issued(
                new InvoiceIssued(
                        "inv-cn",
                        "acme",
                        InvoiceDirection.SALES,
                        "F-2026-042",
                        null,
                        null,
                        "Alpha SARL",
                        null,
                        null,
                        "EUR",
                        new BigDecimal(total),
                        new BigDecimal(total),
                        LocalDate.of(2026, 3, 1),
                        LocalDate.of(2026, 4, 1),
                        AT),
                AT);
    }

    @Test
    void aCreditNoteLowersTheAmountDueAndItsNumberReachesTheEngine() {
        OpenItem item = issued("1000.00");
        assertThat(item.credit(new BigDecimal("200.00"), List.of("AV-2026-007"), AT))
                .isTrue();
        assertThat(item.amountDue()).hasToString("800.00");
        assertThat(item.creditNoteNumbers()).containsExactly("AV-2026-007");
        assertThat(item.toInvoice().amountDue()).hasToString("800.00");
        assertThat(item.toInvoice().creditNoteNumbers()).containsExactly("AV-2026-007");

        // the same state again (an echo, a redelivery): nothing changes, nothing is taken twice
        assertThat(item.credit(new BigDecimal("200.00"), List.of("AV-2026-007"), AT))
                .isFalse();
        assertThat(item.amountDue()).hasToString("800.00");
        // a change that carries no numbers keeps them
        assertThat(item.credit(new BigDecimal("200.00"), null, AT)).isFalse();
        assertThat(item.creditNoteNumbers()).containsExactly("AV-2026-007");

        // a second credit note takes only its own part
        assertThat(item.credit(new BigDecimal("250.00"), List.of("AV-2026-007", "AV-2026-011"), AT))
                .isTrue();
        assertThat(item.amountDue()).hasToString("750.00");
    }

    @Test
    void aRevertedPaymentIsDueAgainOnlyUpToTheTotalLessCreditNotes() {
        OpenItem item = issued("1000.00");
        item.credit(new BigDecimal("200.00"), List.of("AV-1"), AT);
        item.allocate(new BigDecimal("800.00"), AT);
        assertThat(item.status()).isEqualTo(Status.SETTLED);
        item.revert(new BigDecimal("900.00"), AT);
        assertThat(item.amountDue()).hasToString("800.00");
        assertThat(item.status()).isEqualTo(Status.OPEN);
    }

    @Test
    void aCreditedAmountOutsideTheTotalIsRefused() {
        OpenItem item = issued("100.00");
        assertThatThrownBy(() -> item.credit(new BigDecimal("100.01"), List.of("AV-1"), AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> item.credit(new BigDecimal("-1.00"), List.of("AV-1"), AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(item.amountDue()).hasToString("100.00");
    }
}
