package app.lettrage.platform.messaging;

import app.lettrage.platform.tracing.TraceParent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import java.util.List;

/**
 * The CONSUMER span in which consumed events are applied: a child of the span that published the (first) event, read
 * from its record's {@code traceparent} header, so that the work a consumer does, and the events it writes to its own
 * outbox, stay in the trace of the request that started the flow. A batch applied together is parented on its first
 * event and linked to the others.
 */
final class ProcessingSpan {

    private static final String INSTRUMENTATION = "app.lettrage.platform";

    private ProcessingSpan() {}

    static Span start(List<IncomingEvent> events) {
        IncomingEvent first = events.get(0);
        SpanBuilder builder = tracer().spanBuilder(first.type().topic() + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceParent.parent(first.traceparent()))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation", "process")
                .setAttribute("messaging.destination.name", first.type().topic())
                .setAttribute("lettrage.tenant", first.tenantId());
        if (events.size() == 1) {
            builder.setAttribute("messaging.message.id", first.id())
                    .setAttribute("cloudevents.event_type", first.type().ceType());
        } else {
            builder.setAttribute("messaging.batch.message_count", (long) events.size());
            for (IncomingEvent e : events.subList(1, events.size())) {
                Span remote = Span.fromContext(TraceParent.parent(e.traceparent()));
                if (remote.getSpanContext().isValid()) {
                    builder.addLink(remote.getSpanContext());
                }
            }
        }
        return builder.startSpan();
    }

    static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? "" : failure.getMessage());
        }
        span.end();
    }

    /** The application's OpenTelemetry; a no-op outside Quarkus (a plain unit test). */
    private static Tracer tracer() {
        ArcContainer container = Arc.container();
        OpenTelemetry otel =
                container != null && container.instance(OpenTelemetry.class).isAvailable()
                        ? container.instance(OpenTelemetry.class).get()
                        : OpenTelemetry.noop();
        return otel.getTracer(INSTRUMENTATION);
    }
}
