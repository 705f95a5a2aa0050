package app.lettrage.invoice.messaging;

import app.lettrage.events.LettrageEvent;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentReversed;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.invoice.service.ApplyPayments;
import app.lettrage.platform.inbox.Inbox;
import app.lettrage.platform.messaging.IncomingEvent;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final ApplyPayments payments;
    private final Inbox inbox;

    public PaymentEventsConsumer(ApplyPayments payments, Inbox inbox) {
        this.payments = payments;
        this.inbox = inbox;
    }

    @Incoming("payment-matches")
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        return Uni.createFrom()
                .deferred(() -> IncomingEvent.applyTogether(
                        records.stream()
                                .map(r -> IncomingEvent.parse(consumerRecord(r)))
                                .toList(),
                        this::applyAll))
                .onFailure()
                .recoverWithUni(e -> {
                    Log.warnf(
                            "a batch of %d payment events failed (%s); applying them one by one",
                            records.size(), e.getMessage());
                    return oneByOne(records);
                })
                .onItem()
                .transformToUni(x -> Uni.createFrom().completionStage(batch::ack));
    }

    /**
     * The whole batch in one transaction, in order, with a fixed number of statements: one multi-row INSERT records
     * the batch in the inbox and returns the events seen for the first time (a redelivered one, or one repeated
     * within the batch, is applied no second time), and ApplyPayments applies those together.
     */
    @WithTransaction
    Uni<Void> applyAll(List<IncomingEvent> events) {
        Map<String, String> ids = new LinkedHashMap<>();
        events.forEach(e -> ids.putIfAbsent(e.id(), e.type().ceType()));
        return inbox.firstTimes(CONSUMER, ids).flatMap(fresh -> {
            List<LettrageEvent> toApply = new ArrayList<>();
            for (IncomingEvent e : events) {
                // remove: a second record with the same id in this batch is a redelivery
                if (fresh.remove(e.id())
                        && (e.event() instanceof PaymentMatched
                                || e.event() instanceof PaymentUnmatched
                                || e.event() instanceof PaymentReversed)) {
                    toApply.add(e.event());
                } else {
                    Log.debugf("event %s already applied or not ours", e.id());
                }
            }
            return toApply.isEmpty() ? Uni.createFrom().voidItem() : payments.apply(toApply);
        });
    }

    /** Today's per-record path: each record in its own transaction with retries; a failing one is dead-lettered. */
    private Uni<Void> oneByOne(List<KafkaRecord<String, String>> records) {
        return Multi.createFrom()
                .iterable(records)
                .onItem()
                .transformToUniAndConcatenate(record -> Uni.createFrom()
                        .deferred(() ->
                                IncomingEvent.parse(consumerRecord(record)).applyWithRetries(this::applyOne))
                        .onFailure()
                        .recoverWithUni(e -> Uni.createFrom().completionStage(() -> record.nack(e))))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** One record in its own transaction: the batch path with a batch of one. */
    Uni<Void> applyOne(IncomingEvent event) {
        return applyAll(List.of(event));
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, String> consumerRecord(KafkaRecord<String, String> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow()
                .getRecord();
    }
}
