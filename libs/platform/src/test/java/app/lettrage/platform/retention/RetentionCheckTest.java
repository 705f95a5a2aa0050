package app.lettrage.platform.retention;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetentionCheckTest {

    static RetentionConfig config(Duration inbox, Duration window, int batchSize) {
        return new RetentionConfig() {
            @Override
            public String purgeEvery() {
                return "1h";
            }

            @Override
            public int batchSize() {
                return batchSize;
            }

            @Override
            public Duration outbox() {
                return Duration.ofDays(7);
            }

            @Override
            public Duration inbox() {
                return inbox;
            }

            @Override
            public Duration redeliveryWindow() {
                return window;
            }

            @Override
            public Duration idempotencyKeys() {
                return Duration.ofHours(24);
            }
        };
    }

    @Test
    void theDefaultsAreAccepted_anInboxAsLongAsTheRedeliveryWindowOrLonger() {
        assertThatCode(() -> RetentionCheck.check(config(Duration.ofDays(7), Duration.ofDays(7), 5000)))
                .doesNotThrowAnyException();
        assertThatCode(() -> RetentionCheck.check(config(Duration.ofDays(30), Duration.ofDays(7), 5000)))
                .doesNotThrowAnyException();
    }

    @Test
    void anInboxShorterThanTheRedeliveryWindowIsRefused_namingBothSettings() {
        assertThatThrownBy(() -> RetentionCheck.check(config(Duration.ofHours(24), Duration.ofDays(7), 5000)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lettrage.retention.inbox (PT24H)")
                .hasMessageContaining("lettrage.retention.redelivery-window (PT168H)")
                .hasMessageContaining("applied twice");
    }

    @Test
    void aBatchOfNoRowsIsRefused() {
        assertThatThrownBy(() -> RetentionCheck.check(config(Duration.ofDays(7), Duration.ofDays(7), 0)))
                .hasMessageContaining("lettrage.retention.batch-size");
    }
}
