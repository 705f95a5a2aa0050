package app.lettrage.events;

import java.time.Instant;
import java.util.List;

/**
 * A match was undone: each allocation of match {@code matchId} is given back to its invoice's amount due.
 * Key: {@code tenantId:transactionId}, the same as the match it undoes.
 */
public record PaymentUnmatched(
        String matchId,
        String tenantId,
        String transactionId,
        List<Allocation> allocations,
        String reason,
        Instant unmatchedAt)
        implements LettrageEvent {

    public PaymentUnmatched {
        allocations = List.copyOf(allocations);
    }

    @Override
    public String subject() {
        return matchId;
    }

    @Override
    public String key() {
        return tenantId + ":" + transactionId;
    }
}
