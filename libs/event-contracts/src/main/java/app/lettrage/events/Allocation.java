package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;

/** The part of a payment allocated to one invoice; amount is positive, in the invoice's currency. */
public record Allocation(
        String invoiceId,
        String invoiceNumber,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        String currency) {
}
