package app.lettrage.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.platform.problem.TooManyRequests;
import app.lettrage.testsupport.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantRateLimiterTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-29T00:59:00Z"));
    private final TenantRateLimiter limiter =
            new TenantRateLimiter(() -> Map.of("sync-now", new Limit(6, Duration.ofMinutes(1))), clock);

    @Test
    void aBurstUpToTheLimitPasses_theNextWaitsForOneRefill() {
        for (int i = 0; i < 6; i++) {
            limiter.acquire("sync-now", "acme");
        }
        assertThatThrownBy(() -> limiter.acquire("sync-now", "acme"))
                .isInstanceOfSatisfying(TooManyRequests.class, e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.retryAfterSeconds()).isEqualTo(10);
                    assertThat(e.getMessage()).contains("6 sync-now requests per PT1M");
                });
        clock.advance(Duration.ofSeconds(9));
        assertThatThrownBy(() -> limiter.acquire("sync-now", "acme"))
                .isInstanceOfSatisfying(
                        TooManyRequests.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        clock.advance(Duration.ofSeconds(1));
        assertThatCode(() -> limiter.acquire("sync-now", "acme")).doesNotThrowAnyException();
        assertThatThrownBy(() -> limiter.acquire("sync-now", "acme")).isInstanceOf(TooManyRequests.class);
    }

    @Test
    void oneTenantsBurstLeavesAnotherTenantItsOwnLimit() {
        for (int i = 0; i < 6; i++) {
            limiter.acquire("sync-now", "acme");
        }
        assertThatThrownBy(() -> limiter.acquire("sync-now", "acme")).isInstanceOf(TooManyRequests.class);
        for (int i = 0; i < 6; i++) {
            limiter.acquire("sync-now", "globex");
        }
    }

    @Test
    void aClockSetBackRefillsNothing() {
        for (int i = 0; i < 6; i++) {
            limiter.acquire("sync-now", "acme");
        }
        clock.advance(Duration.ofHours(-1));
        assertThatThrownBy(() -> limiter.acquire("sync-now", "acme")).isInstanceOf(TooManyRequests.class);
        clock.advance(Duration.ofSeconds(10));
        assertThatCode(() -> limiter.acquire("sync-now", "acme")).doesNotThrowAnyException();
    }

    @Test
    void anActionWithoutAConfiguredLimitIsAProgrammingError() {
        assertThatThrownBy(() -> limiter.acquire("uploads", "acme"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lettrage.rate-limits.uploads");
    }

    private record Limit(int requests, Duration per) implements RateLimits.Limit {}
}
