package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** An invoice was issued and is now open (matchable). Key: {@code tenantId:invoiceId}. */
public record InvoiceIssued(
        String invoiceId,
        String tenantId,
        InvoiceDirection direction,
        String number,
        String paymentReference,
        ReferenceType paymentReferenceType,
        String counterpartyName,
        String counterpartyIban,
        String counterpartyVatNumber,
        String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amountDue,
        LocalDate issueDate,
        LocalDate dueDate,
        Instant issuedAt)
        implements LettrageEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
