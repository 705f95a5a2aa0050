package app.lettrage.invoice.repository;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.InvoiceStatus;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What a list of invoices may be narrowed by; every field is optional. {@code text} searches the number and the
 * counterparty's name; {@code sort} is a field name, descending with a leading '-'.
 */
public record InvoiceFilter(InvoiceStatus status, InvoiceDirection direction, String counterparty, String text,
        LocalDate dueFrom, LocalDate dueTo, BigDecimal minTotal, BigDecimal maxTotal, String sort) {

    /** The sortable fields, API name to entity attribute. */
    public static final java.util.Map<String, String> SORTABLE = java.util.Map.of(
            "number", "number", "dueDate", "dueDate", "issueDate", "issueDate", "totalAmount", "totalAmount",
            "amountDue", "amountDue", "counterpartyName", "counterpartyName", "createdAt", "createdAt");

    public static InvoiceFilter none() {
        return new InvoiceFilter(null, null, null, null, null, null, null, null, null);
    }
}
