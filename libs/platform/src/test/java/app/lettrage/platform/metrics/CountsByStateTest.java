package app.lettrage.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountsByStateTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CountsByState gauge =
            new CountsByState(registry, "lettrage.test.jobs", "jobs by state", List.of("QUEUED", "RUNNING", "FAILED"));

    private double scraped(String state) {
        return registry.get("lettrage.test.jobs").tag("state", state).gauge().value();
    }

    @Test
    void everyStateHasItsSeriesBeforeTheFirstMeasure() {
        assertThat(registry.get("lettrage.test.jobs").gauges()).hasSize(3);
        assertThat(scraped("QUEUED")).isNaN();
    }

    @Test
    void aStateThatEmptiesReportsZero() {
        gauge.measured(Map.of("QUEUED", 4L, "FAILED", 1L));
        assertThat(scraped("QUEUED")).isEqualTo(4.0);
        assertThat(scraped("RUNNING")).isZero();

        gauge.measured(Map.of("RUNNING", 2L));
        assertThat(scraped("QUEUED")).isZero();
        assertThat(scraped("FAILED")).isZero();
        assertThat(scraped("RUNNING")).isEqualTo(2.0);
    }

    @Test
    void anUnknownStateIsRefusedAndTheLastMeasureKept() {
        gauge.measured(Map.of("QUEUED", 4L));
        assertThatThrownBy(() -> gauge.measured(Map.of("PAUSED", 1L))).hasMessageContaining("PAUSED");
        assertThat(scraped("QUEUED")).isEqualTo(4.0);
    }
}
