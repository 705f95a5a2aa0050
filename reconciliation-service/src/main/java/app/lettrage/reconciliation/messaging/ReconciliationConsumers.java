package app.lettrage.reconciliation.messaging;

import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.TransactionImported;
import app.lettrage.platform.inbox.Inbox;
import app.lettrage.platform.messaging.IncomingEvent;
import app.lettrage.reconciliation.service.DecideTransaction;
import app.lettrage.reconciliation.service.OpenItemProjection;
import app.lettrage.reconciliation.service.TenantLock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Thin handlers: parse the CloudEvent, record it in the inbox and apply it in one transaction. Transient failures
 * are retried; poison messages go to the topic's .dlq and the partition moves on.
 */
@ApplicationScoped
public class ReconciliationConsumers {

    static final String CONSUMER = "reconciliation-service";

    private final TenantLock tenantLock;
    private final OpenItemProjection openItems;
    private final DecideTransaction decisions;
    private final Inbox inbox;

    public ReconciliationConsumers(
            TenantLock tenantLock, OpenItemProjection openItems, DecideTransaction decisions, Inbox inbox) {
        this.tenantLock = tenantLock;
        this.openItems = openItems;
        this.decisions = decisions;
        this.inbox = inbox;
    }

    @Incoming("invoices")
    public Uni<Void> invoices(ConsumerRecord<String, String> record) {
        return IncomingEvent.parse(record).applyWithRetries(this::apply);
    }

    @Incoming("bank-transactions")
    public Uni<Void> transactions(ConsumerRecord<String, String> record) {
        return IncomingEvent.parse(record).applyWithRetries(this::apply);
    }

    /**
     * One transaction per event, serialised per tenant by an advisory lock (taken by {@link TenantLock}): an invoice and the
     * payment that references it arrive on different topics, and each must see the other once committed; decisions
     * stay deterministic for the same order of events, and the tenant's cached open-item book is used by one
     * transaction at a time.
     */
    Uni<Void> apply(IncomingEvent event) {
        return tenantLock.inTenantTransaction(
                event.event().tenantId(),
                () -> inbox.firstTime(CONSUMER, event.id(), event.type().ceType())
                        .flatMap(first ->
                                first ? dispatch(event) : Uni.createFrom().voidItem()));
    }

    private Uni<Void> dispatch(IncomingEvent event) {
        if (event.event() instanceof InvoiceIssued e) {
            return openItems.onInvoiceIssued(e);
        }
        if (event.event() instanceof InvoiceChanged e) {
            return openItems.onInvoiceChanged(e);
        }
        if (event.event() instanceof InvoiceCancelled e) {
            return openItems.onInvoiceCancelled(e);
        }
        if (event.event() instanceof TransactionImported e) {
            return decisions.onTransactionImported(e);
        }
        return Uni.createFrom().voidItem();
    }
}
