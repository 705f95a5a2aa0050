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
 * each Kafka hop between two services (a CONSUMER span whose parent is another service's PRODUCER span) with the time
 * from publishing to the start of processing.
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
        for (ExportedSpan consumer : byStart) {
            ExportedSpan producer = byId.get(consumer.parentSpanId());
            if (consumer.kind() == ExportedSpan.Kind.CONSUMER
                    && producer != null
                    && producer.kind() == ExportedSpan.Kind.PRODUCER
                    && !producer.service().equals(consumer.service())) {
                hops.add(String.format(
                        Locale.ROOT,
                        "  %s -> %s over %s: %s ms from publish to process, then %s ms processing%n",
                        producer.service(),
                        consumer.service(),
                        producer.attributes().getOrDefault("messaging.destination.name", producer.name()),
                        ms(consumer.startNanos() - producer.startNanos()),
                        ms(consumer.durationNanos())));
            }
        }
        if (!hops.isEmpty()) {
            out.append("\nKafka hops between services:\n");
            hops.forEach(out::append);
        }
        return out.toString();
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
