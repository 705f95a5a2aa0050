package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.ProblemException;

/** A person's link of a reversal to the payment it undoes. */
public record ReversalLinkRequest(String paymentTransactionId) {

    /** Transaction ids are bank-sync's, at most 64 characters (as everywhere in this API). */
    static final int MAX_ID = 64;

    /** The payment's id of a well-formed request; a malformed one is a 400 naming the field. */
    static String validated(ReversalLinkRequest request) {
        if (request == null
                || request.paymentTransactionId() == null
                || request.paymentTransactionId().isBlank()
                || request.paymentTransactionId().strip().length() > MAX_ID) {
            throw ProblemException.badRequest(
                    "paymentTransactionId",
                    "is required (the payment's transaction id, at most " + MAX_ID + " characters)");
        }
        return request.paymentTransactionId().strip();
    }
}
