package app.lettrage.reconciliation;

import app.lettrage.platform.money.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A bank transaction received from bank-sync-service, with its reconciliation state. */
@Entity
@Table(name = "bank_transaction")
public class ReconTransaction {

    /** PENDING: not booked yet, never decided; SUPERSEDED: replaced by a newer version of the same transaction. */
    public enum State {
        PENDING,
        UNMATCHED,
        SUGGESTED,
        MATCHED,
        SUPERSEDED
    }

    @Id
    @Column(name = "transaction_id")
    public String transactionId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "account_id", nullable = false)
    public String accountId;

    @Column(nullable = false)
    public String status;

    /** Signed: positive is money in. */
    @Column(nullable = false)
    public BigDecimal amount;

    @Column(nullable = false, columnDefinition = "bpchar(3)")
    public String currency;

    @Column(name = "booking_date", nullable = false)
    public LocalDate bookingDate;

    @Column(name = "counterparty_name")
    public String counterpartyName;

    @Column(name = "counterparty_iban")
    public String counterpartyIban;

    @Column(name = "remittance_information")
    public String remittanceInformation;

    @Column(name = "structured_reference")
    public String structuredReference;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(name = "decision_reasons")
    public String decisionReasons;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "account_iban")
    public String accountIban;

    @Column(name = "value_date")
    public LocalDate valueDate;

    @Column(name = "end_to_end_id")
    public String endToEndId;

    @Column(name = "bank_transaction_code")
    public String bankTransactionCode;

    @Column(name = "supersedes_transaction_id")
    public String supersedesTransactionId;

    /** Remittance and structured reference, upper-case letters and digits only: what waiting look-ups search. */
    @Column(name = "text_key")
    public String textKey;

    /** The engine's confidence in its best candidate (null before a decision). */
    @Column
    public BigDecimal confidence;

    /** The engine's candidates, best first, as JSON (see CandidateJson). */
    @Column
    public String candidates;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @PostLoad
    void toCurrencyScale() {
        amount = Money.of(amount, currency);
    }
}
