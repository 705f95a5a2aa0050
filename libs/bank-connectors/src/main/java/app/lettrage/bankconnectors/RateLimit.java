package app.lettrage.bankconnectors;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * What the provider said about its rate limit on the last call: GoCardless sends HTTP_X_RATELIMIT_* (general) and
 * HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_* (per account, the PSD2 four a day), newer deployments X-RateLimit-*; reset is
 * in seconds from now. Null fields are "not said".
 */
public record RateLimit(Integer limit, Integer remaining, Instant resetAt) {

    public static final RateLimit UNKNOWN = new RateLimit(null, null, null);

    /** The tightest limit among the headers present (the per-account one when both are given). */
    public static RateLimit from(HttpHeaders headers, Clock clock) {
        RateLimit general =
                read(headers, clock, "HTTP_X_RATELIMIT_LIMIT", "HTTP_X_RATELIMIT_REMAINING", "HTTP_X_RATELIMIT_RESET");
        RateLimit account = read(
                headers,
                clock,
                "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_LIMIT",
                "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_REMAINING",
                "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET");
        RateLimit standard = read(headers, clock, "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
        RateLimit best = UNKNOWN;
        for (RateLimit r : new RateLimit[] {general, standard, account}) {
            if (r.remaining != null && (best.remaining == null || r.remaining <= best.remaining)) {
                best = r;
            } else if (best.remaining == null && r.resetAt != null) {
                best = r;
            }
        }
        return best;
    }

    private static RateLimit read(HttpHeaders h, Clock clock, String limit, String remaining, String reset) {
        Integer l = integer(h, limit);
        Integer r = integer(h, remaining);
        OptionalLong s = seconds(h, reset);
        return new RateLimit(l, r, s.isPresent() ? clock.instant().plusSeconds(s.getAsLong()) : null);
    }

    private static Integer integer(HttpHeaders h, String name) {
        return h.firstValue(name)
                .map(String::trim)
                .filter(v -> v.matches("\\d{1,9}"))
                .map(Integer::valueOf)
                .orElse(null);
    }

    static OptionalLong seconds(HttpHeaders h, String name) {
        return h.firstValue(name)
                .map(String::trim)
                .filter(v -> v.matches("\\d{1,9}"))
                .map(v -> OptionalLong.of(Long.parseLong(v)))
                .orElse(OptionalLong.empty());
    }

    /** Whether the provider said no call is left before the reset. */
    public boolean exhausted() {
        return remaining != null && remaining <= 0;
    }
}
