package app.lettrage.reconciliation;

import app.lettrage.events.MatchDecision;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A decision that a transaction settles invoices; undone rather than deleted. */
@Entity
@Table(name = "payment_match")
public class PaymentMatch {

    /** The outbox's aggregate type of PaymentMatched and PaymentUnmatched. */
    public static final String AGGREGATE = "PaymentMatch";

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    @Column(name = "transaction_id", nullable = false)
    private String transactionId;

    @Enumerated(EnumType.STRING)
    @Column(name = "decided_by", nullable = false)
    private MatchDecision decidedBy;

    @Column(nullable = false)
    private BigDecimal confidence;

    /** One reason per line. */
    @Column(nullable = false)
    private String reasons;

    @Column(name = "matched_by", nullable = false)
    private String matchedBy;

    @Column(name = "matched_at", nullable = false)
    private Instant matchedAt;

    @Column(name = "undone_at")
    private Instant undoneAt;

    @Column(name = "undone_by")
    private String undoneBy;

    protected PaymentMatch() {}

    /** A new active match of the transaction; {@code by} is the person, or the engine. */
    public static PaymentMatch of(
            ReconTransaction tx,
            MatchDecision decidedBy,
            double confidence,
            List<String> reasons,
            String by,
            Instant at) {
        PaymentMatch m = new PaymentMatch();
        m.id = UUID.randomUUID();
        m.tenantId = tx.tenantId();
        m.transactionId = tx.transactionId();
        m.decidedBy = decidedBy;
        m.confidence = StoredCandidate.confidence(confidence);
        m.reasons = String.join("\n", reasons);
        m.matchedBy = by;
        m.matchedAt = at;
        return m;
    }

    /** The match now explains the newer version of its transaction (the invoices were paid once). */
    public void moveTo(String transactionId) {
        requireActive();
        this.transactionId = transactionId;
    }

    public void undo(String by, Instant at) {
        requireActive();
        undoneAt = at;
        undoneBy = by;
    }

    private void requireActive() {
        if (isUndone()) {
            throw new IllegalStateException("match " + id + " was undone at " + undoneAt);
        }
    }

    public boolean isUndone() {
        return undoneAt != null;
    }

    public UUID id() {
        return id;
    }

    public String tenantId() {
        return tenantId;
    }

    public String transactionId() {
        return transactionId;
    }

    public MatchDecision decidedBy() {
        return decidedBy;
    }

    public BigDecimal confidence() {
        return confidence;
    }

    public String reasons() {
        return reasons;
    }

    public String matchedBy() {
        return matchedBy;
    }

    public Instant matchedAt() {
        return matchedAt;
    }

    public Instant undoneAt() {
        return undoneAt;
    }

    public String undoneBy() {
        return undoneBy;
    }
}
