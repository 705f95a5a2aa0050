package app.lettrage.reconciliation;

import app.lettrage.events.TransactionImported;
import app.lettrage.matching.MatchStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A bank transaction received from bank-sync-service, with its reconciliation state. The state changes only through
 * the methods below; each refuses a change its current state does not allow.
 */
@Entity
@Table(name = "bank_transaction")
public class ReconTransaction extends ImportedTransaction {

    /**
     * PENDING: not booked yet, never decided; SUPERSEDED: replaced by a newer version of the same transaction;
     * REVERSED: a payment the bank undid (its match, if any, is undone); REVERSAL: the line that undid it, explained by
     * that link. A reversal not linked (yet) is UNMATCHED with the reason, and is never matched to an invoice.
     */
    public enum State {
        PENDING,
        UNMATCHED,
        SUGGESTED,
        MATCHED,
        SUPERSEDED,
        REVERSED,
        REVERSAL
    }

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;

    /** One reason per line. */
    @Column(name = "decision_reasons")
    private String decisionReasons;

    /** The engine's confidence in its best candidate (null before a decision). */
    @Column
    private BigDecimal confidence;

    /** The engine's candidates, best first, as JSON (see {@link StoredCandidate}). */
    @Column
    private String candidates;

    @Column(name = "decided_at")
    private Instant decidedAt;

    /** On a REVERSAL: the payment it undoes. */
    /** What the engine decided when it last decided this transaction; null before calibration existed. */
    @Enumerated(EnumType.STRING)
    @Column(name = "engine_status")
    private MatchStatus engineStatus;

    /** A suggestion that only fell short of the threshold: no veto, not ambiguous (see {@link #engineDecided}). */
    @Column(name = "auto_eligible")
    private Boolean autoEligible;

    @Column(name = "reverses_transaction_id")
    private String reversesTransactionId;

    /** On a REVERSED payment: the line that undid it. */
    @Column(name = "reversed_by_transaction_id")
    private String reversedByTransactionId;

    protected ReconTransaction() {}

    private ReconTransaction(TransactionImported e, Instant receivedAt) {
        super(e, receivedAt);
        state = e.status() == TransactionImported.BookingStatus.PENDING ? State.PENDING : State.UNMATCHED;
    }

    /** The transaction of the event: PENDING while the bank has not booked it (never decided), else UNMATCHED. */
    public static ReconTransaction imported(TransactionImported e, Instant receivedAt) {
        return new ReconTransaction(e, receivedAt);
    }

    // ------------------------------------------------------------------ transitions

    /** A pending version that arrives after the booked version replacing it: superseded before anything saw it. */
    public void supersededOnArrival() {
        require("superseded on arrival", State.PENDING);
        state = State.SUPERSEDED;
    }

    /** Replaced by a newer version; an active match moves to that version (see {@link #takeOver}). */
    public void supersede(String byTransactionId) {
        require("superseded", State.PENDING, State.UNMATCHED, State.SUGGESTED, State.MATCHED);
        state = State.SUPERSEDED;
        decisionReasons = appendReason(decisionReasons, "superseded by transaction " + byTransactionId);
    }

    /** The engine found candidates for a person to choose from (best first). */
    public void suggest(List<StoredCandidate> candidates, BigDecimal confidence, List<String> reasons, Instant at) {
        decide(State.SUGGESTED, candidates, confidence, reasons, at);
    }

    /** The engine found no candidate good enough to propose; the weak ones it found are kept. */
    public void leaveUnmatched(
            List<StoredCandidate> candidates, BigDecimal confidence, List<String> reasons, Instant at) {
        decide(State.UNMATCHED, candidates, confidence, reasons, at);
    }

    /** The engine's candidates, kept whatever it decided: a person sees them even on an automatic match. */
    public void keepCandidates(List<StoredCandidate> candidates) {
        requireReversal(false);
        require("decided", State.UNMATCHED, State.SUGGESTED);
        this.candidates = StoredCandidate.write(candidates);
    }

    /** The transaction settles invoices: the match's confidence and reasons become the transaction's. */
    public void match(PaymentMatch match) {
        requireReversal(false);
        require("matched", State.UNMATCHED, State.SUGGESTED);
        requireOwn(match);
        state = State.MATCHED;
        confidence = match.confidence();
        decisionReasons = match.reasons();
        decidedAt = match.matchedAt();
    }

    /** This new version takes over the match of the version it supersedes; nothing is decided again. */
    public void takeOver(PaymentMatch match, String fromTransactionId, Instant at) {
        require("given a match", State.UNMATCHED);
        requireOwn(match);
        state = State.MATCHED;
        confidence = match.confidence();
        decidedAt = at;
        decisionReasons = appendReason(
                match.reasons(),
                "match " + match.id() + " carried over from superseded transaction " + fromTransactionId);
    }

