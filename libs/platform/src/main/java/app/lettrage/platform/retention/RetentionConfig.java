package app.lettrage.platform.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long the bookkeeping tables keep their rows (see docs/operations.md, "Retention"). Every service purges its own
 * database; the tables a service does not have are simply not purged there.
 */
@ConfigMapping(prefix = "lettrage.retention")
public interface RetentionConfig {

    /** How often the purge runs, e.g. {@code 1h}; {@code off} stops it. */
    @WithDefault("1h")
    String purgeEvery();

    /**
     * Rows deleted by one statement at most: a statement holds its row locks and writes its WAL for a few
     * milliseconds, so a backlog of millions never blocks the writers of these tables for long.
     */
    @WithDefault("5000")
    int batchSize();

    /** How long a published outbox event is kept, from its occurrence (for a republish); unsent events stay. */
    @WithDefault("7d")
    Duration outbox();

    /** How long a consumed event's id is kept for deduplication; at least {@link #redeliveryWindow()}. */
    @WithDefault("7d")
    Duration inbox();

    /**
     * How long after it was consumed an event may be delivered again: the retention ({@code retention.ms}) of the
     * topics this service consumes, since an event still in its topic can be read again (a rebalance before a commit,
     * a reset of the group's offsets). A shorter inbox retention would apply such an event twice, so it is refused.
     */
    @WithDefault("7d")
    Duration redeliveryWindow();

    /** How long an Idempotency-Key answers a retry with the first result (24 h, as Stripe). */
    @WithDefault("24h")
    Duration idempotencyKeys();
}
