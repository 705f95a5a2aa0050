package app.lettrage.reconciliation.service;

import app.lettrage.events.TransactionImported;
import app.lettrage.matching.Candidate;
import app.lettrage.matching.Decision;
import app.lettrage.matching.MatchStatus;
import app.lettrage.matching.MatchingEngine;
import app.lettrage.matching.MatchingSettings;
import app.lettrage.matching.OpenItemBook;
import app.lettrage.reconciliation.OpenItem;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.ReconTransaction.State;
import app.lettrage.reconciliation.StoredCandidate;
import app.lettrage.reconciliation.repository.PaymentMatchRepository;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import app.lettrage.reconciliation.repository.RejectedCandidateRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Takes in each imported transaction and has the engine decide it against the tenant's in-memory book and settings:
 * AUTO_MATCHED is applied (PaymentMatched, decided by AUTO), SUGGESTED keeps the engine's candidates for a person,
 * UNMATCHED waits until an invoice that could explain it opens. A reversal is not decided: it is linked to the payment
 * it undoes ({@link LinkReversal}), and a payment that a waiting reversal undoes is not decided either. Runs in the
 * caller's transaction, which holds the tenant's lock ({@link TenantLock}).
 */
@ApplicationScoped
public class DecideTransaction {

    /** How many waiting transactions an invoice that opens re-examines (oldest first). */
    static final int WAITING_LIMIT = 50;

    private final ReconTransactionRepository transactions;
    private final PaymentMatchRepository matches;
    private final RejectedCandidateRepository rejectedCandidates;
    private final Books books;
    private final MatchingSettingsService settings;
    private final ApplyMatch applyMatch;
    private final LinkReversal reversals;
    private final CalibrationOutcomes calibration;
    private final MeterRegistry metrics;
    private final Timer decisionTimer;
    private final Clock clock;
    private final MatchingEngine engine = new MatchingEngine();

    public DecideTransaction(
            ReconTransactionRepository transactions,
            PaymentMatchRepository matches,
            RejectedCandidateRepository rejectedCandidates,
            Books books,
            MatchingSettingsService settings,
            ApplyMatch applyMatch,
            LinkReversal reversals,
            CalibrationOutcomes calibration,
            MeterRegistry metrics,
            Clock clock) {
        this.transactions = transactions;
        this.matches = matches;
        this.rejectedCandidates = rejectedCandidates;
        this.books = books;
        this.settings = settings;
        this.applyMatch = applyMatch;
        this.reversals = reversals;
        this.calibration = calibration;
        this.metrics = metrics;
        this.clock = clock;
        this.decisionTimer = Timer.builder("lettrage.reconciliation.decision.latency")
                .description("time to decide one transaction with the engine and store the decision")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
    }

