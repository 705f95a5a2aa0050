package app.lettrage.platform.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.Unremovable;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.inject.Singleton;
import java.util.Collection;

/**
 * Where finished spans go while no OTLP collector is named: nowhere. Without it, quarkus-opentelemetry exports to
 * localhost:4317 and logs a connection error for every batch on any machine without a collector (CI, a laptop).
 * Spans are still made and propagated: trace and span ids reach the logs' MDC and the Kafka headers, so one trace
 * can be followed through the logs. {@code lettrage.tracing.collector} is the collector named by
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT} (or its {@code TRACES_} variant), "none" without one (see
 * META-INF/microprofile-config.properties): the OTLP endpoint itself always has a value, its default. Once a
 * collector is named, this bean is not looked up, and Quarkus installs its OTLP exporter (it does so only where no
 * CDI {@link SpanExporter} resolves). See docs/operations.md, "Tracing".
 */
@Singleton
@Unremovable // only ever looked up (by quarkus-opentelemetry), never injected
@LookupIfProperty(name = "lettrage.tracing.collector", stringValue = "none", lookupIfMissing = true)
public class NoCollectorSpanExporter implements SpanExporter {

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
