package app.lettrage.invoice;

import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A payment applied to an invoice by one match; reversed when the match is undone. */
@Entity
@Table(name = "invoice_payment")
public class InvoicePayment {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "invoice_id", nullable = false)
    public UUID invoiceId;

    @Column(name = "match_id", nullable = false)
    public String matchId;

    @Column(name = "transaction_id", nullable = false)
    public String transactionId;

    @Column(nullable = false)
    public BigDecimal amount;

    /** The part of {@code amount} written off rather than paid (Allocation.writeOff); zero when all cash. */
    @Column(name = "write_off", nullable = false)
    public BigDecimal writeOff = BigDecimal.ZERO;

    @Enumerated(EnumType.STRING)
    @Column(name = "decided_by", nullable = false)
    public MatchDecision decidedBy;

    @Column(name = "payment_date")
    public LocalDate paymentDate;

    @Column(name = "applied_at", nullable = false)
    public Instant appliedAt;

    @Column(name = "reversed_at")
    public Instant reversedAt;

    /** The bank transaction that undid this payment (PaymentReversed); null when not reversed by the bank. */
    @Column(name = "reversal_transaction_id")
    public String reversalTransactionId;

    /** The bank's return reason code (PaymentReversed), when it gave one. */
    @Column(name = "return_reason")
    public String returnReason;

    /** The payment one allocation of {@code match} makes on {@code invoice}; see {@link Invoice#pay}. */
    static InvoicePayment of(
            Invoice invoice, PaymentMatched match, BigDecimal amount, BigDecimal writeOff, Instant at) {
        InvoicePayment p = new InvoicePayment();
        p.id = UUID.randomUUID();
        p.tenantId = invoice.tenantId;
        p.invoiceId = invoice.id;
        p.matchId = match.matchId();
        p.transactionId = match.transactionId();
        p.amount = amount;
        p.writeOff = writeOff;
        p.decidedBy = match.decidedBy();
        p.paymentDate = match.paymentDate();
        p.appliedAt = at;
        return p;
    }
}
