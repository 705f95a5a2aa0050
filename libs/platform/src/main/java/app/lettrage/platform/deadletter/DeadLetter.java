package app.lettrage.platform.deadletter;

import app.lettrage.events.CloudEventHeaders;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A record of a dead-letter topic as an operator sees it: where it is, its CloudEvent attributes, why it failed (the
 * {@code dead-letter-reason} and {@code dead-letter-cause} headers SmallRye's strategy adds), and whether it has been
 * redriven. A list leaves out the headers and the payload ({@link #summary()}); showing one record gives them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeadLetter(
        String topic,
        int partition,
        long offset,
        Instant timestamp,
        String key,
        String eventId,
        String eventType,
        String tenantId,
        String reason,
        String cause,
        boolean redriven,
        Map<String, String> headers,
        String value) {

    /** SmallRye's dead-letter-queue headers: the failure, and where the record was on its source topic. */
    public static final String REASON = "dead-letter-reason";

    public static final String CAUSE = "dead-letter-cause";
    public static final String HEADER_PREFIX = "dead-letter-";

    public static DeadLetter of(ConsumerRecord<String, String> r, boolean redriven) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return new DeadLetter(
                r.topic(),
                r.partition(),
                r.offset(),
                Instant.ofEpochMilli(r.timestamp()),
                r.key(),
                headers.get(CloudEventHeaders.ID),
                headers.get(CloudEventHeaders.TYPE),
                headers.get(CloudEventHeaders.TENANT_ID),
                headers.get(REASON),
                headers.get(CAUSE),
                redriven,
                headers,
                r.value());
    }

    /** The tenant a dead letter belongs to: the one its {@code ce_tenantid} header names (none without it). */
    public static boolean belongsTo(ConsumerRecord<?, ?> r, String tenantId) {
        Header h = r.headers().lastHeader(CloudEventHeaders.TENANT_ID);
        return h != null && h.value() != null && tenantId.equals(new String(h.value(), StandardCharsets.UTF_8));
    }

    /** Without the headers and the payload, for a list. */
    public DeadLetter summary() {
        return new DeadLetter(
                topic, partition, offset, timestamp, key, eventId, eventType, tenantId, reason, cause, redriven, null,
                null);
    }

    public DeadLetter withRedriven(boolean done) {
        return new DeadLetter(
                topic, partition, offset, timestamp, key, eventId, eventType, tenantId, reason, cause, done, headers,
                value);
    }

    public String position() {
        return topic + "/" + partition + "/" + offset;
    }
}
