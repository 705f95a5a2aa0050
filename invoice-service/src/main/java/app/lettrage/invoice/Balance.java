package app.lettrage.invoice;

import app.lettrage.platform.money.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;

/**
 * What payments left of an invoice's total: the amount still due, a credit when paid beyond the total, and the part
 * settled by write-off rather than cash. Amounts are at the currency's exponent.
 */
@Embeddable
public class Balance {

    @Column(name = "amount_due", nullable = false)
    public BigDecimal amountDue;

    /** Paid beyond the total: a credit on the counterparty, never silently dropped. */
    @Column(name = "credit_amount", nullable = false)
    public BigDecimal creditAmount = BigDecimal.ZERO;

    /** Part of the amount settled that was written off (bank fee, discount taken), not received as cash. */
    @Column(name = "written_off_amount", nullable = false)
    public BigDecimal writtenOffAmount = BigDecimal.ZERO;

    /** Nothing paid, nothing written off: {@code due} is left to collect. */
    static Balance due(BigDecimal due, String currency) {
        Balance b = new Balance();
        b.amountDue = due;
        b.creditAmount = Money.zero(currency);
        b.writtenOffAmount = Money.zero(currency);
        return b;
    }

    /** No payment has touched it (nor made a credit). */
    boolean isUntouched(BigDecimal total) {
        return amountDue.compareTo(total) == 0 && creditAmount.signum() == 0;
    }

    /** Lowers the amount due by {@code amount}; what goes beyond it becomes a credit. */
    void take(BigDecimal amount, BigDecimal writeOff, String currency) {
        BigDecimal due = amountDue.subtract(amount);
        if (due.signum() < 0) {
            creditAmount = creditAmount.add(due.negate());
            due = BigDecimal.ZERO;
        }
        amountDue = Money.of(due, currency);
        writtenOffAmount = writtenOffAmount.add(writeOff);
    }

    /** Undoes {@link #take}: the credit it made goes first, the rest back to the amount due (never above the total). */
    void giveBack(BigDecimal amount, BigDecimal writeOff, BigDecimal total, String currency) {
        BigDecimal back = Money.of(amount, currency);
        BigDecimal fromCredit = back.min(creditAmount);
        creditAmount = Money.of(creditAmount.subtract(fromCredit), currency);
        amountDue = Money.of(amountDue.add(back.subtract(fromCredit)).min(total), currency);
        writtenOffAmount =
                Money.of(writtenOffAmount.subtract(Money.of(writeOff, currency)).max(BigDecimal.ZERO), currency);
    }

    /** The status these payments give an issued invoice of this total. */
    InvoiceStatus status(BigDecimal total) {
        if (amountDue.signum() == 0) {
            return InvoiceStatus.PAID;
        }
        return amountDue.compareTo(total) < 0 ? InvoiceStatus.PARTIALLY_PAID : InvoiceStatus.ISSUED;
    }

    /** Nothing is due any more (the invoice is cancelled); a credit or write-off already made stays on record. */
    void close(String currency) {
        amountDue = Money.zero(currency);
    }

    /** Amounts come back from numeric(19,4) with scale 4. */
    void scaleTo(String currency) {
        amountDue = Money.of(amountDue, currency);
        creditAmount = Money.of(creditAmount, currency);
        writtenOffAmount = Money.of(writtenOffAmount, currency);
    }
}
