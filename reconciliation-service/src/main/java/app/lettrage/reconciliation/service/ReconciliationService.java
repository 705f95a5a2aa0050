package app.lettrage.reconciliation.service;

import app.lettrage.events.Allocation;
import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.events.TransactionImported;
import app.lettrage.platform.money.Iban;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.MatchAllocation;
import app.lettrage.reconciliation.OpenItem;
import app.lettrage.reconciliation.PaymentMatch;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.repository.OpenItemRepository;
import app.lettrage.reconciliation.repository.PaymentMatchRepository;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Keeps the open items from invoice events and decides each imported transaction. The skeleton's rule: a booked
 * transaction whose remittance (or structured reference) carries exactly one open invoice's number or payment
 * reference, in the right direction and currency, for exactly its amount due, is matched automatically.
 */
@ApplicationScoped
public class ReconciliationService {

    private static final String AGGREGATE = "PaymentMatch";

    private final OpenItemRepository openItems;
    private final ReconTransactionRepository transactions;
    private final PaymentMatchRepository matches;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final Timer decisionTimer;

    public ReconciliationService(OpenItemRepository openItems, ReconTransactionRepository transactions,
            PaymentMatchRepository matches, Outbox outbox, MeterRegistry metrics) {
        this.openItems = openItems;
        this.transactions = transactions;
        this.matches = matches;
        this.outbox = outbox;
        this.metrics = metrics;
        this.decisionTimer = Timer.builder("lettrage.reconciliation.decision.latency")
                .description("time to decide one imported transaction").publishPercentiles(0.5, 0.99).register(metrics);
    }

    // ---- open items from invoice events (the caller holds the transaction and the inbox record) ----

