package app.lettrage.invoice.service;

import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceLine;
import java.time.LocalDate;
import java.util.List;

/**
 * An invoice with its lines, "today" in its tenant's zone (for the derived OVERDUE) and, when read as a single
 * invoice, its credit notes (null when not read).
 */
public record InvoiceDetail(Invoice invoice, List<InvoiceLine> lines, LocalDate today, List<Invoice> creditNotes) {

    /** Without its credit notes: an answer to a change that shows the invoice as it now is. */
    public InvoiceDetail(Invoice invoice, List<InvoiceLine> lines, LocalDate today) {
        this(invoice, lines, today, null);
    }
}
