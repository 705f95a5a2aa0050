package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * The part of a payment allocated to one invoice; amount is positive, in the invoice's currency, and is what the
 * invoice's amount due goes down by.
 *
 * @param writeOff the part of {@code amount} that was not paid but written off within the tenant's tolerance (a bank
 *                 fee or an early-payment discount the payer took); null or absent when the cash covers the whole
 *                 amount. The cash received for this invoice is {@code amount - writeOff - fxDifference}.
 * @param fxDifference for a payment in another currency converted at the bank's rate: the part of {@code amount} that
 *                 the converted cash did not cover (positive) or covered beyond it (negative), accepted within the
 *                 tenant's FX tolerance; in the allocation's (the invoice's) currency. Null or absent when the payment
 *                 was in the invoice's currency (its own or as the instructed amount). Added within v1.
 */
public record Allocation(
        String invoiceId,
        String invoiceNumber,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal writeOff,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal fxDifference) {

    public Allocation(String invoiceId, String invoiceNumber, BigDecimal amount, String currency) {
        this(invoiceId, invoiceNumber, amount, currency, null, null);
    }

    /** A payment in the invoice's currency: no FX difference. */
    public Allocation(String invoiceId, String invoiceNumber, BigDecimal amount, String currency, BigDecimal writeOff) {
        this(invoiceId, invoiceNumber, amount, currency, writeOff, null);
    }

    /** The cash this allocation represents, in the invoice's currency: amount less any write-off and FX difference. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public BigDecimal cash() {
        BigDecimal cash = writeOff == null ? amount : amount.subtract(writeOff);
        return fxDifference == null ? cash : cash.subtract(fxDifference);
    }
}
