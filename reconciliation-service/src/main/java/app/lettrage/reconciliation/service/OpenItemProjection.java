package app.lettrage.reconciliation.service;

import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.identifiers.Iban;
import app.lettrage.matching.OpenItemBook;
import app.lettrage.reconciliation.OpenItem;
import app.lettrage.reconciliation.repository.OpenItemRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Keeps the open items, and the tenant's book, from invoice-service's events. Runs in the caller's transaction, which
 * holds the tenant's lock ({@link TenantLock}).
 */
@ApplicationScoped
public class OpenItemProjection {

    /** The status InvoiceChanged carries for a cancelled invoice. */
    private static final String CANCELLED = "CANCELLED";

    private final OpenItemRepository openItems;
    private final Books books;
    private final DecideTransaction decisions;
    private final UndoMatchesOfCancelledInvoice cancelledMatches;
    private final Clock clock;

    public OpenItemProjection(
            OpenItemRepository openItems,
            Books books,
            DecideTransaction decisions,
            UndoMatchesOfCancelledInvoice cancelledMatches,
            Clock clock) {
        this.openItems = openItems;
        this.books = books;
        this.decisions = decisions;
        this.cancelledMatches = cancelledMatches;
        this.clock = clock;
    }

    /** A new open item; the transactions that waited for an invoice like it are decided again. */
    public Uni<Void> onInvoiceIssued(InvoiceIssued e) {
        return openItems.findById(e.invoiceId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            return books.current(e.tenantId()).flatMap(book -> {
                OpenItem item = OpenItem.issued(e, clock.instant());
                book.upsert(item.toInvoice());
                return openItems
                        .persist(item)
                        .flatMap(x -> books.bump(item.tenantId()))
                        .flatMap(x -> item.isOpen()
                                ? decisions.decideWaitingFor(book, item)
                                : Uni.createFrom().voidItem());
            });
        });
    }

    /** Takes what may change on an issued invoice; the amount due stays ours (every payment is decided here). */
    public Uni<Void> onInvoiceChanged(InvoiceChanged e) {
        return openItems.lockForTenant(e.tenantId(), e.invoiceId()).flatMap(item -> {
            if (item == null) {
                return Uni.createFrom().voidItem();
            }
            String iban = Iban.normalize(e.counterpartyIban());
            boolean cancelled = CANCELLED.equals(e.status()) && !item.isCancelled();
            if (!cancelled && item.hasDetails(e.dueDate(), e.counterpartyName(), iban)) {
                return Uni.createFrom().voidItem(); // e.g. the echo of our own payment: nothing matchable changed
            }
            return books.current(e.tenantId()).flatMap(book -> {
                Instant now = clock.instant();
                item.amend(e.dueDate(), e.counterpartyName(), iban, now);
                if (cancelled) {
                    return cancel(item, book, null);
                }
                if (!item.isCancelled()) {
                    book.upsert(item.toInvoice());
                }
                return books.bump(e.tenantId());
            });
        });
    }

    /** A cancelled invoice is no longer matchable, and a match that was paying it is undone. */
    public Uni<Void> onInvoiceCancelled(InvoiceCancelled e) {
        return openItems.lockForTenant(e.tenantId(), e.invoiceId()).flatMap(item -> {
            if (item == null || item.isCancelled()) {
                return Uni.createFrom().voidItem();
            }
            return books.current(e.tenantId()).flatMap(book -> cancel(item, book, e.creditNoteNumber()));
        });
    }

    /**
     * Out of the book first, so that a transaction whose match is undone is decided again without this invoice;
     * then its matches are undone (ADR 0006).
     */
    private Uni<Void> cancel(OpenItem item, OpenItemBook book, String creditNote) {
        item.cancel(clock.instant());
        book.remove(item.invoiceId());
        return books.bump(item.tenantId()).flatMap(x -> cancelledMatches.undoAll(item, book, creditNote));
    }
}
