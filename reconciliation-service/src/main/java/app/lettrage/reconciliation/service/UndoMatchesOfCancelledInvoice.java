package app.lettrage.reconciliation.service;

import app.lettrage.matching.OpenItemBook;
import app.lettrage.reconciliation.OpenItem;
import app.lettrage.reconciliation.repository.PaymentMatchRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An invoice was cancelled (by its credit note) while a match that pays it was in flight: invoice-service refuses that
 * match, so the match is undone here too (PaymentUnmatched) and its transaction is decided again without the invoice,
 * to be matched elsewhere or to wait. Without this the two services would disagree for ever: the transaction MATCHED
 * here, the invoice with no payment there (ADR 0006). Runs in the caller's transaction, which holds the tenant's lock
 * and has already taken the invoice out of the book.
 */
@ApplicationScoped
public class UndoMatchesOfCancelledInvoice {

    /** Who the undone match names as having undone it: the cancellation came from invoice-service. */
    static final String BY = "invoice-service";

    private final PaymentMatchRepository matches;
    private final UndoMatch undoMatch;
    private final DecideTransaction decisions;
    private final Counter undone;

    public UndoMatchesOfCancelledInvoice(
            PaymentMatchRepository matches, UndoMatch undoMatch, DecideTransaction decisions, MeterRegistry metrics) {
        this.matches = matches;
        this.undoMatch = undoMatch;
        this.decisions = decisions;
        this.undone = Counter.builder("lettrage.reconciliation.matches.undone")
                .description(
                        "matches undone without a person: their invoice was cancelled while the payment was in flight")
                .tag("cause", "invoice-cancelled")
                .register(metrics);
    }

    /** Undoes every active match with an allocation to the (cancelled) item; {@code creditNote} may be null. */
    public Uni<Void> undoAll(OpenItem item, OpenItemBook book, String creditNote) {
        String reason = "invoice " + item.number() + " was cancelled"
                + (creditNote == null ? "" : " by credit note " + creditNote)
                + " while this payment was on its way to it";
        return matches.lockActiveAllocatingTo(item.tenantId(), item.invoiceId())
                .flatMap(active -> InOrder.each(
                        active,
                        m -> undoMatch
                                .undo(m, book, BY, reason)
                                // the undone match must leave the one-active-match index before a new decision inserts
                                // one
                                .call(x -> matches.flush())
                                .invoke(u -> {
                                    undone.increment();
                                    Log.infof(
                                            "match %s of transaction %s undone: %s",
                                            m.id(), u.transaction().transactionId(), reason);
                                })
                                .flatMap(u -> decisions.decideAgain(
                                        u.transaction(), book, "match " + m.id() + " undone: " + reason))));
    }
}
