package app.lettrage.invoice;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.ReferenceType;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The columns of an invoice row, public as is the Panache idiom: views, events and queries read them. Only the methods
 * of {@link Invoice} change them, so that every change of state goes through the rule that guards it.
 */
@MappedSuperclass
public abstract class InvoiceColumns {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Version
    public long version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvoiceDirection direction;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvoiceKind kind = InvoiceKind.INVOICE;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvoiceStatus status;

    public String number;
    /** Purchase documents: who numbered them (VAT number, else the name), for "unique per supplier". */
    @Column(name = "supplier_key")
    public String supplierKey;

    @Embedded
    public Counterparty counterparty = new Counterparty();

    @Column(name = "payment_terms")
    public String paymentTerms;

    public String notes;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Rounding rounding = Rounding.PER_TOTAL;

    @Column(nullable = false, columnDefinition = "bpchar(3)")
    public String currency;

    @Column(name = "net_amount", nullable = false)
    public BigDecimal netAmount;

    @Column(name = "vat_amount", nullable = false)
    public BigDecimal vatAmount;

    @Column(name = "total_amount", nullable = false)
    public BigDecimal totalAmount;

    @Embedded
    public Balance balance = new Balance();

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

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
