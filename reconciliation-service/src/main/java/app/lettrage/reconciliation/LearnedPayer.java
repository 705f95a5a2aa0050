package app.lettrage.reconciliation;

import app.lettrage.events.MatchDecision;
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

    /** The columns' width: a longer name is kept by its start. */
    private static final int MAX_NAME = 200;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    /** The invoices' counterparty name (or the engine's key of it). */
    @Column(nullable = false)
    private String counterparty;

    @Column(name = "payer_iban")
    private String payerIban;

    @Column(name = "payer_name")
    private String payerName;

    /** AUTO (the engine learned the IBAN of an auto-match whose payer name agrees), CONFIRMED or MANUAL. */
    @Column(nullable = false)
    private String source;

    @Column(name = "learned_at", nullable = false)
    private Instant learnedAt;

    protected LearnedPayer() {}

    public static LearnedPayer of(
            String tenantId,
            String counterparty,
            String payerIban,
            String payerName,
            MatchDecision source,
            Instant at) {
        LearnedPayer p = new LearnedPayer();
        p.tenantId = tenantId;
        p.counterparty = truncate(counterparty);
        p.payerIban = payerIban;
        p.payerName = truncate(payerName);
        p.source = source.name();
        p.learnedAt = at;
        return p;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= MAX_NAME ? s : s.substring(0, MAX_NAME);
    }

    public String counterparty() {
        return counterparty;
    }

    public String payerIban() {
        return payerIban;
    }

    public String payerName() {
        return payerName;
    }
}
