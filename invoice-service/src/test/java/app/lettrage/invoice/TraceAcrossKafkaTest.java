package app.lettrage.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.Allocation;
import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.Topics;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.TopicProbe;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One trace across the outbox and Kafka, for each of invoice-service's two hops: the REST call that issues an invoice
 * writes its outbox row in the call's trace, and the relay, which publishes the row later from its own loop, publishes
 * it in that same trace (a PRODUCER span, child of the span that wrote the row, and its traceparent header); and a
 * consumed PaymentMatched is applied in a CONSUMER span that continues the record's traceparent, so the InvoiceChanged
 * it writes (the invoice PAID) is published in the trace that reconciliation's record came in.
 */
@QuarkusTest
class TraceAcrossKafkaTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void anIssuedInvoiceIsPublishedInTheTraceOfTheRequestThatIssuedIt() {
        try (TopicProbe invoices = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES)) {
            String id = createAndIssue("1200.00");

            String written = outboxTraceparent(id, EventType.INVOICE_ISSUED.ceType());
            assertThat(written).as("the outbox row's traceparent").isNotNull();
            SpanData request = awaitSpan(s -> s.getSpanId().equals(spanId(written)));
            assertThat(request.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(request.getName()).contains("/issue");

            ConsumerRecord<String, String> record = invoices.await(
                    r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                            && EventType.INVOICE_ISSUED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE)),
                    Duration.ofSeconds(20));
            String published = TopicProbe.header(record, "traceparent");
            assertThat(traceId(published)).isEqualTo(request.getTraceId());
            assertThat(TopicProbe.header(record, CloudEventHeaders.TRACEPARENT)).isEqualTo(written);
            SpanData producer = awaitSpan(s -> s.getSpanId().equals(spanId(published)));
            assertThat(producer.getKind()).isEqualTo(SpanKind.PRODUCER);
            assertThat(producer.getTraceId()).isEqualTo(request.getTraceId());
            assertThat(producer.getParentSpanId()).isEqualTo(request.getSpanId());
        }
    }

    @Test
    void aPaymentIsAppliedAndTheInvoicePaidPublishedInTheTraceOfTheMatch() {
        String id = createAndIssue("300.00");
        // as reconciliation's relay publishes it: its PRODUCER span's traceparent on the record
        String upstreamTrace = hex(32);
        String upstreamSpan = hex(16);
        String traceparent = "00-" + upstreamTrace + "-" + upstreamSpan + "-01";
        String eventId = UUID.randomUUID().toString();
        String matchId = UUID.randomUUID().toString();
        PaymentMatched match = new PaymentMatched(
                matchId,
                "acme",
                "tx-" + matchId,
                List.of(new Allocation(id, "FV", new BigDecimal("300.00"), "EUR")),
                MatchDecision.AUTO,
                0.99,
                List.of("reference"),
                LocalDate.now(),
                Instant.now());

        try (TopicProbe invoices = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES)) {
            TopicProbe.send(
                    ServiceTestStack.bootstrapServers(),
                    Topics.PAYMENT_MATCHES,
                    match.key(),
                    EventJson.write(match),
                    CloudEventHeaders.ID,
                    eventId,
                    CloudEventHeaders.TYPE,
                    EventType.PAYMENT_MATCHED.ceType(),
                    CloudEventHeaders.SPEC_VERSION,
                    "1.0",
                    CloudEventHeaders.SOURCE,
                    EventType.PAYMENT_MATCHED.source(),
                    CloudEventHeaders.TENANT_ID,
                    "acme",
                    "traceparent",
                    traceparent);

            SpanData processing = awaitSpan(s -> s.getKind() == SpanKind.CONSUMER
                    && s.getName().equals(Topics.PAYMENT_MATCHES + " process")
                    && s.getTraceId().equals(upstreamTrace));
            assertThat(processing.getParentSpanId()).isEqualTo(upstreamSpan);

            ConsumerRecord<String, String> paid = invoices.await(
                    r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                            && EventType.INVOICE_CHANGED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                            && r.value().contains("\"status\":\"PAID\""),
                    Duration.ofSeconds(20));
            String written = TopicProbe.header(paid, CloudEventHeaders.TRACEPARENT);
            assertThat(written).as("the outbox row's traceparent").isNotNull();
            assertThat(spanId(written)).isEqualTo(processing.getSpanId());
            assertThat(traceId(TopicProbe.header(paid, "traceparent"))).isEqualTo(upstreamTrace);
        }
    }

    private SpanData awaitSpan(java.util.function.Predicate<SpanData> match) {
        SpanData[] found = new SpanData[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    found[0] = spans.getFinishedSpanItems().stream()
                            .filter(match)
                            .findFirst()
                            .orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }

    private static String createAndIssue(String amount) {
        return InvoiceResourceTest.createAndIssue("alice", "Traced SARL", amount);
    }

    private static String outboxTraceparent(String subject, String ceType) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                    .flatMap(s -> s.createNativeQuery(
                                    "SELECT traceparent FROM outbox_event WHERE aggregate_id = ?1 AND event_type = ?2",
                                    String.class)
                            .setParameter(1, subject)
                            .setParameter(2, ceType)
                            .getSingleResult())));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static String traceId(String traceparent) {
        return traceparent.split("-")[1];
    }

    private static String spanId(String traceparent) {
        return traceparent.split("-")[2];
    }

    private static String hex(int length) {
        return UUID.randomUUID().toString().replace("-", "").repeat(2).substring(0, length);
    }
}
