package app.lettrage.invoice.service;

import app.lettrage.events.Allocation;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.LettrageEvent;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentReversed;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoicePayment;
import app.lettrage.invoice.repository.InvoicePaymentRepository;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.platform.outbox.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reconciliation's decisions reach the invoices: a PaymentMatched pays them ({@link Invoice#pay}), a PaymentUnmatched
 * gives the payments back ({@link Invoice#reverse}), a PaymentReversed too, recording the bank's return reason
 * ({@link Invoice#returnedByBank}), each allocation once per (invoice, match).
 */
@ApplicationScoped
public class ApplyPayments {

    private static final String METRIC = "lettrage.payments.applied";

    private final InvoiceRepository invoices;
    private final InvoicePaymentRepository payments;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final Clock clock;

    public ApplyPayments(
            InvoiceRepository invoices,
            InvoicePaymentRepository payments,
            Outbox outbox,
            MeterRegistry metrics,
            Clock clock) {
        this.invoices = invoices;
        this.payments = payments;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Applies a batch of PaymentMatched and PaymentUnmatched, in order, in the caller's transaction (which also holds
     * their inbox records), with a fixed number of statements whatever the batch's size: the invoices named by the
     * batch are read and row-locked in one query per tenant, in id order (so concurrent batches cannot deadlock on
     * each other), their payments in one more; every allocation is then applied in memory, in event order (an
     * invoice paid twice in a batch sees the first payment), and the changes are written set-based: one INSERT of
     * the new payments, one UPDATE of the invoices' balances, one INSERT of their InvoiceChanged events. A match seen
     * again changes nothing.
     * <p>
     * A bad allocation (a write-off outside 0..amount) throws, and the whole transaction rolls back.
     */
    public Uni<Void> apply(List<LettrageEvent> events) {
        // tenant -> invoice ids the batch names, tenants and ids sorted: the global lock order
        Map<String, SortedSet<UUID>> named = new TreeMap<>();
        for (LettrageEvent event : events) {
            for (Allocation a : allocations(event)) {
                UUID id = parseId(a.invoiceId());
                if (id != null) {
                    named.computeIfAbsent(event.tenantId(), t -> new TreeSet<>())
                            .add(id);
                }
            }
        }
        if (named.isEmpty()) {
            for (LettrageEvent event : events) {
                allocations(event).forEach(a -> unknown(event, a));
            }
            return Uni.createFrom().voidItem();
        }
        Map<String, Invoice> locked = new HashMap<>(); // tenant + id -> invoice
        Map<String, InvoicePayment> applied = new HashMap<>(); // invoice id + match id -> payment
        Uni<Void> read = Uni.createFrom().voidItem();
        for (var tenant : named.entrySet()) {
            List<UUID> ids = List.copyOf(tenant.getValue());
            read = read.flatMap(x -> invoices.lockAll(tenant.getKey(), ids))
                    .invoke(list -> list.forEach(inv -> locked.put(inv.tenantId + "/" + inv.id, inv)))
                    .flatMap(x -> payments.forInvoices(tenant.getKey(), ids))
                    .invoke(list -> list.forEach(p -> applied.put(p.invoiceId + "/" + p.matchId, p)))
                    .replaceWithVoid();
        }
        // the writes below are set-based SQL: the session must not flush the entities it read on its own
        return read.call(x -> invoices.getSession().invoke(Mutiny.Session::clear))
                .flatMap(x -> write(applyInMemory(events, locked, applied)));
    }

    /** What the batch changes: payments to insert, payments reversed, invoices whose balance moved, their events. */
    private record Changes(
            List<InvoicePayment> created,
            List<InvoicePayment> reversed,
            Map<UUID, Invoice> touched,
            List<InvoiceChanged> events) {}

    private Changes applyInMemory(
            List<LettrageEvent> events, Map<String, Invoice> locked, Map<String, InvoicePayment> applied) {
        Changes changes = new Changes(new ArrayList<>(), new ArrayList<>(), new TreeMap<>(), new ArrayList<>());
        for (LettrageEvent event : events) {
            if (event instanceof PaymentMatched m && refusedWhole(m, locked)) {
                continue;
            }
            for (Allocation a : allocations(event)) {
                UUID id = parseId(a.invoiceId());
                // never another tenant's invoice: the lookup is by the event's tenant
                Invoice inv = id == null ? null : locked.get(event.tenantId() + "/" + id);
                if (inv == null) {
                    unknown(event, a);
                } else if (event instanceof PaymentMatched m) {
                    InvoicePayment p = pay(m, a, inv, applied.get(inv.id + "/" + m.matchId()));
                    if (p != null) {
                        applied.put(inv.id + "/" + m.matchId(), p);
                        changes.created().add(p);
                        changes.touched().put(inv.id, inv);
                        changes.events().add(InvoiceEvents.changed(inv, "PAYMENT_APPLIED"));
                    }
                } else if (event instanceof PaymentUnmatched u) {
                    InvoicePayment p = applied.get(inv.id + "/" + u.matchId());
                    if (inv.reverse(p, clock.instant())) {
                        reversed(changes, inv, p);
                    }
                } else if (event instanceof PaymentReversed r) {
                    InvoicePayment p = applied.get(inv.id + "/" + r.matchId());
                    // the bank undid the payment: given back once, with the line and the reason shown on the invoice
                    if (inv.returnedByBank(p, r.reversalTransactionId(), r.returnReason(), clock.instant())) {
                        metrics.counter(METRIC, "outcome", "returned").increment();
                        reversed(changes, inv, p);
                    }
                }
            }
        }
        return changes;
    }

    private static void reversed(Changes changes, Invoice inv, InvoicePayment p) {
        // one applied earlier in this batch is still to insert, and is inserted reversed
        if (!changes.created().contains(p)) {
            changes.reversed().add(p);
        }
        changes.touched().put(inv.id, inv);
        changes.events().add(InvoiceEvents.changed(inv, "PAYMENT_REVERSED"));
    }

    private Uni<Void> write(Changes changes) {
        return payments.insertAll(changes.created())
                .flatMap(y -> payments.markReversed(changes.reversed()))
                .flatMap(y ->
                        invoices.updateBalances(List.copyOf(changes.touched().values())))
                .flatMap(y -> outbox.appendAll(InvoiceEvents.AGGREGATE, changes.events()));
    }

    /**
     * A match naming an invoice that takes no payment (cancelled by its credit note while the payment was on its way)
     * is refused whole: reconciliation undoes that match when it learns of the cancellation (ADR 0006), so paying
     * the match's other invoices now would only be given back by its PaymentUnmatched, after they had shown as paid
     * and published it. The invoice's row lock orders this with the cancellation: a cancellation that comes second
     * finds the payment and is refused.
     */
    private boolean refusedWhole(PaymentMatched match, Map<String, Invoice> locked) {
        for (Allocation a : match.allocations()) {
            UUID id = parseId(a.invoiceId());
            Invoice inv = id == null ? null : locked.get(match.tenantId() + "/" + id);
            if (inv != null && !inv.acceptsPayments()) {
                Log.warnf(
                        "match %s allocates to invoice %s which is %s; the match is not applied, reconciliation undoes it",
                        match.matchId(), inv.id, inv.status);
                metrics.counter(METRIC, "outcome", "not-open").increment();
                return true;
            }
        }
        return false;
    }

    /** The payment the allocation makes on the (locked) invoice; null when it already made it or may not pay it. */
    private InvoicePayment pay(PaymentMatched match, Allocation a, Invoice inv, InvoicePayment existing) {
        if (existing != null) {
            metrics.counter(METRIC, "outcome", "duplicate").increment();
            return null;
        }
        if (!inv.acceptsPayments()) {
            Log.warnf("match %s allocates to invoice %s which is %s; ignored", match.matchId(), inv.id, inv.status);
            metrics.counter(METRIC, "outcome", "not-open").increment();
            return null;
        }
        InvoicePayment p = inv.pay(match, a, clock.instant());
        metrics.counter(METRIC, "outcome", "applied").increment();
        return p;
    }

    private void unknown(LettrageEvent event, Allocation a) {
        if (event instanceof PaymentMatched m) {
            Log.warnf(
                    "match %s of tenant %s names unknown invoice %s; ignored",
                    m.matchId(), m.tenantId(), a.invoiceId());
            metrics.counter(METRIC, "outcome", "unknown-invoice").increment();
        }
    }

    private static List<Allocation> allocations(LettrageEvent event) {
        if (event instanceof PaymentMatched m) {
            return m.allocations();
        }
        if (event instanceof PaymentReversed r) {
            return r.allocations();
        }
        return event instanceof PaymentUnmatched u ? u.allocations() : List.of();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
