package app.lettrage.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "lettrage.outbox")
public interface OutboxConfig {

    /** Whether this instance runs the relay (every replica may: a database lock elects one per round). */
    @WithDefault("true")
    boolean relayEnabled();

    /**
     * How often the relay looks for unsent events (its scheduled tick). With {@link #wakeOnCommit()} this is only a
     * safety net for a lost notification; after a full round the relay does not wait for it either.
     */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * Whether a commit that wrote outbox rows wakes the relay at once (PostgreSQL LISTEN/NOTIFY), in every replica;
     * otherwise events wait for the next poll.
     */
    @WithDefault("true")
    boolean wakeOnCommit();

    /** How many events one round publishes at most. */
    @WithDefault("200")
    int batchSize();

    /**
     * How often each replica measures the unsent events for the gauges {@code lettrage_outbox_pending} and
     * {@code lettrage_outbox_oldest_pending_age_seconds}: a scrape reads the last measure, never the table.
     */
    @WithDefault("15s")
    Duration backlogRefresh();

    /** The CloudEvents {@code source} of this service's events, e.g. /invoice-service. */
    @WithDefault("/${quarkus.application.name}")
    String source();
}
