package app.lettrage.systemtests;

import static app.lettrage.systemtests.EndToEndIT.as;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventType;
import app.lettrage.events.Topics;
import app.lettrage.testsupport.TopicProbe;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One payment is one trace across the three services and both Kafka hops, as the real services export it: a statement
 * uploaded to bank-sync-service (inside a trace this test starts, with the traceparent header a traced frontend would
 * send), its import job, the TransactionImported published, reconciliation-service deciding the match, the
 * PaymentMatched published, and invoice-service applying it and publishing the invoice PAID. The services export
 * over OTLP to the test's {@link OtlpCollector}; the test waits until that trace holds the whole chain, then prints
 * it and writes it to {@code system-tests/target/trace-of-one-payment.txt}.
 */
class TraceIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BANK_SYNC = "bank-sync-service";
    private static final String RECONCILIATION = "reconciliation-service";
    private static final String INVOICE = "invoice-service";
    /** reconciliation-service's consumer group on invoices (its application.properties). */
    private static final String RECONCILIATION_GROUP = "reconciliation-service";

    @BeforeAll
    static void startStack() {
        Stack.ensureUp();
    }

    @Test
    void oneTraceHoldsAPaymentFromTheStatementUploadToTheInvoicePaid() throws IOException {
        String iban = StatementImportIT.freshIban();
        String account = StatementImportIT.createAccount(iban);
        JsonPath invoice = EndToEndIT.issueInvoice("alice", "Traceable SARL", "2718.28");
        String invoiceId = invoice.getString("id");
        // The payment is matched in the trace of whichever arrives last at reconciliation-service, the transaction or
        // the invoice (an invoice issued after its payment matches it in the invoice's trace): the upload waits until
        // reconciliation-service has applied the InvoiceIssued, so this is the trace of a payment that finds its
        // invoice.
        awaitAppliedByReconciliation(invoiceIssued(invoiceId));
        // the trace of this payment only: the test starts it, so no other test's trace can be taken for it
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String callerSpanId = HexFormat.of().formatHex(randomBytes(8));
        Stack.collector().watch(traceId);

        ExtractableResponse<Response> upload = as("arthur", Stack.BANK_SYNC)
                .header("traceparent", "00-" + traceId + "-" + callerSpanId + "-01")
                .contentType("application/xml")
                .body(camt053(iban, invoice.getString("number"), "2718.28").getBytes(StandardCharsets.UTF_8))
                .post("/api/accounts/" + account + "/statements")
                .then()
                .extract();
        assertThat(upload.statusCode()).as(upload.asString()).isEqualTo(202);
        StatementImportIT.awaitSucceeded(upload.path("id"));
        EndToEndIT.awaitInvoice("alice", invoiceId, "PAID", "0.00");

        OtlpCollector collector = Stack.collector();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertOnePaymentTrace(collector.trace(traceId), callerSpanId));

        String text = TraceText.render(collector.trace(traceId));
        System.out.println(
                "TRACE of one payment, statement upload -> invoice PAID (" + collector.stats() + "):\n" + text);
        Files.writeString(Path.of("target", "trace-of-one-payment.txt"), text, StandardCharsets.UTF_8);
    }

    private static ConsumerRecord<String, String> invoiceIssued(String invoiceId) {
        try (TopicProbe invoices = new TopicProbe(Stack.bootstrapServers(), Topics.INVOICES)) {
            return invoices.await(
                    r -> invoiceId.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                            && EventType.INVOICE_ISSUED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE)),
                    Duration.ofSeconds(60));
        }
    }

    /** Until reconciliation-service's consumer group has committed an offset past the record: it has applied it. */
    private static void awaitAppliedByReconciliation(ConsumerRecord<String, String> record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.bootstrapServers()))) {
            Awaitility.await("reconciliation-service past offset " + record.offset() + " of " + partition)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        OffsetAndMetadata committed = admin.listConsumerGroupOffsets(RECONCILIATION_GROUP)
                                .partitionsToOffsetAndMetadata()
                                .get(10, TimeUnit.SECONDS)
                                .get(partition);
                        return committed != null && committed.offset() > record.offset();
                    });
        }
    }

    /**
     * The chain, hop by hop, each span the child of the one before it in another service: the upload's SERVER span
     * (child of the caller's), bank-sync's PRODUCER on bank-transactions, reconciliation's CONSUMER of it and its
     * PRODUCER on payment-matches, invoice-service's CONSUMER of that and its PRODUCER on invoices (the PAID); and no
     * span of the trace hangs loose (each one's parent is in the trace, or is the caller's span).
     */
    private static void assertOnePaymentTrace(List<ExportedSpan> trace, String callerSpanId) {
        assertThat(trace)
                .extracting(ExportedSpan::service)
                .as("services in the trace " + TraceText.render(trace))
                .containsAll(Set.of(BANK_SYNC, RECONCILIATION, INVOICE));
        ExportedSpan upload = find(trace, s -> s.parentSpanId().equals(callerSpanId), "the upload's span");
        assertThat(upload.service()).isEqualTo(BANK_SYNC);
        assertThat(upload.kind()).isEqualTo(ExportedSpan.Kind.SERVER);
        assertThat(upload.name()).contains("/statements");

        ExportedSpan imported = descendant(trace, upload, BANK_SYNC, ExportedSpan.Kind.PRODUCER, "bank-transactions");
        ExportedSpan decided = child(trace, imported, RECONCILIATION, ExportedSpan.Kind.CONSUMER, "bank-transactions");
        ExportedSpan matched =
                descendant(trace, decided, RECONCILIATION, ExportedSpan.Kind.PRODUCER, "payment-matches");
        ExportedSpan paid = child(trace, matched, INVOICE, ExportedSpan.Kind.CONSUMER, "payment-matches");
        descendant(trace, paid, INVOICE, ExportedSpan.Kind.PRODUCER, "invoices");

        Set<String> ids = trace.stream().map(ExportedSpan::spanId).collect(Collectors.toSet());
        assertThat(trace)
                .as("spans whose parent is neither in the trace nor the caller's span")
                .allSatisfy(s -> assertThat(s.parentSpanId()).isIn(union(ids, callerSpanId)));
    }

    private static ExportedSpan child(
            List<ExportedSpan> trace, ExportedSpan parent, String service, ExportedSpan.Kind kind, String topic) {
        return find(
                trace,
                s -> s.isChildOf(parent) && matches(s, service, kind, topic),
                kind + " span of " + service + " on " + topic + ", child of " + parent.name());
    }

    /** The span of that service, kind and topic below {@code ancestor} (a relay's PRODUCER is the writer's child). */
    private static ExportedSpan descendant(
            List<ExportedSpan> trace, ExportedSpan ancestor, String service, ExportedSpan.Kind kind, String topic) {
        Map<String, ExportedSpan> byId =
                trace.stream().collect(Collectors.toMap(ExportedSpan::spanId, Function.identity(), (a, b) -> a));
        return find(
                trace,
                s -> matches(s, service, kind, topic) && below(s, ancestor, byId),
                kind + " span of " + service + " on " + topic + ", below " + ancestor.name());
    }

    private static boolean below(ExportedSpan span, ExportedSpan ancestor, Map<String, ExportedSpan> byId) {
        ExportedSpan at = span;
        for (int depth = 0; depth < byId.size() && at != null; depth++) {
            if (at.isChildOf(ancestor)) {
                return true;
            }
            at = byId.get(at.parentSpanId());
        }
        return false;
    }

    private static boolean matches(ExportedSpan s, String service, ExportedSpan.Kind kind, String topic) {
        // the topic: the semantic-convention attribute, or the span's name ("<topic> publish", "<topic> process");
        // of a consumer's two CONSUMER spans, the Kafka connector's "<topic> receive" and the "<topic> process" in
        // which the event is applied (ProcessingSpan), the second
        return s.service().equals(service)
                && s.kind() == kind
                && (topic.equals(s.attributes().get("messaging.destination.name"))
                        || s.name().startsWith(topic + " "))
                && (kind != ExportedSpan.Kind.CONSUMER || TraceText.isProcessing(s));
    }

    private static ExportedSpan find(List<ExportedSpan> trace, Predicate<ExportedSpan> which, String what) {
        Optional<ExportedSpan> found = trace.stream().filter(which).findFirst();
        assertThat(found).as(what + " in " + TraceText.render(trace)).isPresent();
        return found.get();
    }

    private static Set<String> union(Set<String> ids, String one) {
        return Stream.concat(ids.stream(), Stream.of(one)).collect(Collectors.toSet());
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** camt.053 with one booked credit: the customer's transfer naming the invoice, booked today in Paris. */
    private static String camt053(String iban, String invoiceNumber, String amount) {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>TRACE-%1$s</MsgId><CreDtTm>%2$sT06:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>TRACE-STMT-%1$s</Id>
                      <CreDtTm>%2$sT06:00:00</CreDtTm>
                      <Acct><Id><IBAN>%1$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Ntry>
                        <Amt Ccy="EUR">%4$s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                        <BookgDt><Dt>%2$s</Dt></BookgDt><ValDt><Dt>%2$s</Dt></ValDt>
                        <AcctSvcrRef>TRACE-%3$s</AcctSvcrRef>
                        <NtryDtls><TxDtls>
                          <RltdPties><Dbtr><Pty><Nm>TRACEABLE SARL</Nm></Pty></Dbtr>
                            <DbtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></DbtrAcct></RltdPties>
                          <RmtInf><Ustrd>Reglement facture %3$s merci</Ustrd></RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(iban, today, invoiceNumber, amount);
    }
}
