package app.lettrage.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.TransactionImported;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.reconciliation.ReconTransaction.State;
import app.lettrage.reconciliation.StoredCandidate.StoredAllocation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transaction's state transitions, without a database. */
class ReconTransactionTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:15:30Z");
    private static final Instant LATER = AT.plusSeconds(60);

    @Test
    void aBookedTransactionArrivesUnmatchedAtItsCurrencysScaleAndAPendingOnePending() {
        ReconTransaction booked = imported("t-1", BookingStatus.BOOKED, "120.5", null);
        assertThat(booked.state()).isEqualTo(State.UNMATCHED);
        assertThat(booked.amount()).isEqualByComparingTo("120.50").hasToString("120.50");
        assertThat(booked.counterpartyIban()).isEqualTo("BE71096123456769");
        assertThat(booked.direction()).isEqualTo(InvoiceDirection.SALES);
        assertThat(booked.toBankTransaction().amount()).isEqualTo(booked.amount());

        ReconTransaction pending = imported("t-2", BookingStatus.PENDING, "-40.00", null);
        assertThat(pending.state()).isEqualTo(State.PENDING);
        assertThat(pending.direction()).isEqualTo(InvoiceDirection.PURCHASE);
    }

    @Test
    void aSuggestionKeepsTheCandidatesBestFirstAndAPersonMayMatchIt() {
        ReconTransaction tx = imported("t-1", BookingStatus.BOOKED, "100.00", null);
        tx.suggest(
                List.of(candidate("0.8", "inv-a"), candidate("0.7", "inv-b")),
                new BigDecimal("0.8000"),
                List.of("amount equals the amount due"),
                AT);

        assertThat(tx.state()).isEqualTo(State.SUGGESTED);
        assertThat(tx.confidence()).isEqualByComparingTo("0.8");
        assertThat(tx.decisionReasons()).isEqualTo("amount equals the amount due");
        assertThat(tx.candidates())
                .extracting(StoredCandidate::invoiceIds)
                .containsExactly(List.of("inv-a"), List.of("inv-b"));
        assertThat(tx.proposedInvoiceIds()).containsExactly("inv-a", "inv-b");

        PaymentMatch m = PaymentMatch.of(tx, MatchDecision.CONFIRMED, 0.8, List.of("confirmed by ann"), "ann", LATER);
        tx.match(m);
        assertThat(tx.state()).isEqualTo(State.MATCHED);
        assertThat(tx.confidence()).isEqualTo(m.confidence());
        assertThat(tx.decisionReasons()).isEqualTo("confirmed by ann");
        assertThat(tx.candidates()).hasSize(2); // what the engine proposed stays visible
    }

    @Test
    void aMatchedPendingOrSupersededTransactionCannotBeMatchedAndAnotherTransactionsMatchIsRefused() {
        ReconTransaction matched = imported("t-1", BookingStatus.BOOKED, "100.00", null);
        matched.match(PaymentMatch.of(matched, MatchDecision.AUTO, 0.99, List.of("exact"), "engine", AT));
        assertThatThrownBy(() -> matched.match(
                        PaymentMatch.of(matched, MatchDecision.MANUAL, 1.0, List.of("again"), "ann", LATER)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MATCHED");

        ReconTransaction pending = imported("t-2", BookingStatus.PENDING, "100.00", null);
        assertThatThrownBy(() -> pending.match(
                        PaymentMatch.of(pending, MatchDecision.MANUAL, 1.0, List.of("by hand"), "ann", AT)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pending.suggest(List.of(), BigDecimal.ZERO, List.of(), AT))
                .isInstanceOf(IllegalStateException.class);

        ReconTransaction other = imported("t-3", BookingStatus.BOOKED, "100.00", null);
        assertThatThrownBy(() ->
                        other.match(PaymentMatch.of(matched, MatchDecision.MANUAL, 1.0, List.of("by hand"), "ann", AT)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(other.state()).isEqualTo(State.UNMATCHED);
    }

    @Test
    void rejectingAnInvoiceDropsTheCandidatesNamingItAndLeavesTheOthersSuggested() {
        ReconTransaction tx = imported("t-1", BookingStatus.BOOKED, "100.00", null);
        tx.suggest(
                List.of(candidate("0.8", "inv-a"), candidate("0.6", "inv-a", "inv-c"), candidate("0.5", "inv-b")),
                new BigDecimal("0.8000"),
                List.of("two invoices of the same amount"),
                AT);

        tx.reject(Set.of("inv-a"), "ann");
        assertThat(tx.state()).isEqualTo(State.SUGGESTED);
        assertThat(tx.proposedInvoiceIds()).containsExactly("inv-b");
        assertThat(tx.confidence()).isEqualByComparingTo("0.5");
        assertThat(tx.decisionReasons()).isEqualTo("two invoices of the same amount\nsuggestion rejected by ann");

        tx.reject(Set.of("inv-b"), "bob");
        assertThat(tx.state()).isEqualTo(State.UNMATCHED);
        assertThat(tx.candidates()).isEmpty();
        assertThat(tx.confidence()).isNull();
        assertThatThrownBy(() -> tx.reject(Set.of("inv-b"), "bob")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void undoingAMatchLeavesTheTransactionWaitingWithoutCandidates() {
        ReconTransaction tx = imported("t-1", BookingStatus.BOOKED, "100.00", null);
        tx.suggest(List.of(candidate("0.8", "inv-a")), new BigDecimal("0.8000"), List.of("reference"), AT);
        tx.match(PaymentMatch.of(tx, MatchDecision.CONFIRMED, 0.8, List.of("confirmed"), "ann", AT));

        tx.unmatch("bob", "wrong customer");
        assertThat(tx.state()).isEqualTo(State.UNMATCHED);
        assertThat(tx.candidates()).isEmpty();
        assertThat(tx.confidence()).isNull();
        assertThat(tx.decisionReasons()).isEqualTo("match undone by bob: wrong customer");

        assertThatThrownBy(() -> tx.unmatch("bob", null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aNewVersionSupersedesTheOldOneAndTakesOverItsMatch() {
        ReconTransaction old = imported("t-old", BookingStatus.PENDING, "100.00", null);
        ReconTransaction booked = imported("t-new", BookingStatus.BOOKED, "100.00", "t-old");
        PaymentMatch m = PaymentMatch.of(booked, MatchDecision.AUTO, 0.95, List.of("exact"), "engine", AT);

        old.supersede(booked.transactionId());
        assertThat(old.state()).isEqualTo(State.SUPERSEDED);
        assertThat(old.decisionReasons()).isEqualTo("superseded by transaction t-new");
        assertThatThrownBy(() -> old.supersede("t-newer")).isInstanceOf(IllegalStateException.class);

        booked.takeOver(m, old.transactionId(), LATER);
        assertThat(booked.state()).isEqualTo(State.MATCHED);
        assertThat(booked.confidence()).isEqualByComparingTo("0.95");
        assertThat(booked.decisionReasons())
                .isEqualTo("exact\nmatch " + m.id() + " carried over from superseded transaction t-old");
    }

    @Test
    void aPendingVersionArrivingAfterItsBookedOneIsSupersededOnArrivalAndOnlyThen() {
        ReconTransaction late = imported("t-old", BookingStatus.PENDING, "100.00", null);
        late.supersededOnArrival();
        assertThat(late.state()).isEqualTo(State.SUPERSEDED);
        assertThat(late.decisionReasons()).isNull();

        ReconTransaction booked = imported("t-new", BookingStatus.BOOKED, "100.00", null);
        assertThatThrownBy(booked::supersededOnArrival).isInstanceOf(IllegalStateException.class);
    }

    static ReconTransaction imported(String id, BookingStatus status, String amount, String supersedes) {
        return ReconTransaction.imported(
                new TransactionImported(
                        id,
                        "acme",
                        "acc-1",
                        "BE68 5390 0754 7034",
                        TransactionImported.Source.API,
                        status,
                        new BigDecimal(amount),
                        "EUR",
                        LocalDate.of(2026, 3, 2),
                        LocalDate.of(2026, 3, 2),
                        "Alpha SARL",
                        "be71 0961 2345 6769",
                        null,
                        "Facture F-1001",
                        null,
                        null,
                        null,
                        null,
                        supersedes,
                        AT),
                AT);
    }

    private static StoredCandidate candidate(String confidence, String... invoiceIds) {
        return new StoredCandidate(
                new BigDecimal(confidence),
                List.of("candidate"),
                List.of(invoiceIds).stream()
                        .map(id -> new StoredAllocation(id, "F-" + id, new BigDecimal("100.00"), "EUR", null))
                        .toList());
    }
}
