package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.service.BulkDecisions;
import app.lettrage.reconciliation.service.BulkDecisions.ConfirmItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Suggestions to confirm at once: each a transaction and, optionally, the index of its candidate (0 by default). */
public record BulkConfirmRequest(List<Item> items) {

    /** Candidates are few (the engine keeps a handful); a larger index is a typo, not a choice. */
    static final int MAX_CANDIDATE = 99;

    public record Item(String transactionId, Integer candidate) {}

    /** The items of a well-formed request; a malformed one is a 400 naming the first bad field. */
    static List<ConfirmItem> validated(BulkConfirmRequest request) {
        if (request == null || request.items() == null || request.items().isEmpty()) {
            throw ProblemException.badRequest("items", "at least one item is required");
        }
        BulkBounds.requireAtMostMax("items", request.items().size());
        List<ConfirmItem> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < request.items().size(); i++) {
            Item item = request.items().get(i);
            if (item == null) {
                throw ProblemException.badRequest("items[" + i + "]", "is required");
            }
            String id = BulkBounds.transactionId("items[" + i + "].transactionId", item.transactionId(), seen, i);
            if (item.candidate() != null && (item.candidate() < 0 || item.candidate() > MAX_CANDIDATE)) {
                throw ProblemException.badRequest(
                        "items[" + i + "].candidate", "must be between 0 and " + MAX_CANDIDATE);
            }
            out.add(new ConfirmItem(id, item.candidate()));
        }
        return out;
    }

    /** The checks both bulk requests share: count bound, transaction id shape, no duplicates. */
    static final class BulkBounds {

        private BulkBounds() {}

        static void requireAtMostMax(String field, int size) {
            if (size > BulkDecisions.MAX_ITEMS) {
                throw ProblemException.badRequest(
                        field, "at most " + BulkDecisions.MAX_ITEMS + " per request (got " + size + ")");
            }
        }

        /**
         * A transaction id, trimmed; refused when blank, too long, or already in the request (a duplicate would be
         * decided twice and report a 409 against itself).
         */
        static String transactionId(String field, String raw, Map<String, Integer> seen, int index) {
            String id = raw == null ? null : raw.trim();
            if (!TransactionIds.wellFormed(id)) {
                throw ProblemException.badRequest(
                        field,
                        "is required: at most " + TransactionIds.MAX_LENGTH + " characters, no control character");
            }
            Integer first = seen.putIfAbsent(id, index);
            if (first != null) {
                throw ProblemException.badRequest(field, "transaction " + id + " is already at index " + first);
            }
            return id;
        }
    }
}