    public Uni<Void> onTransactionImported(TransactionImported e) {
        return transactions.findById(e.transactionId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem(); // the same transaction again (new event id): decided once
            }
            ReconTransaction tx = ReconTransaction.imported(e, clock.instant());
            if (tx.isIn(State.PENDING)) {
                // never decided while pending; and a booked version that arrived first wins
                return transactions
                        .supersededBy(tx.tenantId(), tx.transactionId())
                        .flatMap(newer -> {
                            if (newer != null) {
                                tx.supersededOnArrival();
                            }
                            return transactions.persist(tx).replaceWithVoid();
                        });
            }
            return transactions.persist(tx).flatMap(t -> supersede(tx)).flatMap(carried -> {
                if (carried) {
                    return Uni.createFrom().voidItem();
                }
                if (tx.isReversal()) {
                    return reversals.link(tx); // undoes a payment; never pays an invoice
                }
                return reversals
                        .reversalsWaitingFor(tx)
                        .flatMap(reversed -> reversed
                                ? Uni.createFrom().voidItem()
                                : books.current(tx.tenantId())
                                        .flatMap(book -> settings.of(tx.tenantId())
                                                .flatMap(s -> decide(tx, book, s, Set.of()))));
            });
        });
    }

    /**
     * A booked transaction that replaces an earlier version marks it SUPERSEDED. If the earlier one was already
     * matched, its match moves to the new version (nothing is published: the invoices were paid once) and the new
     * version is not decided again. Returns whether a match was carried over.
     */
    private Uni<Boolean> supersede(ReconTransaction tx) {
        if (tx.supersedesTransactionId() == null) {
            return Uni.createFrom().item(false);
        }
        return transactions
                .lockForTenant(tx.tenantId(), tx.supersedesTransactionId())
                .flatMap(old -> {
                    if (old == null || old.isIn(State.SUPERSEDED)) {
                        return Uni.createFrom().item(false);
                    }
                    boolean wasMatched = old.isIn(State.MATCHED);
                    old.supersede(tx.transactionId());
                    if (!wasMatched) {
                        return Uni.createFrom().item(false);
                    }
                    return matches.activeFor(tx.tenantId(), old.transactionId()).flatMap(m -> {
                        if (m == null) {
                            return Uni.createFrom().item(false);
                        }
                        // the match's foreign key needs the new version's row inserted first
                        return transactions.flush().map(x -> {
                            m.moveTo(tx.transactionId());
                            tx.takeOver(m, old.transactionId(), clock.instant());
                            return true;
                        });
                    });
                });
    }

    /**
     * A payment often arrives before its invoice is known here (the streams are independent): an invoice that opens
     * has the engine decide again the waiting transactions that could be its payment.
     */
    public Uni<Void> decideWaitingFor(OpenItemBook book, OpenItem item) {
        return transactions
                .waitingFor(item, WAITING_LIMIT)
                .flatMap(waiting -> waiting.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : settings.of(item.tenantId())
                                .flatMap(s -> InOrder.each(
                                        waiting,
                                        tx -> rejectedCandidates
                                                .invoiceIds(tx.tenantId(), tx.transactionId())
                                                .flatMap(rejected -> decide(tx, book, s, rejected)))));
    }

    /**
     * A transaction whose match was undone without a person's say (its invoice was cancelled) is decided again, as if
     * it had just arrived: it may match another invoice, be suggested, or wait. Invoices a person rejected for it stay
     * rejected.
     */
    public Uni<Void> decideAgain(ReconTransaction tx, OpenItemBook book, String why) {
        return settings.of(tx.tenantId())
                .flatMap(s -> rejectedCandidates
                        .invoiceIds(tx.tenantId(), tx.transactionId())
                        .flatMap(rejected -> decide(tx, book, s, rejected, why)));
    }

    /** Has the engine decide one booked transaction against the book and stores (and for AUTO applies) the decision. */
    private Uni<Void> decide(ReconTransaction tx, OpenItemBook book, MatchingSettings s, Set<String> rejected) {
        return decide(tx, book, s, rejected, null);
    }

    private Uni<Void> decide(
            ReconTransaction tx, OpenItemBook book, MatchingSettings s, Set<String> rejected, String note) {
        long start = System.nanoTime();
        Decision d = withNote(withoutRejected(engine.decide(tx.toBankTransaction(), book, s), rejected), note);
        metrics.counter(
                        "lettrage.reconciliation.decisions",
                        "outcome",
                        d.status().name())
                .increment();
        List<StoredCandidate> candidates =
                d.candidates().stream().map(c -> StoredCandidate.of(c, book)).toList();
        BigDecimal confidence = StoredCandidate.confidence(d.confidence());
        Uni<Void> outcome = Uni.createFrom().voidItem();
        tx.engineDecided(
                d.status(), d.status() == MatchStatus.SUGGESTED && shortOfThresholdOnly(tx, book, s, d, rejected));
        if (d.status() == MatchStatus.AUTO_MATCHED) {
            tx.keepCandidates(candidates);
            outcome = applyMatch
                    .byEngine(tx, book, s, d)
                    .flatMap(m -> calibration.autoMatched(tx.tenantId(), d.confidence()));
        } else if (d.status() == MatchStatus.SUGGESTED) {
            tx.suggest(candidates, confidence, d.reasons(), clock.instant());
        } else {
            tx.leaveUnmatched(candidates, confidence, d.reasons(), clock.instant());
        }
        return outcome.invoke(() -> decisionTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /**
     * Whether a suggestion fell short of the threshold alone: decided again with the threshold at the calibration's
     * floor, the engine settles the same invoices (no veto, no ambiguity). Only such suggestions tell what a lower
     * threshold would do; below the floor none would ever be automatic, so the engine is not asked twice.
     */
    private boolean shortOfThresholdOnly(
            ReconTransaction tx, OpenItemBook book, MatchingSettings s, Decision d, Set<String> rejected) {
        double floor = MatchingSettingsService.floor(s);
        if (d.confidence() < floor || floor >= s.autoMatchThreshold()) {
            return false;
        }
        Decision atFloor =
                withoutRejected(engine.decide(tx.toBankTransaction(), book, s.withAutoMatchThreshold(floor)), rejected);
        return atFloor.status() == MatchStatus.AUTO_MATCHED
                && atFloor.allocations().equals(d.allocations());
    }

    private static Decision withNote(Decision d, String note) {
        if (note == null) {
            return d;
        }
        List<String> reasons = new ArrayList<>();
        reasons.add(note);
        reasons.addAll(d.reasons());
        return new Decision(d.transactionId(), d.status(), d.allocations(), d.confidence(), reasons, d.candidates());
    }

    /** Candidates naming an invoice a person rejected for this transaction are dropped; AUTO on one of them too. */
    static Decision withoutRejected(Decision d, Set<String> rejected) {
        if (rejected.isEmpty()) {
            return d;
        }
        List<Candidate> kept = d.candidates().stream()
                .filter(c -> c.invoiceIds().stream().noneMatch(rejected::contains))
                .toList();
        boolean autoKept = d.status() == MatchStatus.AUTO_MATCHED
                && d.allocations().stream().noneMatch(a -> rejected.contains(a.invoiceId()));
        if (autoKept
                || (d.status() == MatchStatus.UNMATCHED
                        && kept.size() == d.candidates().size())) {
            return new Decision(d.transactionId(), d.status(), d.allocations(), d.confidence(), d.reasons(), kept);
        }
        List<String> reasons = new ArrayList<>(d.reasons());
        reasons.add("invoices rejected by a person for this transaction are not proposed again: "
                + new TreeSet<>(rejected));
        if (kept.isEmpty()) {
            return new Decision(d.transactionId(), MatchStatus.UNMATCHED, List.of(), 0.0, reasons, List.of());
        }
        return new Decision(
                d.transactionId(),
                MatchStatus.SUGGESTED,
                kept.get(0).allocations(),
                kept.get(0).confidence(),
                reasons,
                kept);
    }
}
