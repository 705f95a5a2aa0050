package app.lettrage.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The in-test collector over HTTP, as the services' OTLP exporter calls it. */
class OtlpCollectorTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private OtlpCollector collector;

    @BeforeEach
    void start() {
        collector = OtlpCollector.start(0);
    }

    @AfterEach
    void stop() {
        collector.stop();
    }

    @Test
    void keepsTheSpansOfAWatchedTraceAndDropsTheOthers() throws Exception {
        InMemorySpanExporter made = InMemorySpanExporter.create();
        byte[] request;
        String watchedTrace;
        String otherTrace;
        try (SdkTracerProvider tracer = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "invoice-service")))
                .addSpanProcessor(SimpleSpanProcessor.create(made))
                .build()) {
            Span watchedRoot = tracer.get("test").spanBuilder("watched").startSpan();
            tracer.get("test")
                    .spanBuilder("watched child")
                    .setParent(Context.root().with(watchedRoot))
                    .startSpan()
                    .end();
            watchedRoot.end();
            Span other = tracer.get("test").spanBuilder("other").startSpan();
            other.end();
            watchedTrace = watchedRoot.getSpanContext().getTraceId();
            otherTrace = other.getSpanContext().getTraceId();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TraceRequestMarshaler.create(new ArrayList<>(made.getFinishedSpanItems()))
                    .writeBinaryTo(out);
            request = out.toByteArray();
        }
        collector.watch(watchedTrace);

        assertThat(post("application/x-protobuf", request).statusCode()).isEqualTo(200);

        assertThat(collector.trace(watchedTrace))
                .extracting(ExportedSpan::name)
                .containsExactlyInAnyOrder("watched", "watched child");
        collector.watch(otherTrace);
        assertThat(collector.trace(otherTrace))
                .as("arrived before it was watched")
                .isEmpty();
        assertThat(collector.stats()).isEqualTo("1 export requests, 3 spans");
    }

    @Test
    void refusesWhatIsNotAnOtlpProtobufExport() throws Exception {
        assertThat(post("application/json", new byte[0]).statusCode()).isEqualTo(415);
        assertThat(post("application/x-protobuf", new byte[] {0x0a, 100, 0}).statusCode())
                .isEqualTo(400);
        HttpResponse<Void> get = http.send(
                HttpRequest.newBuilder(URI.create(collector.endpoint() + OtlpCollector.PATH))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<Void> metrics = http.send(
                HttpRequest.newBuilder(URI.create(collector.endpoint() + "/v1/traces/more"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(metrics.statusCode()).isEqualTo(404);
        assertThat(collector.stats()).isEqualTo("0 export requests, 0 spans");
    }

    private HttpResponse<Void> post(String contentType, byte[] body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(collector.endpoint() + OtlpCollector.PATH))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
