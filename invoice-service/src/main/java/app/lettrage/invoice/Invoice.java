package app.lettrage.invoice;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.platform.money.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Entity
@Table(name = "invoice")
public class Invoice {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvoiceDirection direction;

    public String number;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvoiceStatus status;

    @Column(name = "counterparty_name", nullable = false)
    public String counterpartyName;

    @Column(name = "counterparty_iban")
    public String counterpartyIban;

    @Column(nullable = false, columnDefinition = "bpchar(3)")
    public String currency;

    @Column(name = "total_amount", nullable = false)
    public BigDecimal totalAmount;

    @Column(name = "amount_due", nullable = false)
    public BigDecimal amountDue;

    /** Paid beyond the total: a credit on the counterparty, never silently dropped. */
    @Column(name = "credit_amount", nullable = false)
    public BigDecimal creditAmount = BigDecimal.ZERO;

    @Column(name = "issue_date")
    public LocalDate issueDate;

    @Column(name = "due_date", nullable = false)
    public LocalDate dueDate;

    @Column(name = "payment_reference")
    public String paymentReference;

    @Version
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Amounts come back from numeric(19,4) with scale 4: bring them to the currency's exponent. */
    @PostLoad
    void toCurrencyScale() {
        totalAmount = Money.of(totalAmount, currency);
        amountDue = Money.of(amountDue, currency);
        creditAmount = Money.of(creditAmount, currency);
    }

    /** OVERDUE is derived: an open invoice past its due date. */
    public InvoiceStatus effectiveStatus(LocalDate today) {
        if ((status == InvoiceStatus.ISSUED || status == InvoiceStatus.PARTIALLY_PAID) && dueDate.isBefore(today)) {
            return InvoiceStatus.OVERDUE;
        }
        return status;
    }

}
