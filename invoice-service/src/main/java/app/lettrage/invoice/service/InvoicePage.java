package app.lettrage.invoice.service;

import app.lettrage.invoice.Invoice;
import java.time.LocalDate;
import java.util.List;

/** One page of a list; {@code total} is exact when {@code totalExact}, else a lower bound (the count stops at a cap). */
public record InvoicePage(List<Invoice> items, long total, boolean totalExact, LocalDate today) {}
