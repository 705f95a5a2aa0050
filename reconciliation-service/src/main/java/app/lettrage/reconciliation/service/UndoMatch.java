package app.lettrage.reconciliation.service;

import app.lettrage.events.PaymentReversed;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.matching.OpenItemBook;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.reconciliation.MatchAllocation;
import app.lettrage.reconciliation.PaymentMatch;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.repository.OpenItemRepository;
import app.lettrage.reconciliation.repository.PaymentMatchRepository;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;

/**
 * Undoes an active match in the caller's transaction, which holds the tenant's lock: the open items get their amount
 * due back (in the database and in the book), the transaction is unmatched, and PaymentUnmatched tells
 * invoice-service. A person's undo and an invoice's cancellation both end here.
 */
@ApplicationScoped
public class UndoMatch {

    /** The transaction the match explained, now UNMATCHED, and what the match had allocated. */
    public record Undone(ReconTransaction transaction, List<MatchAllocation> allocations) {}

    private final PaymentMatchRepository matches;
    private final ReconTransactionRepository transactions;
    private final OpenItemRepository openItems;
    private final Books books;
    private final Outbox outbox;
    private final Clock clock;

    public UndoMatch(
            PaymentMatchRepository matches,
            ReconTransactionRepository transactions,
            OpenItemRepository openItems,
            Books books,
            Outbox outbox,
            Clock clock) {
        this.matches = matches;
        this.transactions = transactions;
        this.openItems = openItems;
        this.books = books;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** {@code by} undoes the (locked, active) match {@code m}; {@code book} is the tenant's current book. */
    public Uni<Undone> undo(PaymentMatch m, OpenItemBook book, String by, String reason) {
        return giveBack(m, book, by)
                .flatMap(allocs -> transactions
                        .lockForTenant(m.tenantId(), m.transactionId())
                        .flatMap(tx -> {
                            tx.unmatch(by, reason);
                            return outbox.append(PaymentMatch.AGGREGATE, unmatched(m, allocs, reason))
                                    .replaceWith(new Undone(tx, allocs));
                        }));
    }

    /**
     * The bank undid the payment {@code payment} (locked, MATCHED by the active, locked match {@code m}) with the line
     * {@code reversal}: the match is undone, the payment is REVERSED, and PaymentReversed tells invoice-service, with
     * the bank's return reason. Returns what the match had allocated.
     */
    public Uni<List<MatchAllocation>> reverse(
            PaymentMatch m, ReconTransaction payment, ReconTransaction reversal, OpenItemBook book, String reason) {
        return giveBack(m, book, "bank: reversal " + reversal.transactionId())
                .invoke(allocs -> {
                    payment.reverse(reversal.transactionId(), reason, clock.instant());
                })
                .call(allocs -> outbox.append(PaymentMatch.AGGREGATE, reversed(m, reversal, allocs)));
    }

    /** Undoes {@code m} and gives its allocations back to the open items, in the database and in the book. */
    private Uni<List<MatchAllocation>> giveBack(PaymentMatch m, OpenItemBook book, String by) {
        String tenantId = m.tenantId();
        m.undo(by, clock.instant());
        return matches.allocations(m.id()).flatMap(allocs -> {
            for (MatchAllocation a : allocs) {
                // a cancelled invoice is no longer in the book: nothing to give back there
                if (book.invoice(a.invoiceId()).isPresent()) {
                    book.revertAllocation(a.invoiceId(), a.amount());
                }
            }
            return InOrder.each(allocs, a -> revertDue(tenantId, a))
                    .flatMap(x -> books.bump(tenantId))
                    .replaceWith(allocs);
        });
    }

    private Uni<Void> revertDue(String tenantId, MatchAllocation a) {
        return openItems
                .lockForTenant(tenantId, a.invoiceId())
                .invoke(item -> {
                    if (item != null) {
                        item.revert(a.amount(), clock.instant());
                    }
                })
                .replaceWithVoid();
    }

    private static PaymentReversed reversed(PaymentMatch m, ReconTransaction reversal, List<MatchAllocation> allocs) {
        return new PaymentReversed(
                m.id().toString(),
                m.tenantId(),
                m.transactionId(),
                reversal.transactionId(),
                allocs.stream().map(MatchAllocation::toEvent).toList(),
                reversal.returnReason(),
                m.undoneAt());
    }

    private static PaymentUnmatched unmatched(PaymentMatch m, List<MatchAllocation> allocs, String reason) {
        return new PaymentUnmatched(
                m.id().toString(),
                m.tenantId(),
                m.transactionId(),
                allocs.stream().map(MatchAllocation::toEvent).toList(),
                reason,
                m.undoneAt());
    }
}
