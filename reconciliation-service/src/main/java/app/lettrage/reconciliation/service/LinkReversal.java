package app.lettrage.reconciliation.service;

import app.lettrage.events.ReturnReasons;
import app.lettrage.reconciliation.MatchAllocation;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.ReconTransaction.State;
import app.lettrage.reconciliation.ReversalLink;
import app.lettrage.reconciliation.repository.PaymentMatchRepository;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.stream.Collectors;

/**
 * Links a reversal (a returned direct debit, a returned or reversed transfer, a chargeback) to the payment it undoes,
 * by {@link ReversalLink}'s rules, in the caller's transaction, which holds the tenant's lock. A payment that was
 * MATCHED has its match undone and PaymentReversed published ({@link UndoMatch#reverse}); one that was not is simply
 * REVERSED. The reversal is never decided by the engine: linked, it is REVERSAL; not linked, it stays UNMATCHED with
 * the reason, and is tried again each time a payment it could undo arrives (the streams give no order between a
 * payment and its return when they come from different imports).
 */
@ApplicationScoped
public class LinkReversal {

    /** How many waiting reversals a newly arrived payment re-examines (oldest first). */
    static final int WAITING_LIMIT = 20;

    private final ReconTransactionRepository transactions;
    private final PaymentMatchRepository matches;
    private final Books books;
    private final UndoMatch undoMatch;
    private final MeterRegistry metrics;
    private final Clock clock;

    public LinkReversal(
            ReconTransactionRepository transactions,
            PaymentMatchRepository matches,
            Books books,
            UndoMatch undoMatch,
            MeterRegistry metrics,
            Clock clock) {
        this.transactions = transactions;
        this.matches = matches;
        this.books = books;
        this.undoMatch = undoMatch;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Links the (stored, UNMATCHED) reversal to its payment, or leaves it waiting with the reason. */
    public Uni<Void> link(ReconTransaction reversal) {
        return transactions
                .flush()
                .flatMap(x -> transactions.reversibleBy(reversal))
                .flatMap(payments -> {
                    ReversalLink.Outcome outcome = ReversalLink.find(reversal, payments);
                    if (!outcome.linked()) {
                        reversal.awaitOriginal(outcome.reason(), clock.instant());
                        metrics.counter("lettrage.reconciliation.reversals", "outcome", "waiting")
                                .increment();
                        return Uni.createFrom().voidItem();
                    }
                    return undo(reversal, outcome.original(), outcome.reason(), "automatic");
                });
    }

    /**
     * Links {@code reversal} (locked, UNMATCHED) as undoing {@code payment} (locked, UNMATCHED, SUGGESTED or MATCHED),
     * which the caller chose, {@code why} explaining how: a MATCHED payment has its match undone and PaymentReversed
     * published; one that settled nothing is just REVERSED. The automatic link and a person's link both end here.
     */
    public Uni<Void> undo(ReconTransaction reversal, ReconTransaction payment, String why, String linkedBy) {
        String onPayment = "reversed by transaction " + reversal.transactionId() + " of " + reversal.bookingDate()
                + (reversal.returnReason() == null
                        ? ""
                        : ": return reason " + ReturnReasons.describe(reversal.returnReason()));
        Uni<String> undone = payment.isIn(State.MATCHED)
                ? undoMatchOf(payment, reversal, onPayment)
                : Uni.createFrom().item(() -> {
                    payment.reverse(reversal.transactionId(), onPayment, clock.instant());
                    return "; the payment had settled no invoice";
                });
        return undone.invoke(note -> {
                    reversal.linkAsReversalOf(payment.transactionId(), why + note, clock.instant());
                    // one tag set per meter name (Prometheus): who linked is in the reasons and the log
                    metrics.counter("lettrage.reconciliation.reversals", "outcome", "linked")
                            .increment();
                    Log.infof(
                            "transaction %s reverses %s (%s)",
                            reversal.transactionId(), payment.transactionId(), linkedBy);
                })
                .replaceWithVoid();
    }

    /**
     * A payment just arrived: a reversal that waited for it is linked now. Returns whether the payment was reversed
     * (then it is not decided against invoices: the money went back).
     */
    public Uni<Boolean> reversalsWaitingFor(ReconTransaction payment) {
        return transactions.reversalsWaitingFor(payment, WAITING_LIMIT).flatMap(waiting -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ReconTransaction reversal : waiting) {
                // the first reversal that picks this payment takes it; the others keep waiting
                chain = chain.flatMap(
                        x -> payment.isIn(State.REVERSED) ? Uni.createFrom().voidItem() : link(reversal));
            }
            return chain.map(x -> payment.isIn(State.REVERSED));
        });
    }

    private Uni<String> undoMatchOf(ReconTransaction payment, ReconTransaction reversal, String onPayment) {
        String tenantId = payment.tenantId();
        return matches.activeFor(tenantId, payment.transactionId()).flatMap(active -> {
            if (active == null) {
                // MATCHED without an active match cannot happen (one transaction changes both); be safe: no event
                payment.reverse(reversal.transactionId(), onPayment, clock.instant());
                return Uni.createFrom().item("; the payment had no active match");
            }
            return matches.lockForTenant(tenantId, active.id())
                    .flatMap(m -> books.current(tenantId)
                            .flatMap(book -> undoMatch.reverse(m, payment, reversal, book, onPayment))
                            .map(allocs -> "; its match " + m.id() + " is undone: "
                                    + allocs.stream().map(LinkReversal::given).collect(Collectors.joining(", "))
                                    + " back to amount due"));
        });
    }

    private static String given(MatchAllocation a) {
        return (a.invoiceNumber() == null ? a.invoiceId() : a.invoiceNumber()) + " "
                + a.amount().toPlainString() + " " + a.currency();
    }
}
