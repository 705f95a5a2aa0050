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
     * How often the relay looks for unsent events when idle (its scheduled tick); after a full round it does not wait.
     */
    @WithDefault("100ms")
    Duration pollInterval();

    /** How many events one round publishes at most. */
    @WithDefault("200")
    int batchSize();

    /** The CloudEvents {@code source} of this service's events, e.g. /invoice-service. */
    @WithDefault("/${quarkus.application.name}")
    String source();
}
