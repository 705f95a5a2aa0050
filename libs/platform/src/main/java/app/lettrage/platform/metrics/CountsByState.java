package app.lettrage.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A gauge with one series per state ({@code name{state="..."}}) for counts that a service measures on a schedule, such
 * as jobs or accounts by state. Every known state has its series from the start, so a state that empties reports 0
 * instead of vanishing (an alert on it would otherwise stay firing on stale data or never resolve). NaN until the first
 * measure; a failed measure keeps the last one. A scrape reads the last measure and never touches the database.
 */
public final class CountsByState {

    private final List<String> states;
    private final Map<String, Double> counts = new ConcurrentHashMap<>();

    public CountsByState(MeterRegistry registry, String name, String description, List<String> states) {
        if (states.isEmpty()) {
            throw new IllegalArgumentException("a gauge by state needs its states");
        }
        this.states = List.copyOf(states);
        for (String state : this.states) {
            counts.put(state, Double.NaN);
            Gauge.builder(name, counts, c -> c.getOrDefault(state, Double.NaN))
                    .description(description)
                    .tag("state", state)
                    .strongReference(true)
                    .register(registry);
        }
    }

    /**
     * Records a new measure: each known state gets its count, 0 when absent. A state the gauge does not know is
     * refused, so that a new state in the data is noticed rather than silently dropped from the metric.
     */
    public void measured(Map<String, Long> byState) {
        for (String state : byState.keySet()) {
            if (!states.contains(state)) {
                throw new IllegalArgumentException("state " + state + " is not one of " + states);
            }
        }
        for (String state : states) {
            counts.put(state, (double) byState.getOrDefault(state, 0L));
        }
    }

    /** The last measure of the state; NaN before the first. */
    public double count(String state) {
        return counts.getOrDefault(state, Double.NaN);
    }
}
