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
import java.util.UUID;

/** A decision that a transaction settles invoices; undone rather than deleted. */
@Entity
@Table(name = "payment_match")
public class PaymentMatch {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "transaction_id", nullable = false)
    public String transactionId;

    @Enumerated(EnumType.STRING)
    @Column(name = "decided_by", nullable = false)
    public MatchDecision decidedBy;

    @Column(nullable = false)
    public BigDecimal confidence;

    /** One reason per line. */
    @Column(nullable = false)
    public String reasons;

    @Column(name = "matched_by", nullable = false)
    public String matchedBy;

    @Column(name = "matched_at", nullable = false)
    public Instant matchedAt;

    @Column(name = "undone_at")
    public Instant undoneAt;

    @Column(name = "undone_by")
    public String undoneBy;
}
