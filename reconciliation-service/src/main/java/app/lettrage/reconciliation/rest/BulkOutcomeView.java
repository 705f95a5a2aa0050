package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.service.BulkDecisions.Outcome;
import app.lettrage.reconciliation.service.BulkDecisions.Result;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One item of a bulk decision's answer, in the request's order: CONFIRMED with its matchId, REJECTED with the
 * transaction's new state, or ERROR with the problem (type, status, detail) the single endpoint would have answered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BulkOutcomeView(
        String transactionId, Result outcome, String matchId, ReconTransaction.State state, Problem problem) {

    /** The whole answer; counts first so that a frontend can say "12 confirmed, 2 failed" without counting. */
    public record Batch(int succeeded, int failed, List<BulkOutcomeView> items) {

        static Batch of(List<Outcome> outcomes, String instance) {
            List<BulkOutcomeView> items =
                    outcomes.stream().map(o -> BulkOutcomeView.of(o, instance)).toList();
            int failed = (int)
                    outcomes.stream().filter(o -> o.result() == Result.ERROR).count();
            return new Batch(outcomes.size() - failed, failed, items);
        }
    }

    static BulkOutcomeView of(Outcome o, String instance) {
        ProblemException e = o.error();
        Problem problem = e == null
                ? null
                : new Problem(
                        Problem.TYPE_BASE + e.slug(), e.title(), e.status(), e.getMessage(), instance, e.errors());
        return new BulkOutcomeView(o.transactionId(), o.result(), o.matchId(), o.state(), problem);
    }
}
