package app.lettrage.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.Topics;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The flow of the platform on the real stack: an invoice issued in invoice-service, a paying transaction imported
 * in bank-sync-service, matched by reconciliation-service over Kafka, the invoice PAID; tenancy and replay safety;
 * and the latency from import to PAID.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    static String accountId;

    @BeforeAll
    static void startStack() {
        Stack.ensureUp();
        accountId = as("alice", Stack.BANK_SYNC)
                .contentType(ContentType.JSON)
                .body(
                        "{\"iban\": \"FR76 3000 6000 0112 3456 7890 189\", \"currency\": \"EUR\", \"name\": \"Compte courant\"}")
                .post("/api/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    @Order(1)
    void aPaymentImportedInBankSyncMarksTheInvoicePaidAndOnlyOnce() {
        try (TopicProbe matches = new TopicProbe(Stack.bootstrapServers(), Topics.PAYMENT_MATCHES);
                TopicProbe imported = new TopicProbe(Stack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            JsonPath invoice = issueInvoice("alice", "Dupont SARL", "1250.00");
            String invoiceId = invoice.getString("id");
            String number = invoice.getString("number");

            String batch = batch(number, "1250.00", "PAY-" + number);
            JsonPath summary = importBatch("alice", batch);
            assertThat(summary.getInt("imported")).isEqualTo(1);
            String transactionId = summary.getString("transactionIds[0]");

            ConsumerRecord<String, String> matched = matches.await(
                    r -> EventType.PAYMENT_MATCHED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                            && r.value().contains(transactionId),
                    Duration.ofSeconds(60));
            EventSchemas.assertValid(EventType.PAYMENT_MATCHED, matched.value());
            PaymentMatched event = EventJson.read(matched.value(), PaymentMatched.class);
            assertThat(event.tenantId()).isEqualTo("acme");
            assertThat(event.allocations())
                    .singleElement()
                    .satisfies(a -> assertThat(a.invoiceId()).isEqualTo(invoiceId));

            awaitInvoice("alice", invoiceId, "PAID", "0.00");
            as("vera", Stack.RECONCILIATION)
                    .get("/api/matches/" + event.matchId())
                    .then()
                    .statusCode(200)
                    .body("transactionId", equalTo(transactionId));

            // the other tenant sees none of it
            as("bruno", Stack.INVOICE).get("/api/invoices/" + invoiceId).then().statusCode(404);
            as("bruno", Stack.RECONCILIATION)
                    .get("/api/matches/" + event.matchId())
                    .then()
                    .statusCode(404);
            as("bruno", Stack.BANK_SYNC)
                    .get("/api/accounts/" + accountId)
                    .then()
                    .statusCode(404);
            assertThat(as("bruno", Stack.RECONCILIATION)
                            .get("/api/matches")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("matchId"))
                    .doesNotContain(event.matchId());

            // replay: the same batch stores nothing; the same TransactionImported record again pays nothing twice
            assertThat(importBatch("alice", batch).getInt("imported")).isZero();
            ConsumerRecord<String, String> original = imported.await(
                    r -> transactionId.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(30));
            resend(original);
            assertThat(matches.during(
                            Duration.ofSeconds(5),
                            r -> EventType.PAYMENT_MATCHED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                                    && r.value().contains(transactionId)))
                    .hasSize(1);
            List<String> payments = as("alice", Stack.INVOICE)
                    .get("/api/invoices/" + invoiceId + "/payments")
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("matchId");
            assertThat(payments).containsExactly(event.matchId());
            awaitInvoice("alice", invoiceId, "PAID", "0.00");
        }
    }

    @Test
    @Order(2)
    void latencyFromImportToInvoicePaid() throws IOException {
        int n = Integer.getInteger("e2e.latency.count", 300);
        // a steady 100 payments/s (one import every 10 ms, at a fixed rate), not a burst
        long pauseMillis = Long.getLong("e2e.latency.pause-ms", 10);
        Map<String, String> invoiceByNumber = new HashMap<>();
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonPath inv = issueInvoice("arthur", "Latency Client " + i, (100 + i) + ".00");
            invoiceByNumber.put(inv.getString("id"), inv.getString("number"));
            numbers.add(inv.getString("number"));
        }
        Map<String, Long> importedAt = new HashMap<>();
        List<Long> latencies = new ArrayList<>();
        try (TopicProbe invoices = new TopicProbe(Stack.bootstrapServers(), Topics.INVOICES)) {
            invoices.all(); // joined before the first import
            Map<String, String> idByNumber = new HashMap<>();
            invoiceByNumber.forEach((id, num) -> idByNumber.put(num, id));
            long start = System.currentTimeMillis();
            for (int i = 0; i < n; i++) {
                sleep(start + i * pauseMillis - System.currentTimeMillis());
                String number = numbers.get(i);
                long t0 = System.currentTimeMillis();
                importBatch("arthur", batch(number, (100 + i) + ".00", "LAT-" + number));
                importedAt.put(idByNumber.get(number), t0);
            }
            Awaitility.await()
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> paidRecords(invoices.all(), importedAt).size() == n);
            for (ConsumerRecord<String, String> r : paidRecords(invoices.all(), importedAt)) {
                String invoiceId = TopicProbe.header(r, CloudEventHeaders.SUBJECT);
                latencies.add(r.timestamp() - importedAt.get(invoiceId));
            }
        }
        latencies.sort(Long::compare);
        long p50 = latencies.get((int) Math.ceil(0.50 * n) - 1);
        long p99 = latencies.get((int) Math.ceil(0.99 * n) - 1);
        String report = String.format(
                "{\"transactions\": %d, \"pause_ms\": %d, \"p50_ms\": %d, \"p99_ms\": %d, \"max_ms\": %d}",
                n, pauseMillis, p50, p99, latencies.get(n - 1));
        System.out.println("E2E LATENCY import -> invoice PAID: " + report);
        Files.writeString(Path.of("target", "e2e-latency.json"), report + "\n", StandardCharsets.UTF_8);
        assertThat(latencies).hasSize(n).allMatch(l -> l >= 0);
        // Wall-clock latency depends on the machine and its load, so CI records it (target/e2e-latency.json) and
        // asserts it only when asked: bin/bench e2e passes a bound. The wake-on-commit that makes it fast is proven
        // by OutboxRelayTest and OutboxNotificationsTest, which do not depend on timing.
        Long maxP99 = Long.getLong("e2e.latency.max-p99-ms");
        if (maxP99 != null) {
            assertThat(p99).as("import -> PAID p99 in ms").isLessThan(maxP99);
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first InvoiceChanged PAID of each measured invoice (one per invoice). */
    private static List<ConsumerRecord<String, String>> paidRecords(
            List<ConsumerRecord<String, String>> records, Map<String, Long> importedAt) {
        Map<String, ConsumerRecord<String, String>> first = new HashMap<>();
        for (ConsumerRecord<String, String> r : records) {
            String subject = TopicProbe.header(r, CloudEventHeaders.SUBJECT);
            if (importedAt.containsKey(subject)
                    && EventType.INVOICE_CHANGED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                    && "PAID"
                            .equals(EventJson.read(r.value(), InvoiceChanged.class)
                                    .status())) {
                first.putIfAbsent(subject, r);
            }
        }
        return new ArrayList<>(first.values());
    }

    static RequestSpecification as(String user, int port) {
        return given().baseUri(Stack.url(port)).header("Authorization", Tokens.bearer(user));
    }

    static JsonPath issueInvoice(String user, String counterparty, String amount) {
        String id = as(user, Stack.INVOICE)
                .contentType(ContentType.JSON)
                .body("""
                        {"counterpartyName": "%s", "currency": "EUR", "totalAmount": "%s", "dueDate": "%s"}""".formatted(counterparty, amount, LocalDate.now().plusDays(30)))
                .post("/api/invoices")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        return as(user, Stack.INVOICE)
                .post("/api/invoices/" + id + "/issue")
                .then()
                .statusCode(200)
                .body("status", equalTo("ISSUED"))
                .extract()
                .jsonPath();
    }

    static String batch(String number, String amount, String bankReference) {
        return """
                {"transactions": [{"bankReference": "%s", "amount": "%s", "currency": "EUR", "bookingDate": "%s",
                  "counterpartyName": "DUPONT SARL", "counterpartyIban": "DE89370400440532013000",
                  "remittanceInformation": "Reglement facture %s merci"}]}""".formatted(bankReference, amount, LocalDate.now(), number.replace("-", " "));
    }

    static JsonPath importBatch(String user, String batch) {
        return as(user, Stack.BANK_SYNC)
                .contentType(ContentType.JSON)
                .body(batch)
                .post("/api/accounts/" + accountId + "/transactions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static void awaitInvoice(String user, String id, String status, String amountDue) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    JsonPath inv = as(user, Stack.INVOICE)
                            .get("/api/invoices/" + id)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    assertThat(inv.getString("status")).isEqualTo(status);
                    assertThat(inv.getString("amountDue")).isEqualTo(amountDue);
                });
    }

    /**
     * Sends a consumed record again, byte for byte (key, value, every header): a redelivery. Returns where it landed,
     * so a test can wait until a consumer group is past it.
     */
    static RecordMetadata resend(ConsumerRecord<String, String> r) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            ProducerRecord<String, String> copy = new ProducerRecord<>(r.topic(), r.key(), r.value());
            for (Header h : r.headers()) {
                copy.headers().add(h.key(), h.value());
            }
            return producer.send(copy).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
