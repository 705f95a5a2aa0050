package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.Allocation;
import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.LettrageEvent;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.events.Topics;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvoiceEventsTest {

    @Inject
    Outbox outbox;

    @Test
    void issuingPublishesASchemaValidInvoiceIssuedWithCloudEventHeaders() {
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES)) {
            String id = InvoiceResourceTest.createAndIssue("alice", "Outbox SARL", "420.00");
            var record = probe.await(
                    r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            assertThat(TopicProbe.header(record, CloudEventHeaders.TYPE)).isEqualTo("lettrage.InvoiceIssued.v1");
            assertThat(TopicProbe.header(record, CloudEventHeaders.SPEC_VERSION))
                    .isEqualTo("1.0");
            assertThat(TopicProbe.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/invoice-service");
            assertThat(TopicProbe.header(record, CloudEventHeaders.TENANT_ID)).isEqualTo("acme");
            assertThat(TopicProbe.header(record, CloudEventHeaders.ID)).isNotBlank();
            assertThat(record.key()).isEqualTo("acme:" + id);
            EventSchemas.assertValid(EventType.INVOICE_ISSUED, record.value());
            InvoiceIssued issued = EventJson.read(record.value(), InvoiceIssued.class);
            assertThat(issued.totalAmount()).isEqualTo(new BigDecimal("420.00"));
            assertThat(issued.paymentReference()).startsWith("RF");
        }
    }

    @Test
    void anEventIsPublishedAfterCommitAndNeverAfterRollback() throws Throwable {
        String rolledBack = UUID.randomUUID().toString();
        String committed = UUID.randomUUID().toString();
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES)) {
            Throwable failure = null;
            try {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.append(
                                "Invoice", cancelled(rolledBack))
                        .flatMap(x -> Uni.createFrom().failure(new IllegalStateException("the state change failed")))));
            } catch (IllegalStateException e) {
                failure = e;
            }
            assertThat(failure).hasMessage("the state change failed");
            VertxContextSupport.subscribeAndAwait(
                    () -> Panache.withTransaction(() -> outbox.append("Invoice", cancelled(committed))));
            // the relay publishes in outbox order: once the later, committed event is there, the rolled back one would
            // be too
            probe.await(r -> committed.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            assertThat(probe.all()).noneMatch(r -> rolledBack.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)));
            assertThat(probe.all())
                    .filteredOn(r -> committed.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)))
                    .hasSize(1);
        }
    }

    @Test
    void paymentMatchedIsAppliedOnceAndPaymentUnmatchedGivesItBack() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Paying Customer GmbH", "300.00");
        String number = invoice("alice", id).getString("number");
        String matchId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        PaymentMatched partial = matched(matchId, "acme", id, number, "100.00");

        publish(eventId, partial);
        awaitInvoice(id, "PARTIALLY_PAID", "200.00");
        publish(eventId, partial); // the same event again (a redelivery)
        publish(UUID.randomUUID().toString(), partial); // the same match under another event id
        String rest = UUID.randomUUID().toString();
        publish(UUID.randomUUID().toString(), matched(rest, "acme", id, number, "250.00")); // 50.00 more than due
        JsonPath paid = awaitInvoice(id, "PAID", "0.00");
        assertThat(paid.getString("creditAmount")).isEqualTo("50.00");
        List<String> payments = given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/invoices/" + id + "/payments")
                .then()
                .statusCode(200)
                .extract()
                .path("matchId");
        assertThat(payments).containsExactly(matchId, rest);

        publish(
                UUID.randomUUID().toString(),
                new PaymentUnmatched(
                        rest,
                        "acme",
                        partial.transactionId(),
                        List.of(new Allocation(id, number, new BigDecimal("250.00"), "EUR")),
                        "wrong invoice",
                        Instant.now()));
        JsonPath back = awaitInvoice(id, "PARTIALLY_PAID", "200.00");
        assertThat(back.getString("creditAmount")).isEqualTo("0.00");
    }

    @Test
    void anotherTenantsMatchNeverTouchesTheInvoice() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Cross Tenant Ltd", "80.00");
        String number = invoice("alice", id).getString("number");
        publish(UUID.randomUUID().toString(), matched(UUID.randomUUID().toString(), "globex", id, number, "80.00"));
        // a later event of acme is applied: the globex one, earlier on the same key order, was ignored
        publish(UUID.randomUUID().toString(), matched(UUID.randomUUID().toString(), "acme", id, number, "30.00"));
        awaitInvoice(id, "PARTIALLY_PAID", "50.00");
    }

    @Test
    void aPaymentMatchedForgedByAnotherProducerOrForAnotherTenantsHeaderIsDeadLettered_andNotApplied() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Forged Payment SA", "40.00");
        String number = invoice("alice", id).getString("number");
        try (TopicProbe dlq =
                new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.deadLetter(Topics.PAYMENT_MATCHES))) {
            PaymentMatched forged = matched(UUID.randomUUID().toString(), "acme", id, number, "40.00");
            String fromElsewhere = UUID.randomUUID().toString();
            String otherTenant = UUID.randomUUID().toString();
            for (String[] headers : List.of(
                    new String[] {fromElsewhere, "/bank-sync-service", "acme"},
                    new String[] {otherTenant, EventType.PAYMENT_MATCHED.source(), "globex"})) {
                TopicProbe.send(
                        ServiceTestStack.bootstrapServers(),
                        Topics.PAYMENT_MATCHES,
                        forged.key(),
                        EventJson.write(forged),
                        CloudEventHeaders.ID,
                        headers[0],
                        CloudEventHeaders.TYPE,
                        EventType.PAYMENT_MATCHED.ceType(),
                        CloudEventHeaders.SPEC_VERSION,
                        "1.0",
                        CloudEventHeaders.SOURCE,
                        headers[1],
                        CloudEventHeaders.TENANT_ID,
                        headers[2]);
            }
            dlq.await(r -> fromElsewhere.equals(TopicProbe.header(r, CloudEventHeaders.ID)), Duration.ofSeconds(30));
            dlq.await(r -> otherTenant.equals(TopicProbe.header(r, CloudEventHeaders.ID)), Duration.ofSeconds(30));
            // neither forged 40.00 was applied: a genuine 15.00 leaves 25.00 due
            publish(UUID.randomUUID().toString(), matched(UUID.randomUUID().toString(), "acme", id, number, "15.00"));
            awaitInvoice(id, "PARTIALLY_PAID", "25.00");
        }
    }

    @Test
    void aPoisonMessageGoesToTheDeadLetterTopicAndTheNextOneIsApplied() {
        String id = InvoiceResourceTest.createAndIssue("alice", "After Poison BV", "10.00");
        String number = invoice("alice", id).getString("number");
        try (TopicProbe dlq =
                new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.deadLetter(Topics.PAYMENT_MATCHES))) {
            String poisonId = UUID.randomUUID().toString();
            TopicProbe.send(
                    ServiceTestStack.bootstrapServers(),
                    Topics.PAYMENT_MATCHES,
                    "acme:tx-poison",
                    "{not json",
                    CloudEventHeaders.ID,
                    poisonId,
                    CloudEventHeaders.TYPE,
                    EventType.PAYMENT_MATCHED.ceType());
            publish(UUID.randomUUID().toString(), matched(UUID.randomUUID().toString(), "acme", id, number, "10.00"));
            awaitInvoice(id, "PAID", "0.00");
            var dead =
                    dlq.await(r -> poisonId.equals(TopicProbe.header(r, CloudEventHeaders.ID)), Duration.ofSeconds(20));
            assertThat(dead.value()).isEqualTo("{not json");
        }
    }

    @Test
    void aBatchWhoseTransactionFailsMidwayAppliesTheGoodRecordsOnceAndDeadLettersTheBadOne() throws Exception {
        // the failing record's effect throws after the record before it wrote: the batch's transaction rolls back
        batchWithBadRecords(false);
    }

    @Test
    void aBatchWithAnUnparseableRecordAppliesTheGoodRecordsOnceAndDeadLettersTheBadOnes() throws Exception {
        batchWithBadRecords(true);
    }

    /**
     * One batch (one key, one produce request, so one poll and one transaction on the set-based path), in this order:
     * m1 pays 30.00 on A and all 50.00 of B; m2 pays 80.00 on A (10.00 over what is due: a credit); m1's event
     * again (a redelivery inside the batch); m1 under another event id (the same match again); m2 undone. Each
     * allocation must see the ones before it in the batch, and the InvoiceChanged events must leave in that order.
     */
    @Test
    void aBatchIsAppliedInOrderEachInvoiceSeeingTheAllocationsBeforeItsOwn() throws Exception {
        String a = InvoiceResourceTest.createAndIssue("alice", "Batch Order SA", "100.00");
        String b = InvoiceResourceTest.createAndIssue("alice", "Batch Order SA", "50.00");
        String numberA = invoice("alice", a).getString("number"),
                numberB = invoice("alice", b).getString("number");
        long versionA = invoice("alice", a).getLong("version");
        String m1 = UUID.randomUUID().toString(), m2 = UUID.randomUUID().toString();
        PaymentMatched pays1 = new PaymentMatched(
                m1,
                "acme",
                "tx-" + m1,
                List.of(
                        new Allocation(a, numberA, new BigDecimal("30.00"), "EUR"),
                        new Allocation(b, numberB, new BigDecimal("50.00"), "EUR")),
                MatchDecision.AUTO,
                0.99,
                List.of("test"),
                LocalDate.now(),
                Instant.now());
        PaymentMatched pays2 = matched(m2, "acme", a, numberA, "80.00");
        PaymentUnmatched undo2 = new PaymentUnmatched(
                m2,
                "acme",
                pays2.transactionId(),
                List.of(new Allocation(a, numberA, new BigDecimal("80.00"), "EUR")),
                "wrong invoice",
                Instant.now());
        String e1 = UUID.randomUUID().toString();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ServiceTestStack.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "100"); // one produce request
        try (TopicProbe changes = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES);
                KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            String key = "acme:batch-order-" + m1; // one key: one partition, in this order
            producer.send(record(key, e1, pays1));
            producer.send(record(key, UUID.randomUUID().toString(), pays2));
            producer.send(record(key, e1, pays1));
            producer.send(record(key, UUID.randomUUID().toString(), pays1));
            producer.send(record(key, UUID.randomUUID().toString(), undo2));
            producer.flush();

            JsonPath invoiceA = awaitInvoice(a, "PARTIALLY_PAID", "70.00");
            assertThat(invoiceA.getString("creditAmount")).isEqualTo("0.00"); // the credit of m2 went back first
            assertThat(invoiceA.getLong("version")).isGreaterThan(versionA); // an ETag taken before no longer matches
            awaitInvoice(b, "PAID", "0.00");
            List<Map<String, Object>> payments = given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/invoices/" + a + "/payments")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("");
            assertThat(payments).extracting(m -> m.get("matchId")).containsExactly(m1, m2);
            assertThat(payments).extracting(m -> m.get("reversedAt") != null).containsExactly(false, true);

            // A's InvoiceChanged, in the order of the batch: 70.00 due, paid with a credit, 70.00 due again
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(changes.all().stream()
                                    .filter(r -> r.value().contains("\"invoiceId\":\"" + a + "\"")
                                            && r.value().contains("PAYMENT_"))
                                    .map(r -> io.restassured.path.json.JsonPath.from(r.value()))
                                    .map(j -> j.getString("change") + " " + j.getString("status") + " "
                                            + j.getString("amountDue"))
                                    .toList())
                            .containsExactly(
                                    "PAYMENT_APPLIED PARTIALLY_PAID 70.00",
                                    "PAYMENT_APPLIED PAID 0.00",
                                    "PAYMENT_REVERSED PARTIALLY_PAID 70.00"));
        }
    }

    /**
     * Sends, on one key and in one produce request (so the consumer polls them as one batch): a payment of 10.00, a
     * match whose effect fails, the 10.00 again under the same event id, optionally a record that cannot be parsed,
     * and a payment of 20.00. The good ones are applied once each, the bad ones end on the dead-letter topic.
     */
    private static void batchWithBadRecords(boolean withUnparseable) throws Exception {
        String id = InvoiceResourceTest.createAndIssue("alice", "Batch Poison SARL", "100.00");
        String number = invoice("alice", id).getString("number");
        String first = UUID.randomUUID().toString(), second = UUID.randomUUID().toString();
        String firstEvent = UUID.randomUUID().toString(),
                secondEvent = UUID.randomUUID().toString();
        PaymentMatched pays10 = matched(first, "acme", id, number, "10.00");
        // parses, but its effect fails in the transaction (a write-off above the allocated amount), after pays10 wrote
        PaymentMatched failing = new PaymentMatched(
                UUID.randomUUID().toString(),
                "acme",
                pays10.transactionId(),
                List.of(new Allocation(id, number, new BigDecimal("5.00"), "EUR", new BigDecimal("6.00"))),
                MatchDecision.AUTO,
                0.99,
                List.of("test"),
                LocalDate.now(),
                Instant.now());
        String failingEvent = UUID.randomUUID().toString(),
                unparseableEvent = UUID.randomUUID().toString();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ServiceTestStack.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "100"); // one produce request
        try (TopicProbe dlq =
                        new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.deadLetter(Topics.PAYMENT_MATCHES));
                KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            // one key: one partition, in this order
            String key = pays10.key();
            producer.send(record(key, firstEvent, pays10));
            producer.send(record(key, failingEvent, failing));
            producer.send(record(key, firstEvent, pays10)); // a redelivery within the batch
            if (withUnparseable) {
                ProducerRecord<String, String> unparseable =
                        new ProducerRecord<>(Topics.PAYMENT_MATCHES, key, "{not json");
                unparseable.headers().add(CloudEventHeaders.ID, unparseableEvent.getBytes(StandardCharsets.UTF_8));
                unparseable
                        .headers()
                        .add(
                                CloudEventHeaders.TYPE,
                                EventType.PAYMENT_MATCHED.ceType().getBytes(StandardCharsets.UTF_8));
                producer.send(unparseable);
            }
            producer.send(record(key, secondEvent, matched(second, "acme", id, number, "20.00")));
            producer.flush();

            dlq.await(r -> failingEvent.equals(TopicProbe.header(r, CloudEventHeaders.ID)), Duration.ofSeconds(30));
            if (withUnparseable) {
                dlq.await(
                        r -> unparseableEvent.equals(TopicProbe.header(r, CloudEventHeaders.ID)),
                        Duration.ofSeconds(30));
            }
            JsonPath paid = awaitInvoice(id, "PARTIALLY_PAID", "70.00"); // 10.00 and 20.00, each once
            assertThat(paid.getString("writtenOffAmount")).isEqualTo("0.00");
            List<String> payments = given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/invoices/" + id + "/payments")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("matchId");
            assertThat(payments).containsExactly(first, second);
            assertThat(dlq.during(
                            Duration.ofSeconds(2),
                            r -> List.of(firstEvent, secondEvent).contains(TopicProbe.header(r, CloudEventHeaders.ID))))
                    .isEmpty();
        }
    }

    static ProducerRecord<String, String> record(String key, String eventId, LettrageEvent event) {
        ProducerRecord<String, String> r =
                new ProducerRecord<>(event.eventType().topic(), key, EventJson.write(event));
        r.headers().add(CloudEventHeaders.ID, eventId.getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TYPE, event.eventType().ceType().getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.SOURCE, event.eventType().source().getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.TENANT_ID, event.tenantId().getBytes(StandardCharsets.UTF_8));
        return r;
    }

    static PaymentMatched matched(String matchId, String tenant, String invoiceId, String number, String amount) {
        return new PaymentMatched(
                matchId,
                tenant,
                "tx-" + matchId,
                List.of(new Allocation(invoiceId, number, new BigDecimal(amount), "EUR")),
                MatchDecision.AUTO,
                0.99,
                List.of("test"),
                LocalDate.now(),
                Instant.now());
    }

    static InvoiceCancelled cancelled(String invoiceId) {
        return new InvoiceCancelled(invoiceId, "acme", "TEST-" + invoiceId, null, null, "outbox test", Instant.now());
    }

    static void publish(String eventId, LettrageEvent event) {
        TopicProbe.send(
                ServiceTestStack.bootstrapServers(),
                event.eventType().topic(),
                event.key(),
                EventJson.write(event),
                CloudEventHeaders.ID,
                eventId,
                CloudEventHeaders.TYPE,
                event.eventType().ceType(),
                CloudEventHeaders.SPEC_VERSION,
                "1.0",
                CloudEventHeaders.SOURCE,
                event.eventType().source(),
                CloudEventHeaders.TENANT_ID,
                event.tenantId());
    }

    static JsonPath invoice(String user, String id) {
        return given().header("Authorization", Tokens.bearer(user))
                .get("/api/invoices/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath awaitInvoice(String id, String status, String amountDue) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    last[0] = invoice("alice", id);
                    assertThat(last[0].getString("status")).isEqualTo(status);
                    assertThat(last[0].getString("amountDue")).isEqualTo(amountDue);
                });
        return last[0];
    }
}
