package app.lettrage.invoice;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.ReferenceType;
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

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvoiceKind kind = InvoiceKind.INVOICE;

    /** Purchase documents: who numbered them (VAT number, else the name), for "unique per supplier". */
    @Column(name = "supplier_key")
    public String supplierKey;

    public String number;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvoiceStatus status;

    @Column(name = "counterparty_name", nullable = false)
    public String counterpartyName;

    @Column(name = "counterparty_iban")
    public String counterpartyIban;

    @Column(name = "counterparty_address")
    public String counterpartyAddress;

    @Column(name = "counterparty_vat_number")
    public String counterpartyVatNumber;

    @Column(name = "payment_terms")
    public String paymentTerms;

    public String notes;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Rounding rounding = Rounding.PER_TOTAL;

    @Column(name = "net_amount", nullable = false)
    public BigDecimal netAmount;

    @Column(name = "vat_amount", nullable = false)
    public BigDecimal vatAmount;

    @Column(nullable = false, columnDefinition = "bpchar(3)")
    public String currency;

    @Column(name = "total_amount", nullable = false)
    public BigDecimal totalAmount;

    @Column(name = "amount_due", nullable = false)
    public BigDecimal amountDue;

    /** Paid beyond the total: a credit on the counterparty, never silently dropped. */
    @Column(name = "credit_amount", nullable = false)
    public BigDecimal creditAmount = BigDecimal.ZERO;

    /** Part of the amount settled that was written off (bank fee, discount taken), not received as cash. */
    @Column(name = "written_off_amount", nullable = false)
    public BigDecimal writtenOffAmount = BigDecimal.ZERO;

    @Column(name = "issue_date")
    public LocalDate issueDate;

    @Column(name = "due_date", nullable = false)
    public LocalDate dueDate;

    @Column(name = "payment_reference")
    public String paymentReference;

    @Enumerated(EnumType.STRING)
    @Column(name = "payment_reference_type")
    public ReferenceType paymentReferenceType;

    /** On a credit note: the invoice it cancels. */
    @Column(name = "credit_note_for")
    public UUID creditNoteFor;

    /** On a cancelled invoice: its credit note. */
    @Column(name = "cancelled_by")
    public UUID cancelledBy;

    @Column(name = "cancel_reason")
    public String cancelReason;

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
        netAmount = Money.of(netAmount, currency);
        vatAmount = Money.of(vatAmount, currency);
        writtenOffAmount = Money.of(writtenOffAmount, currency);
    }

    /** OVERDUE is derived: an open invoice (not a credit note) past its due date, "today" in the tenant's zone. */
    public InvoiceStatus effectiveStatus(LocalDate today) {
        if (kind == InvoiceKind.INVOICE
                && (status == InvoiceStatus.ISSUED || status == InvoiceStatus.PARTIALLY_PAID)
                && dueDate.isBefore(today)) {
            return InvoiceStatus.OVERDUE;
        }
        return status;
    }
}
