package app.lettrage.reconciliation.service;

import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.ReconTransaction;
import java.util.Arrays;

/** A person's action on a transaction that is not the tenant's (404) or not in a state that allows it (409). */
final class StateCheck {

    private StateCheck() {}

    static void require(ReconTransaction tx, String transactionId, String action, ReconTransaction.State... allowed) {
        if (tx == null) {
            throw ProblemException.notFound("transaction", transactionId);
        }
        if (!tx.isIn(allowed)) {
            throw ProblemException.conflict(
                    "wrong-state",
                    "transaction " + transactionId + " is " + tx.state() + "; only a " + Arrays.toString(allowed)
                            + " transaction can be " + action);
        }
    }
}
