package app.lettrage.systemtests;

import java.util.Map;

/**
 * One span as a service exported it over OTLP: the fields a trace is checked and shown by. Ids are lower-case hex;
 * {@code parentSpanId} is empty for a root span; times are Unix epoch nanoseconds; attributes hold the span's
 * string, integer, boolean and double attributes as text.
 */
record ExportedSpan(
        String service,
        String traceId,
        String spanId,
        String parentSpanId,
        String name,
        Kind kind,
        long startNanos,
        long endNanos,
        Map<String, String> attributes) {

    /** OTLP's Span.SpanKind, by its field value. */
    enum Kind {
        UNSPECIFIED,
        INTERNAL,
        SERVER,
        CLIENT,
        PRODUCER,
        CONSUMER;

        static Kind of(long value) {
            return value >= 0 && value < values().length ? values()[(int) value] : UNSPECIFIED;
        }
    }

    ExportedSpan {
        attributes = Map.copyOf(attributes);
    }

    long durationNanos() {
        return endNanos - startNanos;
    }

    boolean isChildOf(ExportedSpan parent) {
        return traceId.equals(parent.traceId) && parentSpanId.equals(parent.spanId);
    }
}
