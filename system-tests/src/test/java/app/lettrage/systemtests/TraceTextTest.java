package app.lettrage.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceTextTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final long T0 = 1_764_979_200_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void showsTheSpansAsATreeWithOffsetsAndDurationsAndEachHop() {
        List<ExportedSpan> spans = List.of(
                // out of start order, as an exporter's batches arrive
                span(
                        "bank-sync-service",
                        "0000000000000003",
                        "0000000000000002",
                        "bank-transactions publish",
                        ExportedSpan.Kind.PRODUCER,
                        30,
                        31,
                        Map.of("messaging.destination.name", "bank-transactions")),
                span(
                        "bank-sync-service",
                        "0000000000000001",
                        "00000000000000ff",
                        "POST /api/accounts/{id}/statements",
                        ExportedSpan.Kind.SERVER,
                        0,
                        20,
                        Map.of()),
                span(
                        "bank-sync-service",
                        "0000000000000002",
                        "0000000000000001",
                        "statement import",
                        ExportedSpan.Kind.INTERNAL,
                        10,
                        40,
                        Map.of()),
                span(
                        "reconciliation-service",
                        "0000000000000004",
                        "0000000000000003",
                        "bank-transactions receive",
                        ExportedSpan.Kind.CONSUMER,
                        80,
                        80,
                        Map.of()),
                span(
                        "reconciliation-service",
                        "0000000000000005",
                        "0000000000000003",
                        "bank-transactions process",
                        ExportedSpan.Kind.CONSUMER,
                        85,
                        135,
                        Map.of("messaging.operation", "process")));

        String text = TraceText.render(spans);

        assertThat(text)
                .startsWith("trace " + TRACE + ": 5 spans, 2 services, 135.0 ms")
                .contains("""
                               0.0       20.0  bank-sync-service       POST /api/accounts/{id}/statements [SERVER]
                              10.0       30.0    bank-sync-service       statement import [INTERNAL]
                              30.0        1.0      bank-sync-service       bank-transactions publish [PRODUCER]
                              80.0        0.0        reconciliation-service  bank-transactions receive [CONSUMER]
                              85.0       50.0        reconciliation-service  bank-transactions process [CONSUMER]
                        """)
                .contains("  bank-sync-service -> reconciliation-service over bank-transactions: received 50.0 ms"
                        + " after publish, processing started 55.0 ms after publish and took 50.0 ms");
    }

    private static ExportedSpan span(
            String service,
            String id,
            String parent,
            String name,
            ExportedSpan.Kind kind,
            long startMs,
            long endMs,
            Map<String, String> attributes) {
        return new ExportedSpan(service, TRACE, id, parent, name, kind, T0 + startMs * MS, T0 + endMs * MS, attributes);
    }
}
