package app.lettrage.invoice.messaging;

import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.invoice.service.InvoiceService;
import app.lettrage.platform.inbox.Inbox;
import app.lettrage.platform.messaging.IncomingEvent;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies reconciliation's decisions to invoices, each event once: the inbox row and the effect commit together.
 * A transient failure is retried; a poison message (or one still failing after the retries) goes to
 * payment-matches.dlq and the partition moves on.
 */
@ApplicationScoped
public class PaymentEventsConsumer {

    static final String CONSUMER = "invoice-service";

    private final InvoiceService invoices;
    private final Inbox inbox;

    public PaymentEventsConsumer(InvoiceService invoices, Inbox inbox) {
        this.invoices = invoices;
        this.inbox = inbox;
    }

    @Incoming("payment-matches")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return IncomingEvent.parse(record).applyWithRetries(this::apply);
    }

    @WithTransaction
    Uni<Void> apply(IncomingEvent event) {
        return inbox.firstTime(CONSUMER, event.id(), event.type().ceType()).flatMap(first -> {
            if (!first) {
                Log.debugf("event %s already applied", event.id());
                return Uni.createFrom().voidItem();
            }
            if (event.event() instanceof PaymentMatched m) {
                return invoices.applyMatch(m);
            }
            if (event.event() instanceof PaymentUnmatched u) {
                return invoices.applyUnmatch(u);
            }
            return Uni.createFrom().voidItem(); // other events of the topic are not ours
        });
    }
}
