package app.lettrage.matching;

import java.util.List;

/**
 * The engine's answer for one transaction. For AUTO_MATCHED, {@code allocations} are to be applied; for SUGGESTED,
 * {@code candidates} (best first) are for a person to confirm and {@code allocations} are the best one's; for
 * UNMATCHED both are empty or hold weak candidates only.
 */
public record Decision(
        String transactionId,
        MatchStatus status,
        List<Allocation> allocations,
        double confidence,
        List<String> reasons,
        List<Candidate> candidates) {

    public Decision {
        allocations = List.copyOf(allocations);
        reasons = List.copyOf(reasons);
        candidates = List.copyOf(candidates);
    }

    public static Decision unmatched(String transactionId, List<String> reasons) {
        return new Decision(transactionId, MatchStatus.UNMATCHED, List.of(), 0.0, reasons, List.of());
    }
}
