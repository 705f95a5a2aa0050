package app.lettrage.reconciliation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A payer (IBAN and/or name) learned to pay for a counterparty; replayed into the book on every rebuild, in id order. */
@Entity
@Table(name = "learned_payer")
public class LearnedPayer {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    /** The invoices' counterparty name (or the engine's key of it). */
    @Column(nullable = false)
    public String counterparty;

    @Column(name = "payer_iban")
    public String payerIban;

    @Column(name = "payer_name")
    public String payerName;

    /** AUTO (the engine learned the IBAN of an auto-match whose payer name agrees), CONFIRMED or MANUAL. */
    @Column(nullable = false)
    public String source;

    @Column(name = "learned_at", nullable = false)
    public Instant learnedAt;
}
