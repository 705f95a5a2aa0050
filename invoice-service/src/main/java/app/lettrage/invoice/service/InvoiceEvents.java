package app.lettrage.invoice.service;

import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.invoice.Invoice;

/** The events an invoice publishes, each built in one place from the invoice as it now is. */
final class InvoiceEvents {

    /** The outbox's aggregate type of every invoice event. */
    static final String AGGREGATE = "Invoice";

    private InvoiceEvents() {}

    static InvoiceIssued issued(Invoice inv) {
        return new InvoiceIssued(
                inv.id.toString(),
                inv.tenantId,
                inv.direction,
                inv.number,
                inv.paymentReference,
                inv.paymentReferenceType,
                inv.counterparty.name,
                inv.counterparty.iban,
                inv.counterparty.vatNumber,
                inv.currency,
                inv.totalAmount,
                inv.balance.amountDue,
                inv.issueDate,
                inv.dueDate,
                inv.updatedAt);
    }

    /** The invoice's whole matchable state, and what changed ({@code change}: PAYMENT_APPLIED, DUE_DATE, ...). */
    static InvoiceChanged changed(Invoice inv, String change) {
        return new InvoiceChanged(
                inv.id.toString(),
                inv.tenantId,
                inv.direction,
                inv.number,
                inv.status.name(),
                inv.paymentReference,
                inv.counterparty.name,
                inv.counterparty.iban,
                inv.currency,
                inv.totalAmount,
                inv.balance.amountDue,
                inv.dueDate,
                change,
                inv.updatedAt);
    }

    static InvoiceCancelled cancelled(Invoice inv, Invoice creditNote) {
        return new InvoiceCancelled(
                inv.id.toString(),
                inv.tenantId,
                inv.number,
                creditNote.id.toString(),
                creditNote.number,
                inv.cancelReason,
                creditNote.createdAt);
    }
}
