package app.lettrage.systemtests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One trace as text, for a person: the spans as an indented tree (children under their parent, in start order), each
 * with its start offset from the trace's first span and its duration in milliseconds, its service and name; then
 * each Kafka hop between two services (a PRODUCER span and another service's CONSUMER spans below it): when the
 * record was received, when its processing started (both from the publish) and how long the processing took.
 */
final class TraceText {

    private TraceText() {}

    static String render(List<ExportedSpan> spans) {
        if (spans.isEmpty()) {
            return "(no spans)\n";
        }
        List<ExportedSpan> byStart = spans.stream()
                .sorted(Comparator.comparingLong(ExportedSpan::startNanos))
                .toList();
        long origin = byStart.get(0).startNanos();
        long last = spans.stream().mapToLong(ExportedSpan::endNanos).max().orElse(origin);
        Map<String, ExportedSpan> byId =
                spans.stream().collect(Collectors.toMap(ExportedSpan::spanId, Function.identity(), (a, b) -> a));
        int serviceWidth =
                spans.stream().mapToInt(s -> s.service().length()).max().orElse(0);

        StringBuilder out = new StringBuilder();
        out.append("trace ")
                .append(byStart.get(0).traceId())
                .append(": ")
                .append(spans.size())
                .append(" spans, ")
                .append(spans.stream().map(ExportedSpan::service).distinct().count())
                .append(" services, ")
                .append(ms(last - origin))
                .append(" ms from the first span's start to the last span's end\n\n");
        out.append(String.format(
                Locale.ROOT,
                "%10s %10s  %s%n",
                "start ms",
                "took ms",
                "service and span (children indented under their parent)"));
        Set<String> shown = new HashSet<>();
        // roots: spans whose parent is not in the trace (the caller's span, or none)
        for (ExportedSpan s : byStart) {
            if (!byId.containsKey(s.parentSpanId())) {
                tree(s, 0, byStart, origin, serviceWidth, shown, out);
            }
        }
        List<String> hops = new ArrayList<>();
        for (ExportedSpan producer : byStart) {
            if (producer.kind() != ExportedSpan.Kind.PRODUCER) {
                continue;
            }
            // the consumer's CONSUMER spans below this publish: the Kafka connector's receive, then the processing
            List<ExportedSpan> consumers = byStart.stream()
                    .filter(c -> c.kind() == ExportedSpan.Kind.CONSUMER
                            && c.isChildOf(producer)
                            && !c.service().equals(producer.service()))
                    .toList();
            if (consumers.isEmpty()) {
                continue;
            }
            ExportedSpan received = consumers.get(0);
            ExportedSpan processed = consumers.stream()
                    .filter(TraceText::isProcessing)
                    .findFirst()
                    .orElse(consumers.get(consumers.size() - 1));
            hops.add(String.format(
                    Locale.ROOT,
                    "  %s -> %s over %s: received %s ms after publish, processing started %s ms after publish"
                            + " and took %s ms%n",
                    producer.service(),
                    received.service(),
                    producer.attributes().getOrDefault("messaging.destination.name", producer.name()),
                    ms(received.startNanos() - producer.startNanos()),
                    ms(processed.startNanos() - producer.startNanos()),
                    ms(processed.durationNanos())));
        }
        if (!hops.isEmpty()) {
            out.append("\nKafka hops between services:\n");
            hops.forEach(out::append);
        }
        return out.toString();
    }

    /** The CONSUMER span in which a consumed event is applied (ProcessingSpan), not the connector's receive. */
    static boolean isProcessing(ExportedSpan span) {
        return span.kind() == ExportedSpan.Kind.CONSUMER
                && ("process".equals(span.attributes().get("messaging.operation"))
                        || span.name().endsWith(" process"));
    }

    private static void tree(
            ExportedSpan span,
            int depth,
            List<ExportedSpan> byStart,
            long origin,
            int serviceWidth,
            Set<String> shown,
            StringBuilder out) {
        if (!shown.add(span.spanId())) {
            return; // a span id twice (an exporter's retry): shown once
        }
        out.append(String.format(
                Locale.ROOT,
                "%10s %10s  %s%-" + serviceWidth + "s  %s [%s]%n",
                ms(span.startNanos() - origin),
                ms(span.durationNanos()),
                "  ".repeat(depth),
                span.service(),
                span.name(),
                span.kind()));
        for (ExportedSpan child : byStart) {
            if (child.isChildOf(span)) {
                tree(child, depth + 1, byStart, origin, serviceWidth, shown, out);
            }
        }
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1_000_000.0);
    }
}
