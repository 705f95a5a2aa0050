package app.lettrage.matching;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Part of a transaction's amount settled on one invoice.
 *
 * @param amount   money of the transaction allocated to the invoice
 * @param writeOff shortfall accepted on top of {@code amount} (bank fee, early-payment discount) so that the invoice is
 *                 settled; zero when none
 */
public record Allocation(String invoiceId, BigDecimal amount, BigDecimal writeOff) {

    public Allocation {
        Objects.requireNonNull(invoiceId, "invoiceId");
        Objects.requireNonNull(amount, "amount");
        if (writeOff == null) {
            writeOff = BigDecimal.ZERO;
        }
    }

    public Allocation(String invoiceId, BigDecimal amount) {
        this(invoiceId, amount, BigDecimal.ZERO);
    }

    /** What the allocation removes from the invoice's amount due: the money plus the accepted write-off. */
    public BigDecimal settledAmount() {
        return amount.add(writeOff);
    }
}
