package app.lettrage.invoice.messaging;

import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.invoice.service.InvoiceService;
import app.lettrage.platform.inbox.Inbox;
import app.lettrage.platform.messaging.IncomingEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies reconciliation's decisions to invoices, each event once: the inbox row and the effect commit together.
 * <p>
 * The channel delivers batches (the records of one poll, in offset order per partition), and a batch is applied in
 * one transaction: one commit, one WAL flush, for up to max.poll.records events, which is what makes the consumer
 * fast. Should that transaction fail (a poison record, a record whose effect throws, a lost connection, a deadlock
 * with another partition's batch), nothing of it was written and its records are applied again one by one, each in
 * its own transaction with today's retries: a transient failure is retried, and a record that still fails (or can
 * never be parsed) is nacked alone, which the channel's dead-letter strategy sends to payment-matches.dlq, while the
 * batch's other records are applied, in order, exactly once.
 * <p>
 * The batch is acknowledged only once each of its records is applied or dead-lettered. The batch itself is never
 * nacked: that would dead-letter every record in it.
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
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        return Uni.createFrom().deferred(() -> applyAll(records.stream().map(r -> IncomingEvent.parse(consumerRecord(r))).toList()))
                .onFailure().recoverWithUni(e -> {
                    Log.warnf("a batch of %d payment events failed (%s); applying them one by one", records.size(), e.getMessage());
                    return oneByOne(records);
                })
                .onItem().transformToUni(x -> Uni.createFrom().completionStage(batch::ack));
    }

    /** The whole batch in one transaction, in order. */
    @WithTransaction
    Uni<Void> applyAll(List<IncomingEvent> events) {
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> apply(event).call(PaymentEventsConsumer::flushAndClear))
                .collect().last().replaceWithVoid();
    }

    /**
     * Writes the event's changes before the next event reads, and lets go of its entities: every flush (and every
     * query's auto-flush) dirty-checks all the entities the session holds, so a session kept over a batch of 500
     * made the batch quadratic. The next event reads its invoice again, under the row lock the transaction holds.
     */
    private static Uni<Void> flushAndClear() {
        return Panache.getSession().flatMap(s -> s.flush().invoke(s::clear));
    }

    /** Today's per-record path: each record in its own transaction with retries; a failing one is dead-lettered. */
    private Uni<Void> oneByOne(List<KafkaRecord<String, String>> records) {
        return Multi.createFrom().iterable(records)
                .onItem().transformToUniAndConcatenate(record -> Uni.createFrom()
                        .deferred(() -> IncomingEvent.parse(consumerRecord(record)).applyWithRetries(this::applyOne))
                        .onFailure().recoverWithUni(e -> Uni.createFrom().completionStage(() -> record.nack(e))))
                .collect().last().replaceWithVoid();
    }

    @WithTransaction
    Uni<Void> applyOne(IncomingEvent event) {
        return apply(event);
    }

    /** The event's effect, in the caller's transaction: the inbox row first, so a redelivery changes nothing. */
    private Uni<Void> apply(IncomingEvent event) {
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

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> consumerRecord(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow().getRecord();
    }
}
