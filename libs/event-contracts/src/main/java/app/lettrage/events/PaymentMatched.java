package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A bank transaction settles (part of) one or more invoices. Key: {@code tenantId:transactionId}: a transaction's
 * match and unmatch stay in order. Invoice-service applies each allocation once, by {@code matchId}.
 *
 * @param confidence 0..1, the engine's confidence (1 for a manual match)
 * @param paymentDate the transaction's booking date
 * @param exchangeRate for a payment in another currency than its invoices: the rate the amounts were compared at,
 *     one unit of the invoices' currency in units of the transaction's; null or absent otherwise. Added within v1.
 */
public record PaymentMatched(
        String matchId,
        String tenantId,
        String transactionId,
        List<Allocation> allocations,
        MatchDecision decidedBy,
        double confidence,
        List<String> reasons,
        LocalDate paymentDate,
        Instant matchedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) ExchangeRate exchangeRate)
        implements LettrageEvent {

    /** A payment in its invoices' currency. */
    public PaymentMatched(
            String matchId,
            String tenantId,
            String transactionId,
            List<Allocation> allocations,
            MatchDecision decidedBy,
            double confidence,
            List<String> reasons,
            LocalDate paymentDate,
            Instant matchedAt) {
        this(
                matchId,
                tenantId,
                transactionId,
                allocations,
                decidedBy,
                confidence,
                reasons,
                paymentDate,
                matchedAt,
                null);
    }

    public PaymentMatched {
        allocations = List.copyOf(allocations);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
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
