package app.lettrage.reconciliation.service;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.matching.Allocation;
import app.lettrage.matching.Candidate;
import app.lettrage.matching.Decision;
import app.lettrage.matching.MatchStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An invoice a person rejected for a transaction is never proposed for it again, whatever the engine decides. */
class WithoutRejectedTest {

    private static final Candidate A = candidate("inv-a", 0.97);
    private static final Candidate B = candidate("inv-b", 0.72);

    @Test
    void nothingRejectedLeavesTheDecisionAsItIs() {
        Decision auto = decision(MatchStatus.AUTO_MATCHED, A, B);
        assertThat(DecideTransaction.withoutRejected(auto, Set.of())).isSameAs(auto);
    }

    @Test
    void anAutoMatchOnARejectedInvoiceBecomesASuggestionOfTheOthers() {
        Decision d = DecideTransaction.withoutRejected(decision(MatchStatus.AUTO_MATCHED, A, B), Set.of("inv-a"));
        assertThat(d.status()).isEqualTo(MatchStatus.SUGGESTED);
        assertThat(d.candidates()).containsExactly(B);
        assertThat(d.allocations()).isEqualTo(B.allocations());
        assertThat(d.confidence()).isEqualTo(B.confidence());
        assertThat(d.reasons())
                .last()
                .isEqualTo("invoices rejected by a person for this transaction are not proposed again: [inv-a]");
    }

    @Test
    void whenEveryCandidateWasRejectedTheTransactionStaysUnmatched() {
        Decision d = DecideTransaction.withoutRejected(decision(MatchStatus.SUGGESTED, A, B), Set.of("inv-b", "inv-a"));
        assertThat(d.status()).isEqualTo(MatchStatus.UNMATCHED);
        assertThat(d.candidates()).isEmpty();
        assertThat(d.allocations()).isEmpty();
        assertThat(d.confidence()).isZero();
        assertThat(d.reasons()).last().asString().endsWith("[inv-a, inv-b]");
    }

    @Test
    void anAutoMatchOnAnotherInvoiceStandsAndOnlyTheRejectedCandidateGoes() {
        Decision d = DecideTransaction.withoutRejected(decision(MatchStatus.AUTO_MATCHED, A, B), Set.of("inv-b"));
        assertThat(d.status()).isEqualTo(MatchStatus.AUTO_MATCHED);
        assertThat(d.allocations()).isEqualTo(A.allocations());
        assertThat(d.candidates()).containsExactly(A);
        assertThat(d.reasons()).containsExactly("engine's reason");
    }

    private static Decision decision(MatchStatus status, Candidate best, Candidate... others) {
        List<Candidate> all = new ArrayList<>(List.of(best));
        all.addAll(List.of(others));
        return new Decision("t-1", status, best.allocations(), best.confidence(), List.of("engine's reason"), all);
    }

    private static Candidate candidate(String invoiceId, double confidence) {
        return new Candidate(
                List.of(new Allocation(invoiceId, new BigDecimal("100.00"))), confidence, List.of("why " + invoiceId));
    }
}
