package app.lettrage.platform.problem;

import java.time.Duration;

/** A 429 problem+json with a Retry-After header: when the caller may try again. */
public class TooManyRequests extends ProblemException {

    private final Duration retryAfter;

    public TooManyRequests(String detail, Duration retryAfter) {
        this("too-many-requests", "Too many requests", detail, retryAfter);
    }

    /** A 429 of its own type, for a client that must tell it from a rate limit (e.g. a quota that frees up). */
    public TooManyRequests(String slug, String title, String detail, Duration retryAfter) {
        super(429, slug, title, detail);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up, as RFC 9110's Retry-After takes them. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
