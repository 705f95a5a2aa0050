package app.lettrage.platform.deadletter;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads dead-letter topics with a consumer of its own that joins no group (it assigns partitions and seeks), so it
 * never moves the offsets of the service's consumers. Blocking: call it on a worker thread. Every read is bounded: at
 * most {@link #SCAN_CAP} records and {@link #DEADLINE} per request.
 */
@ApplicationScoped
public class DeadLetterReader {

    /** The most records one list request reads; a larger DLQ is an incident for kafka-console-consumer, not a page. */
    public static final int SCAN_CAP = 10_000;

    static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Object> kafka;

    public DeadLetterReader(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    /**
     * A page of the records that {@code matches} keeps, in (partition, offset) order. {@code more}: another one follows
     * this page; {@code truncated}: the scan stopped at its cap or deadline before the end of the topic.
     */
    public record Page(List<ConsumerRecord<String, String>> records, int scanned, boolean more, boolean truncated) {}

    /** The start (inclusive) and end (exclusive) offsets of one partition. */
    public record Extent(TopicPartition partition, long start, long end) {
        public long size() {
            return Math.max(0, end - start);
        }
    }

    public Page list(String topic, Predicate<ConsumerRecord<String, String>> matches, int skip, int limit) {
        List<ConsumerRecord<String, String>> page = new ArrayList<>();
        int scanned = 0;
        int toSkip = skip;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            for (Extent extent : extents(consumer, topic)) {
                if (extent.size() == 0) {
                    continue;
                }
                consumer.assign(List.of(extent.partition()));
                consumer.seek(extent.partition(), extent.start());
                while (consumer.position(extent.partition()) < extent.end()) {
                    if (scanned >= SCAN_CAP || System.nanoTime() > deadline) {
                        return new Page(page, scanned, false, true);
                    }
                    for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                        if (r.offset() >= extent.end()) {
                            continue; // arrived after the request began
                        }
                        scanned++;
                        if (!matches.test(r)) {
                            continue;
                        }
                        if (toSkip > 0) {
                            toSkip--;
                        } else if (page.size() < limit) {
                            page.add(r);
                        } else {
                            return new Page(page, scanned, true, false);
                        }
                    }
                }
            }
        }
        return new Page(page, scanned, false, false);
    }

    /** The record at this position of the topic, if the topic still holds it. */
    public Optional<ConsumerRecord<String, String>> read(String topic, int partition, long offset) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            Optional<Extent> extent = extents(consumer, topic).stream()
                    .filter(e -> e.partition().partition() == partition)
                    .findFirst();
            if (extent.isEmpty()
                    || offset < extent.get().start()
                    || offset >= extent.get().end()) {
                return Optional.empty();
            }
            TopicPartition tp = extent.get().partition();
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            while (consumer.position(tp) <= offset && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    if (r.offset() == offset) {
                        return Optional.of(r);
                    }
                }
            }
            return Optional.empty(); // a gap (a transaction marker) or a broker too slow for the deadline
        }
    }

    /** The partitions of the topic with their start and end offsets, in partition order. */
    public List<Extent> extents(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            return extents(consumer, topic);
        }
    }

    private static List<Extent> extents(KafkaConsumer<String, String> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, DEADLINE);
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        List<TopicPartition> partitions = infos.stream()
                .map(i -> new TopicPartition(topic, i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition))
                .toList();
        Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, DEADLINE);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
        return partitions.stream()
                .map(tp -> new Extent(tp, start.get(tp), end.get(tp)))
                .toList();
    }

    private KafkaConsumer<String, String> consumer() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG); // assign and seek: no group, no committed offsets
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "dead-letter-reader");
        return new KafkaConsumer<>(config);
    }
}
