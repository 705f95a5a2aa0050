package app.lettrage.invoice;

import app.lettrage.events.Allocation;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.ReferenceType;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import jakarta.persistence.Entity;
import jakarta.persistence.PostLoad;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A sales or purchase invoice, or a credit note that cancels one. Its state changes only through its methods: a draft
 * is described and priced, then issued; an issued invoice is paid, given back its payments, or cancelled by a credit
 * note. A rule broken by a request is a {@link ProblemException} naming it.
 */
@Entity
@Table(name = "invoice")
public class Invoice extends InvoiceColumns {

    /** A new draft, empty until {@link #describe} and {@link #price} give it its content and amounts. */
    public static Invoice draft(String tenantId, InvoiceDirection direction, Rounding rounding, Instant now) {
        Invoice inv = new Invoice();
        inv.id = UUID.randomUUID();
        inv.tenantId = tenantId;
        inv.direction = direction;
        inv.status = InvoiceStatus.DRAFT;
        inv.rounding = rounding;
        inv.createdAt = now;
        return inv;
    }

    /** A draft takes the content of {@code d}, all but its amounts; a purchase invoice keeps the supplier's number. */
    public void describe(Draft d) {
        requireDraft();
        counterparty = Counterparty.of(
                d.counterpartyName().trim(), d.counterpartyAddress(), d.counterpartyVatNumber(), d.counterpartyIban());
        currency = d.currency();
        dueDate = d.dueDate();
        paymentTerms = d.paymentTerms();
        notes = d.notes();
        if (direction == InvoiceDirection.PURCHASE) {
            if (d.supplierNumber() == null || d.supplierNumber().isBlank()) {
                throw ProblemException.badRequest(
                        "supplierNumber", "a purchase invoice keeps the supplier's number: required");
            }
            number = d.supplierNumber().trim();
            supplierKey = counterparty.supplierKey();
            issueDate = d.issueDate();
        }
    }

    /** A draft's amounts (from its lines, or its total as given): all of the total is due. */
    public void price(BigDecimal net, BigDecimal vat, BigDecimal total, Instant now) {
        requireDraft();
        if (issueDate != null && dueDate.isBefore(issueDate)) {
            throw ProblemException.badRequest("dueDate", "must not be before the issue date " + issueDate);
        }
        netAmount = net;
        vatAmount = vat;
        totalAmount = total;
        balance = Balance.due(total, currency);
        updatedAt = now;
    }

    /** Optimistic concurrency: {@code expected} (the client's If-Match, when sent) must be this version, else 412. */
    public void requireVersion(Long expected) {
        if (expected != null && version != expected) {
            throw new ProblemException(
                    412,
                    "precondition-failed",
                    "Precondition failed",
                    "If-Match names version " + expected + " but the invoice is at version " + version
                            + ": read it again");
        }
    }

    /** Only a draft may be edited freely. */
    public void requireDraft() {
        if (status != InvoiceStatus.DRAFT) {
            throw frozen();
        }
    }

    /** An issued invoice, unpaid or partly paid, may still change its due date and the counterparty's IBAN. */
    public void requireAmendable() {
        if (kind != InvoiceKind.INVOICE
                || !(status == InvoiceStatus.ISSUED || status == InvoiceStatus.PARTIALLY_PAID)) {
            throw frozen();
        }
    }

    private ProblemException frozen() {
        return ProblemException.conflict(
                "invoice-frozen",
                (kind == InvoiceKind.CREDIT_NOTE ? "credit note " : "invoice ") + (number != null ? number : id)
                        + " is " + status + ": it can no longer be edited");
    }

    /** Moves an issued invoice's due date, never before its issue date; false when it already is that date. */
    public boolean changeDueDate(LocalDate newDueDate, Instant now) {
        requireAmendable();
        if (newDueDate.equals(dueDate)) {
            return false;
        }
        if (newDueDate.isBefore(issueDate)) {
            throw ProblemException.badRequest("dueDate", "must not be before the issue date " + issueDate);
        }
        dueDate = newDueDate;
        updatedAt = now;
        return true;
    }

