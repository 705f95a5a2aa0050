package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.rest.BulkConfirmRequest.BulkBounds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Suggestions to reject at once: all candidates' invoices of each transaction. */
public record BulkRejectRequest(List<String> transactionIds) {

    /** The ids of a well-formed request; a malformed one is a 400 naming the first bad field. */
    static List<String> validated(BulkRejectRequest request) {
        if (request == null
                || request.transactionIds() == null
                || request.transactionIds().isEmpty()) {
            throw ProblemException.badRequest("transactionIds", "at least one transaction id is required");
        }
        BulkBounds.requireAtMostMax("transactionIds", request.transactionIds().size());
        List<String> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < request.transactionIds().size(); i++) {
            out.add(BulkBounds.transactionId(
                    "transactionIds[" + i + "]", request.transactionIds().get(i), seen, i));
        }
        return out;
    }
}
