package app.lettrage.reconciliation.rest;

import app.lettrage.events.MatchDecision;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.service.ReconciliationService.MatchWithAllocations;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/** What the API shows; amounts are decimal strings with the currency's exponent. */
public final class Views {

    private Views() {
    }

    public record TransactionView(String transactionId, String accountId, String status,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency, LocalDate bookingDate,
            String counterpartyName, String counterpartyIban, String remittanceInformation, String structuredReference,
            ReconTransaction.State state, List<String> reasons) {

        static TransactionView of(ReconTransaction t) {
            return new TransactionView(t.transactionId, t.accountId, t.status, t.amount, t.currency, t.bookingDate,
                    t.counterpartyName, t.counterpartyIban, t.remittanceInformation, t.structuredReference, t.state,
                    t.decisionReasons == null ? List.of() : Arrays.asList(t.decisionReasons.split("\n")));
        }
    }

    public record AllocationView(String invoiceId, String invoiceNumber,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {
    }

    public record MatchView(String matchId, String transactionId, MatchDecision decidedBy, BigDecimal confidence,
            List<String> reasons, List<AllocationView> allocations, String matchedBy, Instant matchedAt, Instant undoneAt,
            String undoneBy) {

        static MatchView of(MatchWithAllocations mw) {
            var m = mw.match();
            return new MatchView(m.id.toString(), m.transactionId, m.decidedBy, m.confidence.stripTrailingZeros(),
                    Arrays.asList(m.reasons.split("\n")),
                    mw.allocations().stream().map(a -> new AllocationView(a.invoiceId, a.invoiceNumber, a.amount, a.currency)).toList(),
                    m.matchedBy, m.matchedAt, m.undoneAt, m.undoneBy);
        }
    }
}
