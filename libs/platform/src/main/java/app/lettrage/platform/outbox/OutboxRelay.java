package app.lettrage.platform.outbox;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.platform.tracing.TraceParent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka. Each round, in one database transaction: take a transaction-scoped advisory lock
 * (so of several replicas exactly one publishes, which also keeps each key's order), lock the oldest unsent rows
 * ({@code FOR UPDATE SKIP LOCKED}), send them in order through the idempotent, acks=all producer of channel
 * {@code outbox}, wait for the broker's acks, and mark them sent. A crash before the commit re-sends (consumers
 * deduplicate by event id); nothing is lost.
 */
@ApplicationScoped
public class OutboxRelay {

    // io.quarkus.logging.Log is rewritten only in application classes, not in a library jar
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final long LOCK_KEY = 0x4c657474726167L; // "Lettrag"

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final Clock clock;
    private final Counter published;
    private final Counter failures;
    private volatile boolean stopped;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    public OutboxRelay(
            Pool pool,
            @Channel("outbox") MutinyEmitter<String> emitter,
            OutboxConfig config,
            Clock clock,
            MeterRegistry registry) {
        this.pool = pool;
        this.emitter = emitter;
        this.config = config;
        this.clock = clock;
        this.published = Counter.builder("lettrage.outbox.published")
                .description("events published from the outbox")
                .register(registry);
        this.failures = Counter.builder("lettrage.outbox.failures")
                .description("outbox rounds that failed and will retry")
                .register(registry);
    }

    void stop(@Observes ShutdownEvent ev) {
        stopped = true;
    }

    /**
     * Every {@code lettrage.outbox.poll-interval} once the application has started, unless the relay is off here: the
     * safety net behind {@link #wake()}. A tick that comes while rounds are still running is skipped, so scheduled
     * rounds never overlap; a failed round is logged and the next tick tries again.
     */
    @Scheduled(
            identity = "outbox-relay",
            every = "{lettrage.outbox.poll-interval}",
            concurrentExecution = ConcurrentExecution.SKIP,
            skipExecutionIf = NotRelaying.class)
    Uni<Void> poll() {
        return drainOnce();
    }

    /**
     * Events were committed: drain now. A wake that comes while this replica drains makes that drain run once more
     * when it ends, instead of a second drain beside it that would find the relay's lock held and publish nothing, so
     * rows committed during a round never wait for the poll.
     */
    public void wake() {
        drainOnce().subscribe().with(x -> {}, e -> LOG.warnf("outbox relay wake-up failed: %s", e.getMessage()));
    }

    private Uni<Void> drainOnce() {
        again.set(true);
        if (!draining.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createBy()
                .repeating()
                .uni(() -> {
                    again.set(false);
                    return drainLogged();
                })
                .whilst(x -> again.get() && !stopped)
                .collect()
                .last()
                .replaceWithVoid()
                .eventually(() -> {
                    draining.set(false);
                    if (again.get() && !stopped) {
                        wake(); // woken between the last round's check and the flag's release
                    }
                });
    }

    /** Drains; a failure is counted and logged, and the next wake or tick tries again. Never fails; emits true. */
    private Uni<Boolean> drainLogged() {
        return drain().replaceWith(Boolean.TRUE).onFailure().recoverWithItem(e -> {
            failures.increment();
            LOG.warnf("outbox relay round failed, will retry: %s", e.getMessage());
            return Boolean.TRUE;
        });
    }

    /**
     * Rounds until one is not full: more events may be waiting after a full one, and they do not wait for the next
     * tick. A loop, not a recursion, so a backlog of any size does not deepen the stack.
     */
    Uni<Void> drain() {
        return Multi.createBy()
                .repeating()
                .uni(() -> stopped ? Uni.createFrom().item(0) : publishRound())
                .whilst(n -> n >= config.batchSize())
                .collect()
                .last()
                .replaceWithVoid();
    }

    /**
     * One round; returns how many events were published. Safe to call at any time, also beside the scheduled rounds:
     * a round that finds the lock held elsewhere publishes nothing (0). Public for tests that drive it.
     */
    public Uni<Integer> publishRound() {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(LOCK_KEY))
                .flatMap(rs -> rs.iterator().next().getBoolean(0)
                        ? publishLocked(conn)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishLocked(SqlConnection conn) {
        return conn.preparedQuery(
                        "SELECT id, aggregate_id, event_type, tenant_id, topic, message_key, occurred_at, payload,"
                                + " traceparent"
                                + " FROM outbox_event WHERE sent_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(config.batchSize()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Void>> sends = new ArrayList<>(rows.size());
                    List<UUID> ids = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ids.add(row.getUUID("id"));
                        sends.add(send(row));
                    }
                    // Uni.join subscribes in list order: the producer receives the records in outbox order.
                    return Uni.join()
                            .all(sends)
                            .andFailFast()
                            .flatMap(x -> conn.preparedQuery(
                                            "UPDATE outbox_event SET sent_at = $2, attempts = attempts + 1"
                                                    + " WHERE id = ANY($1)")
                                    .execute(Tuple.of(
                                            ids.toArray(new UUID[0]),
                                            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))))
                            .map(RowSet::rowCount)
                            .invoke(n -> published.increment(n));
                });
    }

    private Uni<Void> send(Row row) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        header(headers, CloudEventHeaders.ID, row.getUUID("id").toString());
        header(headers, CloudEventHeaders.TYPE, row.getString("event_type"));
        header(headers, CloudEventHeaders.SOURCE, config.source());
        OffsetDateTime time = row.getOffsetDateTime("occurred_at");
        header(
                headers,
                CloudEventHeaders.TIME,
                time.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        header(headers, CloudEventHeaders.SUBJECT, row.getString("aggregate_id"));
        header(headers, CloudEventHeaders.TENANT_ID, row.getString("tenant_id"));
        header(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        String traceparent = row.getString("traceparent");
        if (traceparent != null) {
            header(headers, CloudEventHeaders.TRACEPARENT, traceparent);
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("message_key"))
                .withHeaders(headers)
                .build();
        // The connector's tracing starts the PRODUCER span as a child of this context (the span that wrote the row,
        // not the relay's round) and puts that span's traceparent header on the record, for the consumer to continue.
        return emitter.sendMessage(Message.of(row.getString("payload"))
                .addMetadata(metadata)
                .addMetadata(TracingMetadata.withCurrent(TraceParent.parent(traceparent))));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Skips the relay's ticks until the application has started (the Kafka channel is connected at startup, after
     * the scheduler may already tick), and for good where {@code lettrage.outbox.relay-enabled=false}.
     */
    @Singleton
    static class NotRelaying implements Scheduled.SkipPredicate {

        private final OutboxConfig config;
        private volatile boolean started;

        NotRelaying(OutboxConfig config) {
            this.config = config;
        }

        void started(@Observes StartupEvent ev) {
            started = true;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !started || !config.relayEnabled();
        }
    }
}
