package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * An issued invoice changed in a way that remains allowed (payment status and amount due, due date, counterparty's
 * bank details). Carries the invoice's whole matchable state, so a consumer can upsert from it. Key: {@code tenantId:invoiceId}.
 */
public record InvoiceChanged(
        String invoiceId,
        String tenantId,
        InvoiceDirection direction,
        String number,
        String status,
        String paymentReference,
        String counterpartyName,
        String counterpartyIban,
        String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amountDue,
        LocalDate dueDate,
        String change,
        Instant changedAt)
        implements LettrageEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
