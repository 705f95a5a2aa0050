package app.lettrage.platform.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.util.Map;

/**
 * Per-tenant limits on the actions that cost a provider call or a large upload, e.g.
 * {@code lettrage.rate-limits.sync-now.requests=10} and {@code lettrage.rate-limits.sync-now.per=PT1M}.
 */
@ConfigMapping(prefix = "lettrage.rate-limits")
public interface RateLimits {

    @WithParentName
    Map<String, Limit> actions();

    interface Limit {
        /** How many requests a tenant may make in {@link #per()}; they may come at once (a burst). */
        int requests();

        Duration per();
    }
}
