package app.lettrage.platform.deadletter;

import app.lettrage.platform.admin.AdminAudit;
import app.lettrage.platform.problem.ProblemException;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a dead letter back to its source topic, once. In one database transaction: the record's position is claimed
 * in {@code dead_letter_redrive} (a second redrive of it, or a concurrent one, finds it taken: 409), the audit row is
 * written, and the record is produced (acks=all); the transaction commits only once the broker has it, so a failed
 * send leaves no trace and may be tried again. Should the commit itself fail after the send (or the send time out and
 * still succeed), the record went out unrecorded: a second redrive then sends it again, and the consumer's inbox, keyed by the unchanged {@code ce_id},
 * applies it no second time.
 * <p>
 * The record goes out as it came in (key, payload, CloudEvent headers) without SmallRye's {@code dead-letter-*}
 * headers: the same key, so the same partition and order as the original.
 */
@ApplicationScoped
public class DeadLetterRedrive {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final AdminAudit audit;
    private final Map<String, Object> kafka;
    private final DeadLetterConfig config;
    private KafkaProducer<String, String> producer;

    public DeadLetterRedrive(
            Pool pool,
            AdminAudit audit,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            DeadLetterConfig config) {
        this.pool = pool;
        this.audit = audit;
        this.kafka = kafka;
        this.config = config;
    }

    /** Where the redriven record now is on its source topic. */
    public record Redriven(String topic, int partition, long offset, String eventId) {}

    public Uni<Redriven> redrive(
            ConsumerRecord<String, String> deadLetter, String sourceTopic, String tenantId, String actor) {
        DeadLetter letter = DeadLetter.of(deadLetter, false);
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "INSERT INTO dead_letter_redrive (topic, partition, \"offset\", event_id, tenant_id,"
                                        + " redriven_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
                        .execute(Tuple.from(Arrays.asList(
                                letter.topic(),
                                letter.partition(),
                                letter.offset(),
                                letter.eventId(),
                                tenantId,
                                actor)))
                        .flatMap(claimed -> {
                            if (claimed.rowCount() == 0) {
                                return Uni.createFrom()
                                        .failure(ProblemException.conflict(
                                                "already-redriven",
                                                "dead letter " + letter.position() + " was already redriven"));
                            }
                            return audit.record(
                                    conn,
                                    actor,
                                    tenantId,
                                    AdminAudit.REDRIVE,
                                    letter.position(),
                                    "to " + sourceTopic + ", event " + letter.eventId());
                        })
                        .flatMap(x -> send(sourceTopic, deadLetter)))
                .map(md -> new Redriven(md.topic(), md.partition(), md.offset(), letter.eventId()));
    }

    private Uni<RecordMetadata> send(String topic, ConsumerRecord<String, String> deadLetter) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, deadLetter.key(), deadLetter.value());
        for (Header h : deadLetter.headers()) {
            if (!h.key().startsWith(DeadLetter.HEADER_PREFIX)) {
                record.headers().add(h);
            }
        }
        return Uni.createFrom()
                .<RecordMetadata>emitter(emitter -> producer().send(record, (md, e) -> {
                    if (e != null) {
                        emitter.fail(e);
                    } else {
                        emitter.complete(md);
                    }
                }))
                .ifNoItem()
                .after(SEND_TIMEOUT)
                .fail();
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> p = new HashMap<>(kafka);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letter-redrive");
            config.redriveSaslJaasConfig().ifPresent(jaas -> p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas));
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