    public Uni<Void> onInvoiceIssued(InvoiceIssued e) {
        return openItems.lockForTenant(e.tenantId(), e.invoiceId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            OpenItem item = new OpenItem();
            item.invoiceId = e.invoiceId();
            item.tenantId = e.tenantId();
            item.direction = e.direction();
            item.number = e.number();
            item.numberKey = OpenItem.key(e.number());
            item.paymentReference = e.paymentReference();
            item.counterpartyName = e.counterpartyName();
            item.counterpartyIban = Iban.normalize(e.counterpartyIban());
            item.currency = e.currency();
            item.totalAmount = Money.of(e.totalAmount(), e.currency());
            item.amountDue = Money.of(e.amountDue(), e.currency());
            item.dueDate = e.dueDate();
            item.status = item.amountDue.signum() > 0 ? OpenItem.Status.OPEN : OpenItem.Status.SETTLED;
            item.updatedAt = Instant.now();
            return openItems.persist(item).flatMap(x -> item.status == OpenItem.Status.OPEN
                    ? matchWaitingTransaction(item, e.issueDate()) : Uni.createFrom().voidItem());
        });
    }

    /**
     * A payment often arrives before its invoice is known here (the two streams are independent): an invoice that
     * opens looks for the one unmatched transaction that references it with its exact amount.
     */
    private Uni<Void> matchWaitingTransaction(OpenItem item, java.time.LocalDate issueDate) {
        BigDecimal signed = item.direction == InvoiceDirection.SALES ? item.amountDue : item.amountDue.negate();
        return transactions.unmatchedWithAmount(item.tenantId, item.currency, signed).flatMap(waiting -> {
            List<ReconTransaction> referencing = waiting.stream().filter(tx -> references(tx, item)).toList();
            if (referencing.size() != 1) {
                return Uni.createFrom().voidItem();
            }
            ReconTransaction tx = referencing.get(0);
            List<String> reasons = List.of("reference " + item.number + " in the transaction's text",
                    "amount equals the amount due (" + item.amountDue.toPlainString() + " " + item.currency + ")",
                    "invoice became known after the payment");
            metrics.counter("lettrage.reconciliation.decisions", "outcome", "AUTO_MATCHED").increment();
            return match(tx, List.of(new Allocation(item.invoiceId, item.number, item.amountDue, item.currency)),
                    MatchDecision.AUTO, new BigDecimal("0.99"), reasons, "engine", tx.bookingDate);
        });
    }

    private static boolean references(ReconTransaction tx, OpenItem item) {
        String text = OpenItem.key(tx.remittanceInformation) + " " + OpenItem.key(tx.structuredReference);
        return text.contains(item.numberKey)
                || (item.paymentReference != null && text.contains(OpenItem.key(item.paymentReference)));
    }

    /** Takes what may change on an issued invoice; the amount due stays ours (every payment is decided here). */
    public Uni<Void> onInvoiceChanged(InvoiceChanged e) {
        return openItems.lockForTenant(e.tenantId(), e.invoiceId()).flatMap(item -> {
            if (item == null) {
                return Uni.createFrom().voidItem();
            }
            item.dueDate = e.dueDate();
            item.counterpartyName = e.counterpartyName();
            item.counterpartyIban = Iban.normalize(e.counterpartyIban());
            if ("CANCELLED".equals(e.status())) {
                item.status = OpenItem.Status.CANCELLED;
            }
            item.updatedAt = Instant.now();
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<Void> onInvoiceCancelled(InvoiceCancelled e) {
        return openItems.lockForTenant(e.tenantId(), e.invoiceId()).invoke(item -> {
            if (item != null) {
                item.status = OpenItem.Status.CANCELLED;
                item.updatedAt = Instant.now();
            }
        }).replaceWithVoid();
    }

    // ---- transactions ----

    public Uni<Void> onTransactionImported(TransactionImported e) {
        return transactions.findById(e.transactionId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem(); // the same transaction again: decided once
            }
            ReconTransaction tx = new ReconTransaction();
            tx.transactionId = e.transactionId();
            tx.tenantId = e.tenantId();
            tx.accountId = e.accountId();
            tx.status = e.status().name();
            tx.amount = Money.of(e.amount(), e.currency());
            tx.currency = e.currency();
            tx.bookingDate = e.bookingDate();
            tx.counterpartyName = e.counterpartyName();
            tx.counterpartyIban = Iban.normalize(e.counterpartyIban());
            tx.remittanceInformation = e.remittanceInformation();
            tx.structuredReference = e.structuredReference();
            tx.receivedAt = Instant.now();
            tx.state = e.status() == TransactionImported.BookingStatus.PENDING
                    ? ReconTransaction.State.PENDING : ReconTransaction.State.UNMATCHED;
            return transactions.persist(tx).flatMap(t -> t.state == ReconTransaction.State.PENDING
                    ? Uni.createFrom().voidItem()
                    : decide(t, e.bookingDate()));
        });
    }

    private Uni<Void> decide(ReconTransaction tx, java.time.LocalDate paymentDate) {
        long start = System.nanoTime();
        InvoiceDirection direction = tx.amount.signum() > 0 ? InvoiceDirection.SALES : InvoiceDirection.PURCHASE;
        BigDecimal amount = tx.amount.abs();
        return openItems.openWithAmountDue(tx.tenantId, direction, tx.currency, amount).flatMap(candidates -> {
            List<OpenItem> referenced = new ArrayList<>();
            for (OpenItem item : candidates) {
                if (references(tx, item)) {
                    referenced.add(item);
                }
            }
            Uni<Void> outcome;
            if (referenced.size() == 1) {
                OpenItem item = referenced.get(0);
                List<String> reasons = List.of("reference " + item.number + " in the transaction's text",
                        "amount equals the amount due (" + amount.toPlainString() + " " + tx.currency + ")");
                outcome = match(tx, List.of(new Allocation(item.invoiceId, item.number, amount, tx.currency)),
                        MatchDecision.AUTO, new BigDecimal("0.99"), reasons, "engine", paymentDate);
                metrics.counter("lettrage.reconciliation.decisions", "outcome", "AUTO_MATCHED").increment();
            } else {
                tx.state = referenced.isEmpty() ? ReconTransaction.State.UNMATCHED : ReconTransaction.State.SUGGESTED;
                tx.decisionReasons = referenced.isEmpty()
                        ? "no open invoice with this amount due is referenced"
                        : referenced.size() + " open invoices fit equally: a person must choose";
                metrics.counter("lettrage.reconciliation.decisions", "outcome", tx.state.name()).increment();
                outcome = Uni.createFrom().voidItem();
            }
            return outcome.invoke(() -> decisionTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
        });
    }

    /** Stores the match, reduces the open items' amount due and publishes PaymentMatched, all in the caller's transaction. */
    Uni<Void> match(ReconTransaction tx, List<Allocation> allocations, MatchDecision decidedBy, BigDecimal confidence,
            List<String> reasons, String by, java.time.LocalDate paymentDate) {
        PaymentMatch m = new PaymentMatch();
        m.id = UUID.randomUUID();
        m.tenantId = tx.tenantId;
        m.transactionId = tx.transactionId;
        m.decidedBy = decidedBy;
        m.confidence = confidence;
        m.reasons = String.join("\n", reasons);
        m.matchedBy = by;
        m.matchedAt = Instant.now();
        tx.state = ReconTransaction.State.MATCHED;
        tx.decisionReasons = m.reasons;
        return matches.persist(m)
                .flatMap(x -> Multi.createFrom().iterable(allocations).onItem().transformToUniAndConcatenate(a -> {
                    MatchAllocation row = new MatchAllocation();
                    row.id = UUID.randomUUID();
                    row.matchId = m.id;
                    row.tenantId = tx.tenantId;
                    row.invoiceId = a.invoiceId();
                    row.invoiceNumber = a.invoiceNumber();
                    row.amount = a.amount();
                    row.currency = a.currency();
                    return matches.persistAllocation(row).flatMap(r -> adjustDue(tx.tenantId, a.invoiceId(), a.amount().negate()));
                }).collect().last())
                .flatMap(x -> outbox.append(AGGREGATE, new PaymentMatched(m.id.toString(), tx.tenantId, tx.transactionId,
                        allocations, decidedBy, confidence.doubleValue(), reasons, paymentDate, m.matchedAt)))
                .replaceWithVoid();
    }

    private Uni<Void> adjustDue(String tenantId, String invoiceId, BigDecimal delta) {
        return openItems.lockForTenant(tenantId, invoiceId).invoke(item -> {
            if (item != null) {
                BigDecimal due = item.amountDue.add(delta);
                item.amountDue = Money.of(due.max(BigDecimal.ZERO).min(item.totalAmount), item.currency);
                if (item.status != OpenItem.Status.CANCELLED) {
                    item.status = item.amountDue.signum() == 0 ? OpenItem.Status.SETTLED : OpenItem.Status.OPEN;
                }
                item.updatedAt = Instant.now();
            }
        }).replaceWithVoid();
    }

    // ---- queries and the workflow ----

    @WithTransaction
    public Uni<List<ReconTransaction>> transactions(String tenantId, ReconTransaction.State state, int page, int size) {
        return transactions.list(tenantId, state, page, size);
    }

    public record MatchWithAllocations(PaymentMatch match, List<MatchAllocation> allocations) {
    }

    @WithTransaction
    public Uni<List<MatchWithAllocations>> matches(String tenantId, int page, int size) {
        return matches.list(tenantId, page, size).flatMap(list -> matches.allocations(list.stream().map(m -> m.id).toList())
                .map(allocs -> list.stream().map(m -> new MatchWithAllocations(m,
                        allocs.stream().filter(a -> a.matchId.equals(m.id)).toList())).toList()));
    }

    @WithTransaction
    public Uni<MatchWithAllocations> match(String tenantId, UUID id) {
        return matches.findForTenant(tenantId, id).onItem().ifNotNull()
                .transformToUni(m -> matches.allocations(m.id).map(a -> new MatchWithAllocations(m, a)));
    }

    /** Undoes an active match: the open items get their amount due back, PaymentUnmatched tells invoice-service. */
    @WithTransaction
    public Uni<MatchWithAllocations> undo(String tenantId, UUID id, String by, String reason) {
        return matches.lockForTenant(tenantId, id).onItem().ifNotNull().transformToUni(m -> {
            if (m.undoneAt != null) {
                return Uni.createFrom().failure(ProblemException.conflict("already-undone", "match " + id + " was undone at " + m.undoneAt));
            }
            m.undoneAt = Instant.now();
            m.undoneBy = by;
            return matches.allocations(m.id).flatMap(allocs -> Multi.createFrom().iterable(allocs)
                    .onItem().transformToUniAndConcatenate(a -> adjustDue(tenantId, a.invoiceId, a.amount))
                    .collect().last()
                    .flatMap(x -> transactions.findForTenant(tenantId, m.transactionId))
                    .invoke(tx -> {
                        tx.state = ReconTransaction.State.UNMATCHED;
                        tx.decisionReasons = "match undone by " + by + (reason == null ? "" : ": " + reason);
                    })
                    .flatMap(tx -> outbox.append(AGGREGATE, new PaymentUnmatched(m.id.toString(), tenantId, m.transactionId,
                            allocs.stream().map(a -> new Allocation(a.invoiceId, a.invoiceNumber, a.amount, a.currency)).toList(),
                            reason, m.undoneAt)))
                    .invoke(() -> Log.infof("match %s undone by %s", id, by))
                    .replaceWith(new MatchWithAllocations(m, allocs)));
        });
    }
}
