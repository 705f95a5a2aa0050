package app.lettrage.matching;

import java.util.List;

/** One way the transaction could be explained: the allocations, how sure the engine is, and why. */
public record Candidate(List<Allocation> allocations, double confidence, List<String> reasons) {

    public Candidate {
        allocations = List.copyOf(allocations);
        reasons = List.copyOf(reasons);
    }

    public List<String> invoiceIds() {
        return allocations.stream().map(Allocation::invoiceId).toList();
    }
}
