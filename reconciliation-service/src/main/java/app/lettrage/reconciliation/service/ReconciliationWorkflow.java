package app.lettrage.reconciliation.service;

import app.lettrage.events.MatchDecision;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.MatchAllocation;
import app.lettrage.reconciliation.PaymentMatch;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.ReconTransaction.State;
import app.lettrage.reconciliation.StoredCandidate;
import app.lettrage.reconciliation.repository.OpenItemRepository;
import app.lettrage.reconciliation.repository.PaymentMatchRepository;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import app.lettrage.reconciliation.repository.RejectedCandidateRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A person's review of the engine's decisions: confirm or reject a suggestion, undo a match. Each runs in one
 * transaction holding the tenant's lock, so two people acting on the same transaction at once change it once.
 */
@ApplicationScoped
public class ReconciliationWorkflow {

    private final TenantLock tenantLock;
    private final ReconTransactionRepository transactions;
    private final PaymentMatchRepository matches;
    private final OpenItemRepository openItems;
    private final RejectedCandidateRepository rejectedCandidates;
    private final Books books;
    private final ApplyMatch applyMatch;
    private final ReconciliationQueries queries;
    private final UndoMatch undoMatch;
    private final CalibrationOutcomes calibration;
    private final Clock clock;

    public ReconciliationWorkflow(
            TenantLock tenantLock,
            ReconTransactionRepository transactions,
            PaymentMatchRepository matches,
            OpenItemRepository openItems,
            RejectedCandidateRepository rejectedCandidates,
            Books books,
            ApplyMatch applyMatch,
            ReconciliationQueries queries,
            UndoMatch undoMatch,
            CalibrationOutcomes calibration,
            Clock clock) {
        this.tenantLock = tenantLock;
        this.transactions = transactions;
        this.matches = matches;
        this.openItems = openItems;
        this.rejectedCandidates = rejectedCandidates;
        this.books = books;
        this.applyMatch = applyMatch;
        this.queries = queries;
        this.undoMatch = undoMatch;
        this.calibration = calibration;
        this.clock = clock;
    }

    /** Confirms the transaction's suggestion (candidate 0 unless another is chosen): PaymentMatched, CONFIRMED. */
    public Uni<MatchWithAllocations> confirm(String tenantId, String transactionId, Integer candidate, String by) {
        return tenantLock.inTenantTransaction(
                tenantId,
                () -> transactions.lockForTenant(tenantId, transactionId).flatMap(tx -> {
                    StateCheck.require(tx, transactionId, "confirmed", State.SUGGESTED);
                    List<StoredCandidate> candidates = tx.candidates();
                    int index = candidate == null ? 0 : candidate;
                    if (index < 0 || index >= candidates.size()) {
                        throw ProblemException.badRequest(
                                "candidate",
                                "must be between 0 and " + (candidates.size() - 1) + " (the transaction has "
                                        + candidates.size() + " candidates)");
                    }
                    StoredCandidate chosen = candidates.get(index);
                    return InOrder.each(
                                    chosen.allocations(),
                                    a -> openItems
                                            .lockForTenant(tenantId, a.invoiceId())
                                            .invoke(item -> {
                                                if (item == null || !item.canSettle(a.amount())) {
                                                    throw ProblemException.conflict(
                                                            "stale-suggestion",
                                                            "invoice " + a.invoiceNumber() + " is no longer open for "
                                                                    + a.amount().toPlainString() + " " + a.currency()
                                                                    + ": match the transaction by hand");
                                                }
                                            })
                                            .replaceWithVoid())
                            // another candidate than the top one: the engine's proposal was wrong
                            .flatMap(x -> calibration.suggestionDecided(tx, index == 0))
                            .flatMap(x -> books.current(tenantId))
                            .<PaymentMatch>flatMap(book -> {
                                List<String> reasons = new ArrayList<>(chosen.reasons());
                                reasons.add("suggestion confirmed by " + by);
                                return applyMatch.byPerson(
                                        tx,
                                        book,
                                        chosen.allocations(),
                                        MatchDecision.CONFIRMED,
                                        chosen.confidence().doubleValue(),
                                        reasons,
                                        by);
                            })
                            .flatMap(queries::withAllocations);
                }));
    }

    /**
     * Rejects the suggestion's invoices (all candidates' unless some are named): they are never proposed again for
     * this transaction. The transaction stays SUGGESTED only if candidates without them remain.
     */
    public Uni<ReconTransaction> reject(String tenantId, String transactionId, List<String> invoiceIds, String by) {
        return tenantLock.inTenantTransaction(
                tenantId,
                () -> transactions.lockForTenant(tenantId, transactionId).flatMap(tx -> {
                    StateCheck.require(tx, transactionId, "rejected", State.SUGGESTED);
                    Set<String> proposed = tx.proposedInvoiceIds();
                    Set<String> rejected = new LinkedHashSet<>();
                    if (invoiceIds == null || invoiceIds.isEmpty()) {
                        rejected.addAll(proposed);
                    } else {
                        for (int i = 0; i < invoiceIds.size(); i++) {
                            if (!proposed.contains(invoiceIds.get(i))) {
                                throw ProblemException.badRequest(
                                        "invoiceIds[" + i + "]",
                                        "invoice " + invoiceIds.get(i) + " is not among this transaction's candidates");
                            }
                            rejected.add(invoiceIds.get(i));
                        }
                    }
                    // the proposal was wrong when its top candidate's invoices are among those rejected
                    boolean topRejected = !tx.candidates().isEmpty()
                            && tx.candidates().get(0).invoiceIds().stream().anyMatch(rejected::contains);
                    Uni<Void> counted = topRejected
                            ? calibration.suggestionDecided(tx, false)
                            : Uni.createFrom().voidItem();
                    tx.reject(rejected, by);
                    return counted.flatMap(x ->
                                    rejectedCandidates.record(tenantId, transactionId, rejected, by, clock.instant()))
                            .replaceWith(tx);
                }));
    }

    /**
     * Undoes an active match: the open items get their amount due back, PaymentUnmatched tells invoice-service, and
     * the transaction is unmatched (its invoices are not proposed for it again). Null when the tenant has no such match.
     */
    public Uni<MatchWithAllocations> undo(String tenantId, UUID id, String by, String reason) {
        return tenantLock.inTenantTransaction(
                tenantId,
                () -> matches.lockForTenant(tenantId, id).onItem().ifNotNull().transformToUni(m -> {
                    if (m.isUndone()) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "already-undone", "match " + id + " was undone at " + m.undoneAt()));
                    }
                    return calibration
                            .undoneByPerson(m)
                            .flatMap(x -> books.current(tenantId))
                            .flatMap(book -> undoMatch.undo(m, book, by, reason))
                            .call(undone -> rejectedCandidates.record(
                                    tenantId,
                                    undone.transaction().transactionId(),
                                    undone.allocations().stream()
                                            .map(MatchAllocation::invoiceId)
                                            .collect(Collectors.toCollection(LinkedHashSet::new)),
                                    by,
                                    clock.instant()))
                            .invoke(() -> Log.infof("match %s undone by %s", id, by))
                            .map(undone -> new MatchWithAllocations(m, undone.allocations()));
                }));
    }
}
