package app.lettrage.reconciliation;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.identifiers.Iban;
import app.lettrage.matching.Direction;
import app.lettrage.matching.Invoice;
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
import java.util.Objects;

/**
 * An invoice as the matcher sees it. Its amount due is ours: the total less this service's active allocations (every
 * payment is decided here), so it changes only by {@link #allocate} and {@link #revert}.
 */
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
    private String invoiceId;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private InvoiceDirection direction;

    @Column(nullable = false)
    private String number;

    /** The number as payers' texts are compared: upper case letters and digits only. */
    @Column(name = "number_key", nullable = false)
    private String numberKey;

    @Column(name = "payment_reference")
    private String paymentReference;

    @Column(name = "counterparty_name")
    private String counterpartyName;

    @Column(name = "counterparty_iban")
    private String counterpartyIban;

    @Column(nullable = false, columnDefinition = "bpchar(3)")
    private String currency;

    @Column(name = "total_amount", nullable = false)
    private BigDecimal totalAmount;

    @Column(name = "amount_due", nullable = false)
    private BigDecimal amountDue;

    @Column(name = "due_date")
    private LocalDate dueDate;

    @Column(name = "issue_date")
    private LocalDate issueDate;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected OpenItem() {}

    /** The issued invoice: OPEN while something is due, else SETTLED. */
    public static OpenItem issued(InvoiceIssued e, Instant at) {
        OpenItem item = new OpenItem();
        item.invoiceId = e.invoiceId();
        item.tenantId = e.tenantId();
        item.direction = e.direction();
        item.number = e.number();
        item.numberKey = key(e.number());
        item.paymentReference = e.paymentReference();
        item.counterpartyName = e.counterpartyName();
        item.counterpartyIban = Iban.normalize(e.counterpartyIban());
        item.currency = e.currency();
        item.totalAmount = Money.of(e.totalAmount(), e.currency());
        item.amountDue = Money.of(e.amountDue(), e.currency());
        item.issueDate = e.issueDate();
        item.dueDate = e.dueDate();
        item.status = item.amountDue.signum() > 0 ? Status.OPEN : Status.SETTLED;
        item.updatedAt = at;
        return item;
    }

    // ------------------------------------------------------------------ transitions

    /** Whether these are the due date and counterparty it has: nothing the matcher uses would change. */
    public boolean hasDetails(LocalDate dueDate, String counterpartyName, String counterpartyIban) {
        return Objects.equals(this.dueDate, dueDate)
                && Objects.equals(this.counterpartyName, counterpartyName)
                && Objects.equals(this.counterpartyIban, counterpartyIban);
    }

    /** Takes what may change on an issued invoice; the amount due is not among it. */
    public void amend(LocalDate dueDate, String counterpartyName, String counterpartyIban, Instant at) {
        this.dueDate = dueDate;
        this.counterpartyName = counterpartyName;
        this.counterpartyIban = counterpartyIban;
        this.updatedAt = at;
    }

    /** No longer matchable, whatever is due. */
    public void cancel(Instant at) {
        if (status == Status.CANCELLED) {
            throw new IllegalStateException("invoice " + number + " is already cancelled");
        }
        status = Status.CANCELLED;
        updatedAt = at;
    }

    /** A payment settles {@code amount} of it (never below zero due); SETTLED when nothing is left. */
    public void allocate(BigDecimal amount, Instant at) {
        adjustDue(requireNotNegative(amount).negate(), at);
    }

    /** Undoes {@link #allocate}: the amount is due again (never above the total); OPEN again unless cancelled. */
    public void revert(BigDecimal amount, Instant at) {
        adjustDue(requireNotNegative(amount), at);
    }

    private void adjustDue(BigDecimal delta, Instant at) {
        BigDecimal due = amountDue.add(delta);
        amountDue = Money.of(due.max(BigDecimal.ZERO).min(totalAmount), currency);
        if (status != Status.CANCELLED) {
            status = amountDue.signum() == 0 ? Status.SETTLED : Status.OPEN;
        }
        updatedAt = at;
    }

    private static BigDecimal requireNotNegative(BigDecimal amount) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("an allocated amount is not negative: " + amount.toPlainString());
        }
        return amount;
    }

    // ------------------------------------------------------------------ reads

    public boolean isOpen() {
        return status == Status.OPEN;
    }

    public boolean isCancelled() {
        return status == Status.CANCELLED;
    }

    /** Whether a payment of {@code amount} can still be allocated to it. */
    public boolean canSettle(BigDecimal amount) {
        return isOpen() && amountDue.compareTo(amount) >= 0;
    }

    /** The amount due as a transaction that pays it is signed: positive for a SALES invoice (money in). */
    public BigDecimal signedAmountDue() {
        return direction == InvoiceDirection.SALES ? amountDue : amountDue.negate();
    }

    /** The engine's view of the item. */
    public Invoice toInvoice() {
        return new Invoice(
                invoiceId,
                tenantId,
                Direction.valueOf(direction.name()),
                number,
                paymentReference,
                counterpartyName,
                counterpartyIban,
                currency,
                totalAmount,
                amountDue,
                issueDate,
                dueDate);
    }

    @PostLoad
    void toCurrencyScale() {
        totalAmount = Money.of(totalAmount, currency);
        amountDue = Money.of(amountDue, currency);
    }

    /** A text as payers' references are compared: upper-case letters and digits only. */
    public static String key(String text) {
        return text == null ? "" : text.toUpperCase().replaceAll("[^A-Z0-9]", "");
    }

    public String invoiceId() {
        return invoiceId;
    }

    public String tenantId() {
        return tenantId;
    }

    public InvoiceDirection direction() {
        return direction;
    }

    public String number() {
        return number;
    }

    public String numberKey() {
        return numberKey;
    }

    public String paymentReference() {
        return paymentReference;
    }

    public String counterpartyIban() {
        return counterpartyIban;
    }

    public String currency() {
        return currency;
    }

    public BigDecimal amountDue() {
        return amountDue;
    }

    public Status status() {
        return status;
    }
}
