package app.lettrage.platform.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * Measures the events of this service's outbox that wait for publication, for the gauges
 * {@code lettrage_outbox_pending} and {@code lettrage_outbox_oldest_pending_age_seconds}. The table is read on a
 * schedule ({@code lettrage.outbox.backlog-refresh}) with two index scans of the unsent rows, the count bounded by
 * {@link #COUNT_CAP}; a scrape only reads the last measure. Every replica reports the whole database's outbox, so
 * alerts take the max over a service's replicas, not the sum.
 */
@ApplicationScoped
public class OutboxBacklog {

    private static final Logger LOG = Logger.getLogger(OutboxBacklog.class);

    /** Above this many pending events the count stops: the backlog alert fired long before, and counting is a scan. */
    public static final int COUNT_CAP = 100_000;

    private final Pool pool;
    private final Clock clock;
    /** NaN until the first measure: no value rather than a made-up zero. */
    private volatile double pending = Double.NaN;
    /** When the head of the queue (the first unsent event in publication order) occurred; null when none waits. */
    private volatile Instant oldestPending;

    private volatile boolean measured;
    private volatile boolean stopped;

    public OutboxBacklog(Pool pool, Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.clock = clock;
        Gauge.builder("lettrage.outbox.pending", this, OutboxBacklog::pending)
                .description("outbox events waiting to be published (counted up to " + COUNT_CAP + ")")
                .strongReference(true)
                .register(registry);
        Gauge.builder("lettrage.outbox.oldest.pending.age", this, OutboxBacklog::oldestPendingAgeSeconds)
                .description("how long the first unpublished outbox event has waited, 0 when none waits")
                .baseUnit("seconds")
                .strongReference(true)
                .register(registry);
    }

    /** Creates the gauges at start, before the first measure. */
    void start(@Observes StartupEvent ev) {}

    void stop(@Observes ShutdownEvent ev) {
        stopped = true;
    }

    @Scheduled(
            identity = "outbox-backlog",
            every = "{lettrage.outbox.backlog-refresh}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        if (stopped) {
            return Uni.createFrom().voidItem(); // the pool is closing
        }
        return measure().onFailure().recoverWithItem(e -> {
            // keep the last measure: its age keeps growing, so an outbox that cannot be read is not reported drained
            LOG.warnf("outbox backlog: measure failed, the gauges keep the last one: %s", e.getMessage());
            return null;
        });
    }

    /** Reads the unsent events now. */
    Uni<Void> measure() {
        return pool.preparedQuery("SELECT (SELECT count(*) FROM (SELECT 1 FROM outbox_event WHERE sent_at IS NULL"
                        + " LIMIT $1) AS capped) AS pending, (SELECT occurred_at FROM outbox_event"
                        + " WHERE sent_at IS NULL ORDER BY seq LIMIT 1) AS oldest")
                .execute(Tuple.of(COUNT_CAP))
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    OffsetDateTime oldest = row.getOffsetDateTime("oldest");
                    oldestPending = oldest == null ? null : oldest.toInstant();
                    pending = row.getLong("pending");
                    measured = true;
                })
                .replaceWithVoid();
    }

    double pending() {
        return pending;
    }

    /** Computed at each scrape from the last measure and the clock, so the age grows between two measures. */
    double oldestPendingAgeSeconds() {
        if (!measured) {
            return Double.NaN;
        }
        Instant oldest = oldestPending;
        if (oldest == null) {
            return 0;
        }
        return Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
    }
}
