package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.ProblemException;

/** A person's link of a reversal to the payment it undoes. */
public record ReversalLinkRequest(String paymentTransactionId) {

    /** The payment's id of a well-formed request; a malformed one is a 400 naming the field. */
    static String validated(ReversalLinkRequest request) {
        String id = request == null || request.paymentTransactionId() == null
                ? null
                : request.paymentTransactionId().strip();
        if (!TransactionIds.wellFormed(id)) {
            throw ProblemException.badRequest(
                    "paymentTransactionId",
                    "is required: the payment's transaction id, at most " + TransactionIds.MAX_LENGTH
                            + " characters, no control character");
        }
        return id;
    }
}
