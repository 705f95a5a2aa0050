package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.service.MatchByHand.ManualAllocation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** A manual match: the chosen invoices and, for each, what its amount due goes down by. */
public record ManualMatchRequest(List<ManualAllocationRequest> allocations) {

    static final int MAX_ALLOCATIONS = 100;

    public record ManualAllocationRequest(String invoiceId, BigDecimal amount) {}

    /** The allocations of a well-formed request; a malformed one is a 400 naming the first bad field. */
    static List<ManualAllocation> validated(ManualMatchRequest request) {
        if (request == null
                || request.allocations() == null
                || request.allocations().isEmpty()) {
            throw ProblemException.badRequest("allocations", "at least one allocation is required");
        }
        if (request.allocations().size() > MAX_ALLOCATIONS) {
            throw ProblemException.badRequest("allocations", "at most " + MAX_ALLOCATIONS + " allocations");
        }
        List<ManualAllocation> out = new ArrayList<>();
        for (int i = 0; i < request.allocations().size(); i++) {
            ManualAllocationRequest a = request.allocations().get(i);
            if (a == null) {
                throw ProblemException.badRequest("allocations[" + i + "]", "is required");
            }
            if (a.invoiceId() == null
                    || a.invoiceId().isBlank()
                    || a.invoiceId().length() > 64) {
                throw ProblemException.badRequest(
                        "allocations[" + i + "].invoiceId", "is required (at most 64 characters)");
            }
            if (a.amount() == null || a.amount().signum() <= 0) {
                throw ProblemException.badRequest("allocations[" + i + "].amount", "must be a positive amount");
            }
            out.add(new ManualAllocation(a.invoiceId().trim(), a.amount()));
        }
        return out;
    }
}
