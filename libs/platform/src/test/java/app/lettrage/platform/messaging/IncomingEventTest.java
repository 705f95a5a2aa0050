package app.lettrage.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The consumer side of every contract: the golden payloads, as they arrive from Kafka, parse into their records. */
class IncomingEventTest {

    /** A record as its producer sends it: ce_source of the type's producer, ce_tenantid acme (the goldens' tenant). */
    static ConsumerRecord<String, String> produced(String value, EventType type, String id) {
        return record(
                value,
                CloudEventHeaders.ID,
                id,
                CloudEventHeaders.TYPE,
                type.ceType(),
                CloudEventHeaders.SOURCE,
                type.source(),
                CloudEventHeaders.TENANT_ID,
                "acme");
    }

    static ConsumerRecord<String, String> record(String value, String... headers) {
        ConsumerRecord<String, String> r = new ConsumerRecord<>("t", 0, 7L, "acme:x", value);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyGoldenPayloadIsConsumable(EventType type) {
        IncomingEvent e = IncomingEvent.parse(produced(EventSchemas.golden(type), type, "ev-1"));
        assertThat(e.id()).isEqualTo("ev-1");
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.event()).isInstanceOf(type.recordClass());
        assertThat(e.tenantId()).isEqualTo("acme");
    }

    @Test
    void transientFailuresAreRetriedAndPersistentOnesGiveUpAfterThreeRetries() {
        IncomingEvent e = IncomingEvent.parse(
                produced(EventSchemas.golden(EventType.PAYMENT_MATCHED), EventType.PAYMENT_MATCHED, "ev-2"));
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        e.applyWithRetries(ev -> calls.incrementAndGet() < 3
                        ? io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("lock timeout"))
                        : io.smallrye.mutiny.Uni.createFrom().voidItem())
                .await()
                .atMost(java.time.Duration.ofSeconds(10));
        assertThat(calls).hasValue(3);

        calls.set(0);
        assertThatThrownBy(() -> e.applyWithRetries(ev -> {
                            calls.incrementAndGet();
                            return io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("still down"));
                        })
                        .await()
                        .atMost(java.time.Duration.ofSeconds(10)))
                .hasMessageContaining("still down");
        assertThat(calls).hasValue(4); // the first attempt and 3 retries, then the dead-letter strategy takes over
    }

    @Test
    void poisonMessagesAreRecognisedAndNameTheirPosition() {
        String golden = EventSchemas.golden(EventType.PAYMENT_MATCHED);
        assertThatThrownBy(() ->
                        IncomingEvent.parse(record(golden, CloudEventHeaders.TYPE, EventType.PAYMENT_MATCHED.ceType())))
                .isInstanceOf(IncomingEvent.PoisonMessageException.class)
                .hasMessageContaining("ce_id")
                .hasMessageContaining("t-0@7");
        assertThatThrownBy(() -> IncomingEvent.parse(
                        record(golden, CloudEventHeaders.ID, "x", CloudEventHeaders.TYPE, "lettrage.Nope.v1")))
                .isInstanceOf(IncomingEvent.PoisonMessageException.class)
                .hasMessageContaining("unknown event type");
        assertThatThrownBy(() -> IncomingEvent.parse(produced("{", EventType.PAYMENT_MATCHED, "x")))
                .isInstanceOf(IncomingEvent.PoisonMessageException.class)
                .hasMessageContaining("malformed PaymentMatched");
        assertThatThrownBy(() -> IncomingEvent.parse(
                        produced(golden.replace("\"acme\"", "\"\""), EventType.PAYMENT_MATCHED, "x")))
                .isInstanceOf(IncomingEvent.PoisonMessageException.class)
                .hasMessageContaining("without tenant");
    }

    @Test
    void onlyTheTopicsProducerMayPublish_forTheTenantItsHeaderNames() {
        String golden = EventSchemas.golden(EventType.PAYMENT_MATCHED);
        String type = EventType.PAYMENT_MATCHED.ceType();
        assertThatThrownBy(() -> IncomingEvent.parse(record(
                        golden,
                        CloudEventHeaders.ID,
                        "x",
                        CloudEventHeaders.TYPE,
                        type,
                        CloudEventHeaders.SOURCE,
                        "/bank-sync-service",
                        CloudEventHeaders.TENANT_ID,
                        "acme")))
                .as("a PaymentMatched forged by another service")
                .isInstanceOf(IncomingEvent.PoisonMessageException.class)
                .hasMessageContaining("not the producer of PaymentMatched");
        assertThatThrownBy(() -> IncomingEvent.parse(record(
                        golden,
                        CloudEventHeaders.ID,
                        "x",
                        CloudEventHeaders.TYPE,
                        type,
                        CloudEventHeaders.TENANT_ID,
                        "acme")))
                .isInstanceOf(IncomingEvent.PoisonMessageException.class)
                .hasMessageContaining("no ce_source");
        assertThatThrownBy(() -> IncomingEvent.parse(record(
                        golden,
                        CloudEventHeaders.ID,
                        "x",
                        CloudEventHeaders.TYPE,
                        type,
                        CloudEventHeaders.SOURCE,
                        "/reconciliation-service",
                        CloudEventHeaders.TENANT_ID,
                        "globex")))
                .as("headers for one tenant, payload for another")
                .isInstanceOf(IncomingEvent.PoisonMessageException.class)
                .hasMessageContaining("ce_tenantid does not match");
        assertThatThrownBy(() -> IncomingEvent.parse(record(
                        golden,
                        CloudEventHeaders.ID,
                        "x",
                        CloudEventHeaders.TYPE,
                        type,
                        CloudEventHeaders.SOURCE,
                        "/reconciliation-service")))
                .isInstanceOf(IncomingEvent.PoisonMessageException.class)
                .hasMessageContaining("no ce_tenantid");
    }
}
