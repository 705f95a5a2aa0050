package app.lettrage.reconciliation;

import app.lettrage.events.InvoiceDirection;
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

/** An invoice as the matcher sees it. */
@Entity
@Table(name = "open_item")
public class OpenItem {

    public enum Status {
        OPEN,
        SETTLED,
        CANCELLED
    }

    @Id
    @Column(name = "invoice_id")
    public String invoiceId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public InvoiceDirection direction;

    @Column(nullable = false)
    public String number;

    /** The number as payers' texts are compared: upper case letters and digits only. */
    @Column(name = "number_key", nullable = false)
    public String numberKey;

    @Column(name = "payment_reference")
    public String paymentReference;

    @Column(name = "counterparty_name")
    public String counterpartyName;

    @Column(name = "counterparty_iban")
    public String counterpartyIban;

    @Column(nullable = false, columnDefinition = "bpchar(3)")
    public String currency;

    @Column(name = "total_amount", nullable = false)
    public BigDecimal totalAmount;

    @Column(name = "amount_due", nullable = false)
    public BigDecimal amountDue;

    @Column(name = "due_date")
    public LocalDate dueDate;

    @Column(name = "issue_date")
    public LocalDate issueDate;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @PostLoad
    void toCurrencyScale() {
        totalAmount = Money.of(totalAmount, currency);
        amountDue = Money.of(amountDue, currency);
    }

    public static String key(String text) {
        return text == null ? "" : text.toUpperCase().replaceAll("[^A-Z0-9]", "");
    }
}