    /**
     * A person rejects the suggestion's invoices: candidates naming any of them are dropped; the transaction stays
     * SUGGESTED only if others remain.
     */
    public void reject(Set<String> invoiceIds, String by) {
        require("rejected", State.SUGGESTED);
        List<StoredCandidate> kept = candidates().stream()
                .filter(c -> c.invoiceIds().stream().noneMatch(invoiceIds::contains))
                .toList();
        candidates = StoredCandidate.write(kept);
        state = kept.isEmpty() ? State.UNMATCHED : State.SUGGESTED;
        confidence = kept.isEmpty() ? null : kept.get(0).confidence();
        autoEligible = false; // the candidates left were not asked whether a lower threshold would settle them
        decisionReasons = appendReason(decisionReasons, "suggestion rejected by " + by);
    }

    /** A person undid the transaction's match: it waits again, with no candidates. */
    public void unmatch(String by, String reason) {
        require("unmatched", State.MATCHED);
        state = State.UNMATCHED;
        candidates = null;
        confidence = null;
        decisionReasons = "match undone by " + by + (reason == null ? "" : ": " + reason);
    }

    /** A reversal whose payment is not linked (not here yet, or not told apart from others): it waits, for a person too. */
    public void awaitOriginal(String reason, Instant at) {
        requireReversal(true);
        require("left waiting for the payment it undoes", State.UNMATCHED);
        candidates = null;
        confidence = null;
        decisionReasons = reason;
        decidedAt = at;
    }

    /** This reversal is explained: it undoes payment {@code originalId}. */
    public void linkAsReversalOf(String originalId, String reason, Instant at) {
        requireReversal(true);
        require("linked to the payment it undoes", State.UNMATCHED);
        state = State.REVERSAL;
        reversesTransactionId = originalId;
        candidates = null;
        confidence = null;
        decisionReasons = reason;
        decidedAt = at;
    }

    /** The bank undid this payment (its match, if it had one, is undone by the caller): it waits for nothing more. */
    public void reverse(String byTransactionId, String reason, Instant at) {
        requireReversal(false);
        require("reversed", State.UNMATCHED, State.SUGGESTED, State.MATCHED);
        state = State.REVERSED;
        reversedByTransactionId = byTransactionId;
        candidates = null;
        confidence = null;
        decisionReasons = appendReason(decisionReasons, reason);
        decidedAt = at;
    }

    private void requireReversal(boolean expected) {
        if (isReversal() != expected) {
            throw new IllegalStateException(
                    "transaction " + transactionId() + (expected ? " is not" : " is") + " a reversal");
        }
    }

    private void decide(
            State outcome, List<StoredCandidate> candidates, BigDecimal confidence, List<String> reasons, Instant at) {
        keepCandidates(candidates);
        this.state = outcome;
        this.confidence = confidence;
        this.decisionReasons = String.join("\n", reasons);
        this.decidedAt = at;
    }

    private void require(String action, State... allowed) {
        if (!isIn(allowed)) {
            throw new IllegalStateException("transaction " + transactionId() + " is " + state + "; only a "
                    + Arrays.toString(allowed) + " transaction can be " + action);
        }
    }

    private void requireOwn(PaymentMatch match) {
        if (!transactionId().equals(match.transactionId())) {
            throw new IllegalArgumentException(
                    "match " + match.id() + " is of transaction " + match.transactionId() + ", not " + transactionId());
        }
    }

    private static String appendReason(String reasons, String reason) {
        return reasons == null || reasons.isBlank() ? reason : reasons + "\n" + reason;
    }

    // ------------------------------------------------------------------ reads

    public boolean isIn(State... states) {
        for (State s : states) {
            if (state == s) {
                return true;
            }
        }
        return false;
    }

    public List<StoredCandidate> candidates() {
        return StoredCandidate.read(candidates);
    }

    /** Every invoice some candidate proposes, in candidate order. */
    public Set<String> proposedInvoiceIds() {
        return candidates().stream()
                .flatMap(c -> c.invoiceIds().stream())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public State state() {
        return state;
    }

    public String decisionReasons() {
        return decisionReasons;
    }

    public BigDecimal confidence() {
        return confidence;
    }

    /**
     * Records what the engine decided, for calibration and the settings dry-run; {@code autoEligible} says whether a
     * suggestion would have been automatic at a lower threshold (the engine vetoed nothing and saw no ambiguity).
     */
    public void engineDecided(MatchStatus status, boolean autoEligible) {
        this.engineStatus = status;
        this.autoEligible = status == MatchStatus.SUGGESTED && autoEligible;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    public MatchStatus engineStatus() {
        return engineStatus;
    }

    /** A suggestion whose outcome tells what a lower threshold would do. */
    public boolean autoEligible() {
        return Boolean.TRUE.equals(autoEligible);
    }

    public String reversesTransactionId() {
        return reversesTransactionId;
    }

    public String reversedByTransactionId() {
        return reversedByTransactionId;
    }
}
