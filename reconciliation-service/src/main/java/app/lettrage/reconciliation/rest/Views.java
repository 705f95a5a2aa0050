package app.lettrage.reconciliation.rest;

import app.lettrage.events.MatchDecision;
import app.lettrage.reconciliation.PaymentMatch;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.StoredCandidate;
import app.lettrage.reconciliation.service.MatchWithAllocations;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** What the API shows; amounts are decimal strings with the currency's exponent. */
public final class Views {

    private Views() {}

    /**
     * @param confidence the engine's confidence in its best candidate (or of the match)
     * @param matchId    the transaction's active match, when MATCHED
     * @param candidates the engine's candidates, best first (what confirm and reject act on)
     */
    public record TransactionView(
            String transactionId,
            String accountId,
            String status,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
            String currency,
            LocalDate bookingDate,
            String counterpartyName,
            String counterpartyIban,
            String remittanceInformation,
            String structuredReference,
            ReconTransaction.State state,
            BigDecimal confidence,
            List<String> reasons,
            String matchId,
            String supersedesTransactionId,
            boolean reversal,
            String returnReason,
            String reversesTransactionId,
            String reversedByTransactionId,
            List<CandidateView> candidates) {

        static TransactionView of(ReconTransaction t, UUID matchId) {
            return new TransactionView(
                    t.transactionId(),
                    t.accountId(),
                    t.status(),
                    t.amount(),
                    t.currency(),
                    t.bookingDate(),
                    t.counterpartyName(),
                    t.counterpartyIban(),
                    t.remittanceInformation(),
                    t.structuredReference(),
                    t.state(),
                    t.confidence() == null ? null : t.confidence().stripTrailingZeros(),
                    t.decisionReasons() == null
                            ? List.of()
                            : Arrays.asList(t.decisionReasons().split("\n")),
                    matchId == null ? null : matchId.toString(),
                    t.supersedesTransactionId(),
                    t.isReversal(),
                    t.returnReason(),
                    t.reversesTransactionId(),
                    t.reversedByTransactionId(),
                    CandidateView.of(t.candidates()));
        }
    }

    /** One way the engine explains the transaction; {@code index} is what confirm takes. */
    public record CandidateView(
            int index, BigDecimal confidence, List<String> reasons, List<AllocationView> allocations) {

        static List<CandidateView> of(List<StoredCandidate> candidates) {
            List<CandidateView> out = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                StoredCandidate c = candidates.get(i);
                out.add(new CandidateView(
                        i,
                        c.confidence().stripTrailingZeros(),
                        c.reasons(),
                        c.allocations().stream()
                                .map(a -> new AllocationView(
                                        a.invoiceId(),
                                        a.invoiceNumber(),
                                        a.amount(),
                                        a.currency(),
                                        a.writeOff(),
                                        a.fxDifference()))
                                .toList()));
            }
            return out;
        }
    }

    /**
     * @param amount   what the invoice's amount due goes down by
     * @param writeOff the part of it written off within tolerance (bank fee, early-payment discount); absent when none
     * @param fxDifference the part of it that a payment converted at the bank's rate did not cover (positive) or
     *     covered beyond it (negative), in the invoice's currency; absent for a payment in the invoice's currency
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AllocationView(
            String invoiceId,
            String invoiceNumber,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
            String currency,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal writeOff,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal fxDifference) {}

    public record MatchView(
            String matchId,
            String transactionId,
            MatchDecision decidedBy,
            BigDecimal confidence,
            List<String> reasons,
            List<AllocationView> allocations,
            String matchedBy,
            Instant matchedAt,
            Instant undoneAt,
            String undoneBy) {

        static MatchView of(MatchWithAllocations mw) {
            PaymentMatch m = mw.match();
            return new MatchView(
                    m.id().toString(),
                    m.transactionId(),
                    m.decidedBy(),
                    m.confidence().stripTrailingZeros(),
                    Arrays.asList(m.reasons().split("\n")),
                    mw.allocations().stream()
                            .map(a -> new AllocationView(
                                    a.invoiceId(),
                                    a.invoiceNumber(),
                                    a.amount(),
                                    a.currency(),
                                    a.writeOff() == null || a.writeOff().signum() == 0 ? null : a.writeOff(),
                                    a.fxDifference()))
                            .toList(),
                    m.matchedBy(),
                    m.matchedAt(),
                    m.undoneAt(),
                    m.undoneBy());
        }
    }
}
