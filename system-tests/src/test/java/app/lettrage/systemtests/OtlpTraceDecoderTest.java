package app.lettrage.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The decoder on bytes made by OpenTelemetry's own OTLP marshaler ({@link TraceRequestMarshaler}, which Quarkus'
 * http/protobuf exporter sends), from spans of two services made by the SDK: not on hand-made bytes.
 */
class OtlpTraceDecoderTest {

    @Test
    void readsTheServiceIdsNameKindTimesAndAttributesOfEverySpan() throws IOException {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        List<SpanData> made;
        try (SdkTracerProvider upstream = provider("bank-sync-service", exported);
                SdkTracerProvider downstream = provider("reconciliation-service", exported)) {
            Span publish = upstream.get("test")
                    .spanBuilder("bank-transactions publish")
                    .setSpanKind(SpanKind.PRODUCER)
                    .setStartTimestamp(1_764_979_200_123_456_789L, TimeUnit.NANOSECONDS)
                    .setAttribute("messaging.destination.name", "bank-transactions")
                    .startSpan();
            publish.end(1_764_979_200_125_000_000L, TimeUnit.NANOSECONDS);
            downstream
                    .get("test")
                    .spanBuilder("bank-transactions process")
                    .setParent(Context.root().with(publish))
                    .setSpanKind(SpanKind.CONSUMER)
                    .setAttribute("messaging.batch.message_count", 3L)
                    .setAttribute("retry", true)
                    .setAttribute("ratio", 0.5)
                    .setAttribute(AttributeKey.stringArrayKey("left.out"), List.of("a", "b"))
                    .startSpan()
                    .end();
            // before the providers close: closing shuts the in-memory exporter down, which empties it
            made = exported.getFinishedSpanItems();
        }

        List<ExportedSpan> read = OtlpTraceDecoder.decode(encode(made));

        assertThat(read).hasSize(2);
        ExportedSpan producer = read.stream()
                .filter(s -> s.name().equals("bank-transactions publish"))
                .findFirst()
                .orElseThrow();
        ExportedSpan consumer = read.stream()
                .filter(s -> s.name().equals("bank-transactions process"))
                .findFirst()
                .orElseThrow();
        SpanData madeProducer = made.stream()
                .filter(s -> s.getKind() == SpanKind.PRODUCER)
                .findFirst()
                .orElseThrow();
        SpanData madeConsumer = made.stream()
                .filter(s -> s.getKind() == SpanKind.CONSUMER)
                .findFirst()
                .orElseThrow();

        assertThat(producer.service()).isEqualTo("bank-sync-service");
        assertThat(producer.traceId()).isEqualTo(madeProducer.getTraceId());
        assertThat(producer.spanId()).isEqualTo(madeProducer.getSpanId());
        assertThat(producer.parentSpanId()).isEmpty();
        assertThat(producer.kind()).isEqualTo(ExportedSpan.Kind.PRODUCER);
        assertThat(producer.startNanos()).isEqualTo(1_764_979_200_123_456_789L);
        assertThat(producer.endNanos()).isEqualTo(1_764_979_200_125_000_000L);
        assertThat(producer.attributes()).containsEntry("messaging.destination.name", "bank-transactions");

        assertThat(consumer.service()).isEqualTo("reconciliation-service");
        assertThat(consumer.spanId()).isEqualTo(madeConsumer.getSpanId());
        assertThat(consumer.kind()).isEqualTo(ExportedSpan.Kind.CONSUMER);
        assertThat(consumer.isChildOf(producer)).isTrue();
        assertThat(consumer.startNanos()).isEqualTo(madeConsumer.getStartEpochNanos());
        assertThat(consumer.endNanos()).isEqualTo(madeConsumer.getEndEpochNanos());
        assertThat(consumer.attributes())
                .containsEntry("messaging.batch.message_count", "3")
                .containsEntry("retry", "true")
                .containsEntry("ratio", "0.5")
                .doesNotContainKey("left.out");
    }

    @Test
    void anEmptyRequestHoldsNoSpans() {
        assertThat(OtlpTraceDecoder.decode(new byte[0])).isEmpty();
    }

    @Test
    void refusesARequestCutShortInsideASpan() throws IOException {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        byte[] whole;
        try (SdkTracerProvider tracer = provider("invoice-service", exported)) {
            tracer.get("test")
                    .spanBuilder("payment-matches process")
                    .startSpan()
                    .end();
            whole = encode(exported.getFinishedSpanItems());
        }

        assertThat(OtlpTraceDecoder.decode(whole)).hasSize(1);
        for (int cut : new int[] {1, whole.length / 2, whole.length - 1}) {
            byte[] truncated = Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> OtlpTraceDecoder.decode(truncated))
                    .as("cut at %d of %d bytes", cut, whole.length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesALengthBeyondTheEndAndAnEndlessVarint() {
        // field 1 (resource_spans), length-delimited, claiming 100 bytes where 1 follows
        assertThatThrownBy(() -> OtlpTraceDecoder.decode(new byte[] {0x0a, 100, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond");
        byte[] endless = new byte[12];
        Arrays.fill(endless, (byte) 0xff);
        assertThatThrownBy(() -> OtlpTraceDecoder.decode(endless))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("varint");
    }

    private static SdkTracerProvider provider(String service, InMemorySpanExporter exporter) {
        return SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build();
    }

    private static byte[] encode(List<SpanData> spans) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TraceRequestMarshaler.create(new ArrayList<>(spans)).writeBinaryTo(out);
        return out.toByteArray();
    }
}
