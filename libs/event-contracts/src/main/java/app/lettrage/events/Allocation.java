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
 *                 amount. The cash received for this invoice is {@code amount - writeOff}.
 */
public record Allocation(
        String invoiceId,
        String invoiceNumber,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency,

        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal writeOff) {

    public Allocation(String invoiceId, String invoiceNumber, BigDecimal amount, String currency) {
        this(invoiceId, invoiceNumber, amount, currency, null);
    }

    /** The cash this allocation represents: amount less any write-off. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public BigDecimal cash() {
        return writeOff == null ? amount : amount.subtract(writeOff);
    }
}
