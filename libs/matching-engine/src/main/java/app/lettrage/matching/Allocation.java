package app.lettrage.matching;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * Part of a transaction's amount settled on one invoice, in the invoice's currency.
 *
 * @param amount       money of the transaction allocated to the invoice (converted into the invoice's currency when
 *                     the transaction is in another one)
 * @param writeOff     shortfall accepted on top of {@code amount} (bank fee, early-payment discount) so that the invoice
 *                     is settled; zero when none
 * @param fxDifference for a payment converted at the bank's rate: what the converted money fell short of (positive) or
 *                     exceeded (negative) the amount settled, within the tenant's FX tolerance; zero when the payment
 *                     was in the invoice's currency
 */
public record Allocation(String invoiceId, BigDecimal amount, BigDecimal writeOff, BigDecimal fxDifference) {

    public Allocation {
        Objects.requireNonNull(invoiceId, "invoiceId");
        Objects.requireNonNull(amount, "amount");
        if (writeOff == null) {
            writeOff = BigDecimal.ZERO;
        }
        if (fxDifference == null) {
            fxDifference = BigDecimal.ZERO;
        }
    }

    public Allocation(String invoiceId, BigDecimal amount, BigDecimal writeOff) {
        this(invoiceId, amount, writeOff, BigDecimal.ZERO);
    }

    public Allocation(String invoiceId, BigDecimal amount) {
        this(invoiceId, amount, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /**
     * What the allocation removes from the invoice's amount due: the money plus the accepted write-off and FX
     * difference.
     */
    public BigDecimal settledAmount() {
        return amount.add(writeOff).add(fxDifference);
    }
}
