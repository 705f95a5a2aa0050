package app.lettrage.invoice.repository;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.InvoiceKind;
import app.lettrage.invoice.InvoiceStatus;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * What a list of invoices may be narrowed by; every field is optional. {@code text} matches a number that starts with
 * it or a counterparty name that has every word of it; {@code counterparty} matches names that have every word of it;
 * {@code sort} is a field name, descending with a leading '-'.
 */
public record InvoiceFilter(
        InvoiceStatus status,
        InvoiceDirection direction,
        InvoiceKind kind,
        String counterparty,
        String text,
        LocalDate dueFrom,
        LocalDate dueTo,
        LocalDate issueFrom,
        LocalDate issueTo,
        BigDecimal minTotal,
        BigDecimal maxTotal,
        String sort) {

    /** The sortable fields, API name to column; each has an index (tenant_id, column, id). */
    public static final Map<String, String> SORTABLE = Map.of(
            "number",
            "number",
            "dueDate",
            "due_date",
            "issueDate",
            "issue_date",
            "totalAmount",
            "total_amount",
            "amountDue",
            "amount_due",
            "counterpartyName",
            "counterparty_name",
            "createdAt",
            "created_at");
}
