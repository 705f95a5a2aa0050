package app.lettrage.invoice.service;

import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceLine;
import java.time.LocalDate;
import java.util.List;

/** An invoice with its lines, and "today" in its tenant's zone (for the derived OVERDUE). */
public record InvoiceDetail(Invoice invoice, List<InvoiceLine> lines, LocalDate today) {}
