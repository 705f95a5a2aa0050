package app.lettrage.reconciliation.service;

import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.ReconTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * A person's decision on many suggestions at once, for a list with checkboxes. Each transaction is decided by the
 * single-transaction workflow, in its own transaction under the tenant's lock, one after the other: a refused item
 * (404, 409, 400) is reported in its outcome and does not undo nor stop the others. A failure that is not a client
 * problem (database down) ends the batch; the items decided before it stay decided, as with single calls.
 */
@ApplicationScoped
public class BulkDecisions {

    /** Items per request: a page of the list a person reviews, and a bound on one request's lock holding. */
    public static final int MAX_ITEMS = 200;

    private final ReconciliationWorkflow workflow;

    public BulkDecisions(ReconciliationWorkflow workflow) {
        this.workflow = workflow;
    }

    /** One suggestion to confirm; candidate 0 unless another index is given. */
    public record ConfirmItem(String transactionId, Integer candidate) {}

    public enum Result {
        CONFIRMED,
        REJECTED,
        ERROR
    }

    /** What became of one item: its match (confirmed), its new state (rejected), or the problem a single call gives. */
    public record Outcome(
            String transactionId, Result result, String matchId, ReconTransaction.State state, ProblemException error) {

        static Outcome failed(String transactionId, ProblemException error) {
            return new Outcome(transactionId, Result.ERROR, null, null, error);
        }
    }

    public Uni<List<Outcome>> confirm(String tenantId, List<ConfirmItem> items, String by) {
        List<Outcome> outcomes = new ArrayList<>(items.size());
        return InOrder.each(
                        items,
                        item -> recovered(
                                        item.transactionId(),
                                        workflow.confirm(tenantId, item.transactionId(), item.candidate(), by)
                                                .map(m -> new Outcome(
                                                        item.transactionId(),
                                                        Result.CONFIRMED,
                                                        m.match().id().toString(),
                                                        ReconTransaction.State.MATCHED,
                                                        null)))
                                .invoke(outcomes::add)
                                .replaceWithVoid())
                .map(x -> outcomes);
    }

    /** Rejects every candidate's invoices of each transaction: they are never proposed again for it. */
    public Uni<List<Outcome>> reject(String tenantId, List<String> transactionIds, String by) {
        List<Outcome> outcomes = new ArrayList<>(transactionIds.size());
        return InOrder.each(
                        transactionIds,
                        id -> recovered(
                                        id,
                                        workflow.reject(tenantId, id, List.of(), by)
                                                .map(t -> new Outcome(id, Result.REJECTED, null, t.state(), null)))
                                .invoke(outcomes::add)
                                .replaceWithVoid())
                .map(x -> outcomes);
    }

    /** A client problem of one item becomes its outcome; anything else fails the batch. */
    private static Uni<Outcome> recovered(String transactionId, Uni<Outcome> decision) {
        return decision.onFailure(f -> f instanceof ProblemException p && p.status() < 500)
                .recoverWithItem(f -> Outcome.failed(transactionId, (ProblemException) f));
    }
}