    /** Changes the IBAN an issued invoice is paid from or to; false when it already is that IBAN. */
    public boolean changeCounterpartyIban(String iban, Instant now) {
        requireAmendable();
        if (Objects.equals(iban, counterparty.iban)) {
            return false;
        }
        counterparty.iban = iban;
        updatedAt = now;
        return true;
    }

    /** Refuses a draft that cannot be issued today: not a draft (409), or a sales invoice already past due (422). */
    public void checkIssuable(LocalDate today) {
        if (status != InvoiceStatus.DRAFT) {
            throw ProblemException.conflict(
                    "not-a-draft", "invoice " + id + " is " + status + "; only a draft can be issued");
        }
        if (direction == InvoiceDirection.SALES && dueDate.isBefore(today)) {
            throw new ProblemException(
                    422,
                    "due-before-issue",
                    "Unprocessable request",
                    "the due date " + dueDate + " is before today's issue date " + today,
                    List.of(new Problem.FieldError("dueDate", "must not be before the issue date " + today)));
        }
    }

    /**
     * DRAFT → ISSUED. A sales invoice takes {@code salesNumber} and that number's payment reference (Belgian
     * structured or RF) and is dated today; a purchase invoice keeps the supplier's number and date (today if none).
     */
    public void issue(SeriesNumber salesNumber, ReferenceType referenceType, LocalDate today, Instant now) {
        checkIssuable(today);
        if (direction == InvoiceDirection.SALES) {
            number = salesNumber.text();
            issueDate = today;
            paymentReferenceType =
                    referenceType == ReferenceType.BE_STRUCTURED ? ReferenceType.BE_STRUCTURED : ReferenceType.ISO11649;
            paymentReference = salesNumber.paymentReference(paymentReferenceType);
        } else if (issueDate == null) {
            issueDate = today;
        }
        status = InvoiceStatus.ISSUED;
        updatedAt = now;
    }

    /**
     * Refuses what a credit note cannot cancel: a credit note, a cancelled invoice, a draft, an invoice with payments
     * applied (unmatch them first: no cash is left on a cancelled invoice), a purchase invoice without the number of
     * the supplier's credit note.
     */
    public void checkCancellable(String supplierCreditNoteNumber) {
        if (kind == InvoiceKind.CREDIT_NOTE) {
            throw ProblemException.conflict("credit-note", "a credit note cannot be cancelled");
        }
        if (status == InvoiceStatus.CANCELLED) {
            throw ProblemException.conflict(
                    "already-cancelled", "invoice " + number + " is already cancelled by credit note " + cancelledBy);
        }
        if (status == InvoiceStatus.DRAFT) {
            throw ProblemException.conflict("not-issued", "a draft has no number and needs no credit note");
        }
        if (status != InvoiceStatus.ISSUED || !balance.isUntouched(totalAmount)) {
            throw ProblemException.conflict(
                    "invoice-has-payments",
                    "invoice " + number + " is " + status
                            + " with payments applied: unmatch them before cancelling it");
        }
        if (direction == InvoiceDirection.PURCHASE
                && (supplierCreditNoteNumber == null || supplierCreditNoteNumber.isBlank())) {
            throw ProblemException.badRequest(
                    "creditNoteNumber",
                    "a purchase invoice is cancelled by the supplier's credit note: its number is required");
        }
    }

    /**
     * The credit note that cancels this invoice: its whole amount, issued today, nothing to collect (it settles the
     * invoice). Its lines are copies of this invoice's ({@link InvoiceLine#copyFor}); {@link #cancel} completes it.
     */
    public Invoice creditNote(String creditNoteNumber, String reason, LocalDate today, Instant now) {
        checkCancellable(creditNoteNumber);
        Invoice cn = draft(tenantId, direction, rounding, now);
        cn.kind = InvoiceKind.CREDIT_NOTE;
        cn.status = InvoiceStatus.ISSUED;
        cn.number = creditNoteNumber;
        cn.supplierKey = supplierKey;
        cn.counterparty = counterparty.copy();
        cn.currency = currency;
        cn.netAmount = netAmount;
        cn.vatAmount = vatAmount;
        cn.totalAmount = totalAmount;
        cn.balance = Balance.due(Money.zero(currency), currency);
        cn.issueDate = today;
        cn.dueDate = today;
        cn.notes = reason;
        cn.creditNoteFor = id;
        cn.updatedAt = now;
        return cn;
    }

