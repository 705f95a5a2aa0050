package app.lettrage.platform.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduled.ConcurrentExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The gauge {@code lettrage_dlq_messages{topic}}: the records of each of this service's dead-letter topics that still
 * wait for a redrive (end offset minus start offset, minus those redriven). Measured on a schedule
 * ({@code lettrage.dead-letters.gauge-refresh}); a scrape reads the last measure and never touches the broker. NaN
 * until the first measure; a failed measure keeps the last one. Every replica measures the same topics, so alerts take
 * the max over replicas (deploy/observability/prometheus-rules.yaml, DlqNotEmpty).
 */
@ApplicationScoped
public class DeadLetterGauge {

    private static final Logger LOG = Logger.getLogger(DeadLetterGauge.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(10);

    private final DeadLetterTopics topics;
    private final DeadLetterReader reader;
    private final RedrivenDeadLetters redriven;
    private final Map<String, Double> waiting = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public DeadLetterGauge(
            DeadLetterTopics topics, DeadLetterReader reader, RedrivenDeadLetters redriven, MeterRegistry registry) {
        this.topics = topics;
        this.reader = reader;
        this.redriven = redriven;
        for (String topic : topics.all().keySet()) {
            waiting.put(topic, Double.NaN);
            Gauge.builder("lettrage.dlq.messages", waiting, w -> w.getOrDefault(topic, Double.NaN))
                    .description("records of the dead-letter topic that wait for a redrive")
                    .tag("topic", topic)
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Creates the gauges at start, before the first measure. */
    void start(@Observes StartupEvent ev) {}

    void stop(@Observes ShutdownEvent ev) {
        stopped = true;
    }

    @Scheduled(
            identity = "dead-letter-gauge",
            every = "{lettrage.dead-letters.gauge-refresh}",
            concurrentExecution = ConcurrentExecution.SKIP)
    public void refresh() {
        if (stopped) {
            return;
        }
        for (String topic : topics.all().keySet()) {
            try {
                waiting.put(topic, (double) measure(topic));
            } catch (RuntimeException e) {
                LOG.warnf("dead letters: measuring %s failed, the gauge keeps the last measure: %s", topic, e);
            }
        }
    }

    /** Reads the topic's offsets and its redrives now (blocking). */
    public long measure(String topic) {
        long waitingNow = 0;
        for (DeadLetterReader.Extent extent : reader.extents(topic)) {
            long done =
                    extent.size() == 0 ? 0 : redriven.countIn(extent).await().atMost(DB_TIMEOUT);
            waitingNow += extent.size() - done;
        }
        return waitingNow;
    }

    /** The last measure of the topic (NaN before the first). */
    public double lastMeasure(String topic) {
        return waiting.getOrDefault(topic, Double.NaN);
    }
}
