package app.lettrage.platform.ratelimit;

import app.lettrage.platform.problem.TooManyRequests;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one tenant from spending the capacity every tenant shares (the provider's quota, the upload disk): a token
 * bucket per tenant and action, refilled evenly over the configured period. The buckets live in this instance, so
 * with n replicas a tenant gets at most n times the limit; the limit is a guard against abuse, not a bill.
 */
@ApplicationScoped
public class TenantRateLimiter {

    /** Buckets kept at most; past it, idle ones (full again) are dropped, and a full table refuses nobody. */
    static final int MAX_BUCKETS = 100_000;

    private final RateLimits limits;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TenantRateLimiter(RateLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Takes one request of {@code action} for the tenant, or throws {@link TooManyRequests} saying when the next
     * one will be allowed.
     */
    public void acquire(String action, String tenantId) {
        RateLimits.Limit limit = limits.actions().get(action);
        if (limit == null) {
            throw new IllegalStateException("no lettrage.rate-limits." + action + " configured");
        }
        long now = clock.millis();
        if (buckets.size() >= MAX_BUCKETS) {
            buckets.values().removeIf(b -> b.isFull(now));
        }
        Bucket bucket = buckets.computeIfAbsent(action + '\u0000' + tenantId, k -> new Bucket(limit, now));
        long waitMillis = bucket.take(now);
        if (waitMillis > 0) {
            throw new TooManyRequests(
                    "at most " + limit.requests() + " " + action + " requests per " + limit.per() + " for a tenant",
                    Duration.ofMillis(waitMillis));
        }
    }

    /** Fractional tokens, so that a refill of less than one request per millisecond is not lost to rounding. */
    private static final class Bucket {
        private final long capacity;
        private final double perMilli;
        private double tokens;
        private long last;

        Bucket(RateLimits.Limit limit, long now) {
            this.capacity = limit.requests();
            this.perMilli = (double) limit.requests() / Math.max(1, limit.per().toMillis());
            this.tokens = capacity;
            this.last = now;
        }

        /** 0 if a token was taken, otherwise the milliseconds until one will be there. */
        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perMilli));
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= capacity;
        }

        private void refill(long now) {
            // a clock set back refills nothing, and the bucket goes on from the new time
            if (now > last) {
                tokens = Math.min(capacity, tokens + (now - last) * perMilli);
            }
            last = now;
        }
    }
}
