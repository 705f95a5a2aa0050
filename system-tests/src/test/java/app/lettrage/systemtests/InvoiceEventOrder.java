package app.lettrage.systemtests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The per-key order of invoice events as a subscriber sees them on the topic, for a run in which each invoice is issued
 * and then only paid: after dropping redeliveries (the same {@code ce_id}, which the outbox may publish again after a
 * crash), an invoice's events must start with its InvoiceIssued, then carry only InvoiceChanged whose amount due never
 * grows and whose last one leaves it PAID. A subscriber that upserts from these events would otherwise end with a
 * wrong amount due.
 */
final class InvoiceEventOrder {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event on the topic, as a subscriber reads it. */
    record Event(String id, String type, BigDecimal amountDue, String status) {}

    private InvoiceEventOrder() {}

    /** Every violation of the order for the given keys, "key: what is wrong"; empty when the order holds. */
    static List<String> violations(Map<String, List<Event>> byKey, Set<String> keys) {
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            List<Event> events = withoutRedeliveries(byKey.getOrDefault(key, List.of()));
            if (events.isEmpty()) {
                problems.add(key + ": no event");
                continue;
            }
            if (!"InvoiceIssued".equals(events.get(0).type())) {
                problems.add(key + ": first event " + events.get(0).type() + ", not InvoiceIssued");
                continue;
            }
            BigDecimal due = events.get(0).amountDue();
            for (Event e : events.subList(1, events.size())) {
                if (!"InvoiceChanged".equals(e.type())) {
                    problems.add(key + ": " + e.type() + " after the invoice was issued");
                } else if (e.amountDue().compareTo(due) > 0) {
                    problems.add(key + ": amount due grew from " + due + " to " + e.amountDue());
                }
                due = e.amountDue();
            }
            Event last = events.get(events.size() - 1);
            if (!"PAID".equals(last.status())) {
                problems.add(key + ": last event leaves it " + last.status());
            }
        }
        return problems;
    }

    private static List<Event> withoutRedeliveries(List<Event> events) {
        Set<String> seen = new HashSet<>();
        return events.stream().filter(e -> seen.add(e.id())).toList();
    }

    /**
     * The events of the given keys on the whole topic from its beginning, grouped by key in offset order (one partition
     * holds each key).
     */
    static Map<String, List<Event>> read(String bootstrapServers, String topic, Set<String> keys) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, List<Event>> byKey = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(r.key())) {
                        byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(event(r));
                    }
                }
            }
        }
        return byKey;
    }

    private static Event event(ConsumerRecord<String, String> r) {
        JsonNode body;
        try {
            body = JSON.readTree(r.value());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON at " + r.topic() + "-" + r.partition() + "@" + r.offset(), e);
        }
        String type = header(r, "ce_type"); // lettrage.<Name>.v1
        return new Event(
                header(r, "ce_id"),
                type == null ? null : type.replaceFirst("^lettrage\\.", "").replaceFirst("\\.v\\d+$", ""),
                body.hasNonNull("amountDue")
                        ? new BigDecimal(body.get("amountDue").asText())
                        : BigDecimal.ZERO,
                body.hasNonNull("status") ? body.get("status").asText() : null);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
