package app.lettrage.invoice.rest;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceStatus;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** An invoice as the API shows it; amounts are decimal strings with the currency's exponent. */
public record InvoiceView(
        UUID id,
        InvoiceDirection direction,
        String number,
        InvoiceStatus status,
        String counterpartyName,
        String counterpartyIban,
        String currency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal totalAmount,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amountDue,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal creditAmount,
        LocalDate issueDate,
        LocalDate dueDate,
        String paymentReference,
        long version) {

    static InvoiceView of(Invoice i, LocalDate today) {
        return new InvoiceView(i.id, i.direction, i.number, i.effectiveStatus(today), i.counterpartyName,
                i.counterpartyIban, i.currency, i.totalAmount, i.amountDue, i.creditAmount, i.issueDate, i.dueDate,
                i.paymentReference, i.version);
    }
}