    /** ISSUED → CANCELLED by its credit note: nothing is due any more, and no payment can match it. */
    public void cancel(Invoice creditNote, String reason, Instant now) {
        if (creditNote.kind != InvoiceKind.CREDIT_NOTE || !id.equals(creditNote.creditNoteFor)) {
            throw new IllegalArgumentException("credit note " + creditNote.id + " does not cancel invoice " + id);
        }
        status = InvoiceStatus.CANCELLED;
        cancelledBy = creditNote.id;
        cancelReason = reason;
        balance.close(currency);
        updatedAt = now;
    }

    /** A match may pay an issued invoice, paid or not (paying more is a credit), never a draft or a cancelled one. */
    public boolean acceptsPayments() {
        return kind == InvoiceKind.INVOICE && status != InvoiceStatus.DRAFT && status != InvoiceStatus.CANCELLED;
    }

    /**
     * Applies one allocation of a match: the amount due goes down by its amount, of which {@code writeOff} (0 to the
     * amount) was written off rather than paid; beyond the amount due it is a credit. Returns the payment to record.
     */
    public InvoicePayment pay(PaymentMatched match, Allocation allocation, Instant now) {
        if (!acceptsPayments()) {
            throw new IllegalStateException("invoice " + id + " is " + status + " and accepts no payment");
        }
        if (allocation.currency() != null && !allocation.currency().equals(currency)) {
            // a payment in another currency arrives converted into the invoice's (reconciliation's ConvertedPayments):
            // an amount in any other currency would be applied as if it were this one
            throw new IllegalArgumentException("match " + match.matchId() + ": allocation in " + allocation.currency()
                    + " for an invoice in " + currency);
        }
        BigDecimal amount = Money.of(allocation.amount(), currency);
        BigDecimal writeOff =
                allocation.writeOff() == null ? Money.zero(currency) : Money.of(allocation.writeOff(), currency);
        if (writeOff.signum() < 0 || writeOff.compareTo(amount) > 0) {
            throw new IllegalArgumentException("match " + match.matchId() + ": writeOff " + writeOff
                    + " is not between 0 and the allocated amount " + amount);
        }
        balance.take(amount, writeOff, currency);
        status = balance.status(totalAmount);
        updatedAt = now;
        return InvoicePayment.of(this, match, amount, writeOff, now);
    }

    /** Gives a payment back, once; false when there is nothing to give back (none, or already reversed). */
    public boolean reverse(InvoicePayment payment, Instant now) {
        if (payment == null || payment.reversedAt != null) {
            return false;
        }
        if (!id.equals(payment.invoiceId)) {
            throw new IllegalArgumentException("payment " + payment.id + " is not one of invoice " + id);
        }
        payment.reversedAt = now;
        balance.giveBack(payment.amount, payment.writeOff, totalAmount, currency);
        if (status != InvoiceStatus.CANCELLED) {
            status = balance.status(totalAmount);
        }
        updatedAt = now;
        return true;
    }

    /**
     * The bank undid the payment (a returned direct debit, a reversed transfer, a chargeback): it is given back, once,
     * as by {@link #reverse}, and remembers the line that undid it and the bank's return reason, to show them.
     */
    public boolean returnedByBank(
            InvoicePayment payment, String reversalTransactionId, String returnReason, Instant now) {
        if (!reverse(payment, now)) {
            return false;
        }
        payment.reversalTransactionId = reversalTransactionId;
        payment.returnReason = returnReason == null || returnReason.length() > 35 ? null : returnReason;
        return true;
    }

    /** Amounts come back from numeric(19,4) with scale 4: bring them to the currency's exponent. */
    @PostLoad
    void toCurrencyScale() {
        totalAmount = Money.of(totalAmount, currency);
        netAmount = Money.of(netAmount, currency);
        vatAmount = Money.of(vatAmount, currency);
        balance.scaleTo(currency);
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
