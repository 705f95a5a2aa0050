package app.lettrage.invoice.service;

import app.lettrage.events.Allocation;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.events.ReferenceType;
import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoicePayment;
import app.lettrage.invoice.InvoiceStatus;
import app.lettrage.invoice.repository.InvoicePaymentRepository;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.platform.money.CreditorReference;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class InvoiceService {

    private static final String AGGREGATE = "Invoice";

    private final InvoiceRepository invoices;
    private final InvoicePaymentRepository payments;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final String numberPrefix;
    private final Clock clock = Clock.systemUTC();

    public InvoiceService(InvoiceRepository invoices, InvoicePaymentRepository payments, Outbox outbox,
            MeterRegistry metrics, @ConfigProperty(name = "lettrage.invoice.number-prefix") String numberPrefix) {
        this.invoices = invoices;
        this.payments = payments;
        this.outbox = outbox;
        this.metrics = metrics;
        this.numberPrefix = numberPrefix;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** A new draft. Amounts are checked against the currency's exponent. */
    @WithTransaction
    public Uni<Invoice> createDraft(String tenantId, InvoiceDirection direction, String counterpartyName,
            String counterpartyIban, String currency, BigDecimal totalAmount, LocalDate dueDate, String supplierNumber) {
        Invoice inv = new Invoice();
        inv.id = UUID.randomUUID();
        inv.tenantId = tenantId;
        inv.direction = direction;
        inv.status = InvoiceStatus.DRAFT;
        inv.counterpartyName = counterpartyName.trim();
        inv.counterpartyIban = counterpartyIban;
        inv.currency = currency;
        inv.totalAmount = totalAmount;
        inv.amountDue = totalAmount;
        inv.creditAmount = Money.zero(currency);
        inv.dueDate = dueDate;
        inv.number = direction == InvoiceDirection.PURCHASE ? supplierNumber : null;
        inv.createdAt = Instant.now(clock);
        inv.updatedAt = inv.createdAt;
        return invoices.persist(inv);
    }

    /**
     * Issues a draft: numbers it (sales: the tenant's gapless series; purchase: the supplier's number), gives a
     * sales invoice its RF payment reference, and publishes InvoiceIssued in the same transaction.
     */
    @WithTransaction
    public Uni<Invoice> issue(String tenantId, UUID id) {
        return invoices.lockForTenant(tenantId, id).onItem().ifNotNull().transformToUni(inv -> {
            if (inv.status != InvoiceStatus.DRAFT) {
                return Uni.createFrom().failure(ProblemException.conflict("not-a-draft",
                        "invoice " + id + " is " + inv.status + "; only a draft can be issued"));
            }
            LocalDate today = today();
            Uni<String> number = inv.direction == InvoiceDirection.PURCHASE
                    ? Uni.createFrom().item(inv.number)
                    : invoices.nextNumber(tenantId, numberPrefix + "-" + today.getYear())
                            .map(n -> String.format("%s-%d-%05d", numberPrefix, today.getYear(), n));
            return number.flatMap(n -> {
                inv.number = n;
                inv.issueDate = today;
                inv.status = InvoiceStatus.ISSUED;
                inv.updatedAt = Instant.now(clock);
                if (inv.direction == InvoiceDirection.SALES) {
                    inv.paymentReference = CreditorReference.rf(n.replaceAll("[^A-Za-z0-9]", ""));
                }
                return outbox.append(AGGREGATE, new InvoiceIssued(inv.id.toString(), tenantId, inv.direction, inv.number,
                                inv.paymentReference, inv.paymentReference == null ? null : ReferenceType.ISO11649,
                                inv.counterpartyName, inv.counterpartyIban, null, inv.currency,
                                inv.totalAmount, inv.amountDue, inv.issueDate, inv.dueDate, inv.updatedAt))
                        .invoke(() -> metrics.counter("lettrage.invoices.issued", "direction", inv.direction.name()).increment())
                        .replaceWith(inv);
            });
        });
    }

    @WithTransaction
    public Uni<Invoice> get(String tenantId, UUID id) {
        return invoices.findForTenant(tenantId, id);
    }

    @WithTransaction
    public Uni<List<Invoice>> list(String tenantId, app.lettrage.invoice.repository.InvoiceFilter filter, int page, int size) {
        return invoices.list(tenantId, filter, today(), page, size);
    }

    /** The invoice's payments, or null when the invoice is not the tenant's. */
    @WithTransaction
    public Uni<List<InvoicePayment>> payments(String tenantId, UUID id) {
        return invoices.findForTenant(tenantId, id).onItem().ifNotNull()
                .transformToUni(inv -> payments.forInvoice(tenantId, id));
    }

    /** Applies each allocation of a match once; the caller's transaction also holds the inbox record. */
    public Uni<Void> applyMatch(PaymentMatched match) {
        return Multi.createFrom().iterable(match.allocations())
                .onItem().transformToUniAndConcatenate(a -> applyAllocation(match, a))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> applyAllocation(PaymentMatched match, Allocation a) {
        UUID invoiceId = parseId(a.invoiceId());
        if (invoiceId == null) {
            Log.warnf("match %s allocates to %s, which is not an invoice id; ignored", match.matchId(), a.invoiceId());
            return Uni.createFrom().voidItem();
        }
        return invoices.lockForTenant(match.tenantId(), invoiceId).flatMap(inv -> {
            if (inv == null) {
                // never another tenant's invoice: the lookup is by the event's tenant
                Log.warnf("match %s of tenant %s names unknown invoice %s; ignored", match.matchId(), match.tenantId(), invoiceId);
                metrics.counter("lettrage.payments.applied", "outcome", "unknown-invoice").increment();
                return Uni.createFrom().voidItem();
            }
            return payments.find(invoiceId, match.matchId()).flatMap(existing -> {
                if (existing != null) {
                    metrics.counter("lettrage.payments.applied", "outcome", "duplicate").increment();
                    return Uni.createFrom().voidItem();
                }
                if (inv.status == InvoiceStatus.DRAFT || inv.status == InvoiceStatus.CANCELLED) {
                    Log.warnf("match %s allocates to invoice %s which is %s; ignored", match.matchId(), invoiceId, inv.status);
                    metrics.counter("lettrage.payments.applied", "outcome", "not-open").increment();
                    return Uni.createFrom().voidItem();
                }
                BigDecimal amount = Money.of(a.amount(), inv.currency);
                InvoicePayment p = new InvoicePayment();
                p.id = UUID.randomUUID();
                p.tenantId = inv.tenantId;
                p.invoiceId = inv.id;
                p.matchId = match.matchId();
                p.transactionId = match.transactionId();
                p.amount = amount;
                p.decidedBy = match.decidedBy();
                p.paymentDate = match.paymentDate();
                p.appliedAt = Instant.now(clock);
                BigDecimal due = inv.amountDue.subtract(amount);
                if (due.signum() < 0) {
                    inv.creditAmount = inv.creditAmount.add(due.negate());
                    due = BigDecimal.ZERO;
                }
                inv.amountDue = Money.of(due, inv.currency);
                inv.status = statusFor(inv);
                inv.updatedAt = p.appliedAt;
                return payments.persist(p)
                        .flatMap(x -> changed(inv, "PAYMENT_APPLIED"))
                        .invoke(() -> metrics.counter("lettrage.payments.applied", "outcome", "applied").increment());
            });
        });
    }

    /** Gives each allocation of the undone match back to its invoice, once. */
    public Uni<Void> applyUnmatch(PaymentUnmatched unmatch) {
        return Multi.createFrom().iterable(unmatch.allocations())
                .onItem().transformToUniAndConcatenate(a -> revertAllocation(unmatch, a))
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> revertAllocation(PaymentUnmatched unmatch, Allocation a) {
        UUID invoiceId = parseId(a.invoiceId());
        if (invoiceId == null) {
            return Uni.createFrom().voidItem();
        }
        return invoices.lockForTenant(unmatch.tenantId(), invoiceId).flatMap(inv -> inv == null
                ? Uni.createFrom().voidItem()
                : payments.find(invoiceId, unmatch.matchId()).flatMap(p -> {
                    if (p == null || p.reversedAt != null) {
                        return Uni.createFrom().voidItem();
                    }
                    p.reversedAt = Instant.now(clock);
                    // give back the credit first, then the amount due
                    BigDecimal back = p.amount;
                    BigDecimal fromCredit = back.min(inv.creditAmount);
                    inv.creditAmount = Money.of(inv.creditAmount.subtract(fromCredit), inv.currency);
                    inv.amountDue = Money.of(inv.amountDue.add(back.subtract(fromCredit)).min(inv.totalAmount), inv.currency);
                    if (inv.status != InvoiceStatus.CANCELLED) {
                        inv.status = statusFor(inv);
                    }
                    inv.updatedAt = p.reversedAt;
                    return changed(inv, "PAYMENT_REVERSED");
                }));
    }

    private static InvoiceStatus statusFor(Invoice inv) {
        if (inv.amountDue.signum() == 0) {
            return InvoiceStatus.PAID;
        }
        return inv.amountDue.compareTo(inv.totalAmount) < 0 ? InvoiceStatus.PARTIALLY_PAID : InvoiceStatus.ISSUED;
    }

    private Uni<Void> changed(Invoice inv, String change) {
        return outbox.append(AGGREGATE, new InvoiceChanged(inv.id.toString(), inv.tenantId, inv.direction, inv.number,
                inv.status.name(), inv.paymentReference, inv.counterpartyName, inv.counterpartyIban, inv.currency,
                inv.totalAmount, inv.amountDue, inv.dueDate, change, inv.updatedAt)).replaceWithVoid();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

}
