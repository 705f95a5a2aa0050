package app.lettrage.platform.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Deletes the rows of every {@link RetentionRule} older than its retention, on a schedule, in batches of
 * {@code lettrage.retention.batch-size} rows: each batch is one short statement of its own, so a backlog of any size
 * never holds locks for long, and replicas purging at the same time skip each other's rows instead of waiting.
 */
@ApplicationScoped
public class RetentionPurge {

    // io.quarkus.logging.Log is rewritten only in application classes, not in a library jar
    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    private final Pool pool;
    private final List<RetentionRule> rules;
    private final int batchSize;
    private final Clock clock;
    private final Map<String, Counter> purged = new HashMap<>();
    private final Map<String, Counter> failures = new HashMap<>();
    private volatile boolean stopped;

    public RetentionPurge(
            Pool pool, @All List<RetentionRule> rules, RetentionConfig config, Clock clock, MeterRegistry registry) {
        RetentionCheck.check(config);
        this.pool = pool;
        this.rules = List.copyOf(rules);
        this.batchSize = config.batchSize();
        this.clock = clock;
        for (RetentionRule rule : this.rules) {
            purged.put(
                    rule.table(),
                    Counter.builder("lettrage.retention.purged")
                            .description("rows deleted by the retention purge")
                            .tag("table", rule.table())
                            .register(registry));
            failures.put(
                    rule.table(),
                    Counter.builder("lettrage.retention.failures")
                            .description("retention purges of a table that failed and will be retried")
                            .tag("table", rule.table())
                            .register(registry));
        }
    }

    /** Creates the purge at start, so that a refused configuration stops the service before it takes traffic. */
    void start(@Observes StartupEvent ev) {
        LOG.debugf(
                "retention purge of %s",
                rules.stream().map(RetentionRule::table).toList());
    }

    void stop(@Observes ShutdownEvent ev) {
        stopped = true;
    }

    /** Every {@code lettrage.retention.purge-every}; a tick that comes while a purge still runs is skipped. */
    @Scheduled(
            identity = "retention-purge",
            every = "{lettrage.retention.purge-every}",
            concurrentExecution = ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().replaceWithVoid();
    }

    /**
     * Purges every table once, one after the other, with the cutoffs of this instant; returns the rows deleted per
     * table. A table whose purge fails is logged and counted, and the others are still purged. Public for tests.
     */
    public Uni<Map<String, Long>> purge() {
        Instant now = clock.instant();
        return Multi.createFrom()
                .iterable(rules)
                .onItem()
                .transformToUniAndConcatenate(rule -> purge(rule, now).map(n -> Map.entry(rule.table(), n)))
                .collect()
                .asMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Uni<Long> purge(RetentionRule rule, Instant now) {
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(rule.retention()), ZoneOffset.UTC);
        Counter counter = purged.get(rule.table());
        AtomicLong deleted = new AtomicLong();
        return inBatches(
                        () -> pool.preparedQuery(rule.deleteBatch())
                                .execute(Tuple.of(cutoff, batchSize))
                                .map(RowSet::rowCount)
                                .invoke(n -> {
                                    counter.increment(n);
                                    deleted.addAndGet(n);
                                }),
                        batchSize,
                        () -> stopped)
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("retention: deleted %d rows of %s older than %s", n, rule.table(), cutoff);
                    }
                })
                .onFailure()
                .recoverWithItem(e -> {
                    failures.get(rule.table()).increment();
                    LOG.warnf(
                            "retention: purge of %s failed after %d rows, the next run goes on: %s",
                            rule.table(), deleted.get(), e.getMessage());
                    return deleted.get();
                });
    }

    /**
     * Runs {@code batch} until one deletes fewer than {@code size} rows (nothing older is left) or the service stops;
     * returns the rows deleted. A loop, not a recursion, so a backlog of any size does not deepen the stack.
     */
    static Uni<Long> inBatches(Supplier<Uni<Integer>> batch, int size, BooleanSupplier stopped) {
        return Multi.createBy()
                .repeating()
                .uni(batch::get)
                .whilst(n -> n >= size && !stopped.getAsBoolean())
                .collect()
                .with(Collectors.summingLong(Integer::longValue));
    }
}
