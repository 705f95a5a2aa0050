package app.lettrage.reconciliation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.LettrageEvent;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReconciliationFlowTest {

    /** The management interface (health, metrics, OpenAPI): a port of its own, not the application port. */
    @TestHTTPResource(value = "", management = true)
    URI management;

    private static final AtomicInteger NUMBERS = new AtomicInteger(100);

    @Test
    void aTransactionCarryingTheNumberAndTheAmountDueIsMatchedOnceAndCanBeUndone() {
        String number = nextNumber();
        String invoiceId = issue("acme", number, "1250.00");
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            TransactionImported tx = transaction(
                    "acme", "1250.00", "Facture " + number.replace("-", " ").toLowerCase() + " merci");
            String eventId = UUID.randomUUID().toString();
            publish(eventId, tx);
            ConsumerRecord<String, String> record = matches.await(r -> isMatchOf(r, tx), Duration.ofSeconds(30));
            EventSchemas.assertValid(EventType.PAYMENT_MATCHED, record.value());
            assertThat(record.key()).isEqualTo("acme:" + tx.transactionId());
            assertThat(TopicProbe.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/reconciliation-service");
            PaymentMatched matched = EventJson.read(record.value(), PaymentMatched.class);
            assertThat(matched.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoiceId);
                assertThat(a.invoiceNumber()).isEqualTo(number);
                assertThat(a.amount()).isEqualTo(new BigDecimal("1250.00"));
            });
            assertThat(matched.reasons()).anyMatch(r -> r.contains(number));

            // the same event again, and the same transaction under a new event id: no second PaymentMatched
            publish(eventId, tx);
            publish(UUID.randomUUID().toString(), tx);
            // and a second payment of the same amount and reference: the invoice is settled, nothing left to match
            TransactionImported second = transaction("acme", "1250.00", "Facture " + number);
            publish(UUID.randomUUID().toString(), second);
            awaitDecidedNotMatched(second.transactionId());
            assertThat(matches.during(Duration.ofSeconds(2), r -> isMatchOf(r, tx) || isMatchOf(r, second)))
                    .hasSize(1);

            given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/matches/" + matched.matchId())
                    .then()
                    .statusCode(200)
                    .body("transactionId", equalTo(tx.transactionId()))
                    .body("allocations[0].amount", equalTo("1250.00"))
                    .body("decidedBy", equalTo("AUTO"));
            given().header("Authorization", Tokens.bearer("vera"))
                    .queryParam("state", "MATCHED")
                    .get("/api/transactions")
                    .then()
                    .statusCode(200)
                    .body("transactionId", hasItem(tx.transactionId()));

            // undo: roles, tenancy, once
            given().post("/api/matches/" + matched.matchId() + "/undo").then().statusCode(401);
            given().header("Authorization", Tokens.bearer("vera"))
                    .post("/api/matches/" + matched.matchId() + "/undo")
                    .then()
                    .statusCode(403);
            given().header("Authorization", Tokens.bearer("bruno"))
                    .post("/api/matches/" + matched.matchId() + "/undo")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
            given().header("Authorization", Tokens.bearer("bruno"))
                    .get("/api/matches/" + matched.matchId())
                    .then()
                    .statusCode(404);
            given().header("Authorization", Tokens.bearer("arthur"))
                    .queryParam("reason", "wrong customer")
                    .post("/api/matches/" + matched.matchId() + "/undo")
                    .then()
                    .statusCode(200)
                    .body("undoneBy", equalTo("arthur"));
            given().header("Authorization", Tokens.bearer("arthur"))
                    .post("/api/matches/" + matched.matchId() + "/undo")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");
            ConsumerRecord<String, String> undone = matches.await(
                    r -> EventType.PAYMENT_UNMATCHED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                            && matched.matchId().equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)),
                    Duration.ofSeconds(20));
            EventSchemas.assertValid(EventType.PAYMENT_UNMATCHED, undone.value());
            assertThat(EventJson.read(undone.value(), PaymentUnmatched.class).reason())
                    .isEqualTo("wrong customer");
            assertThat(matches.during(
                            Duration.ofSeconds(1),
                            r -> EventType.PAYMENT_UNMATCHED
                                            .ceType()
                                            .equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                                    && matched.matchId().equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))))
                    .hasSize(1);

            // the amount due is back: the next paying transaction is matched again
            TransactionImported again = transaction("acme", "1250.00", number);
            publish(UUID.randomUUID().toString(), again);
            matches.await(r -> isMatchOf(r, again), Duration.ofSeconds(30));
        }
    }

    @Test
    void aLargeOverpaymentOtherTenantOutgoingOrPendingIsNeverMatchedAutomatically() {
        String number = nextNumber();
        issue("acme", number, "300.00");
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            // the reference names the invoice, but 450.00 for 300.00 due is not a settlement a machine may assume
            TransactionImported overpaid = transaction("acme", "450.00", number);
            TransactionImported otherTenant = transaction("globex", "300.00", number);
            TransactionImported outgoing = transaction("acme", "-300.00", number);
            TransactionImported pending = new TransactionImported(
                    UUID.randomUUID().toString(),
                    "acme",
                    "acc-1",
                    null,
                    TransactionImported.Source.API,
                    TransactionImported.BookingStatus.PENDING,
                    new BigDecimal("300.00"),
                    "EUR",
                    LocalDate.now(),
                    null,
                    null,
                    null,
                    null,
                    number,
                    null,
                    null,
                    null,
                    null,
                    null,
                    Instant.now());
            for (TransactionImported t : List.of(overpaid, otherTenant, outgoing, pending)) {
                publish(UUID.randomUUID().toString(), t);
            }
            awaitState(overpaid.transactionId(), "SUGGESTED");
            awaitDecidedNotMatched(outgoing.transactionId());
            awaitState(pending.transactionId(), "PENDING");
            assertThat(matches.during(
                            Duration.ofSeconds(2),
                            r -> List.of(overpaid, otherTenant, outgoing, pending).stream()
                                    .anyMatch(t -> isMatchOf(r, t))))
                    .isEmpty();
            // globex sees its own transaction, acme does not
            given().header("Authorization", Tokens.bearer("bruno"))
                    .get("/api/transactions")
                    .then()
                    .statusCode(200)
                    .body("transactionId", hasItem(otherTenant.transactionId()));
            given().header("Authorization", Tokens.bearer("alice"))
                    .get("/api/transactions")
                    .then()
                    .statusCode(200)
                    .body("transactionId", not(hasItem(otherTenant.transactionId())));
            given().header("Authorization", Tokens.bearer("bruno"))
                    .get("/api/transactions/" + overpaid.transactionId())
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void aPaymentBeforeItsInvoiceIsMatchedWhenTheInvoiceArrives() {
        String number = nextNumber();
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            TransactionImported early = transaction("acme", "612.40", "Reglement " + number);
            publish(UUID.randomUUID().toString(), early);
            awaitDecidedNotMatched(early.transactionId());
            String invoiceId = issue("acme", number, "612.40");
            PaymentMatched matched = EventJson.read(
                    matches.await(r -> isMatchOf(r, early), Duration.ofSeconds(30))
                            .value(),
                    PaymentMatched.class);
            assertThat(matched.decidedBy()).isEqualTo(MatchDecision.AUTO);
            assertThat(matched.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoiceId);
                assertThat(a.amount()).isEqualByComparingTo("612.40");
            });
        }
    }

    @Test
    void aBankFeeWithinToleranceIsWrittenOffAndTheInvoiceSettled() {
        // a SEPA credit transfer: a shortfall up to the channel's fee range (2.50) is a fee; see MatchingSettings
        String number = nextNumber();
        String invoiceId = issue("acme", number, "800.00");
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            TransactionImported net = transaction("acme", "798.00", "Facture " + number);
            publish(UUID.randomUUID().toString(), net);
            ConsumerRecord<String, String> record = matches.await(r -> isMatchOf(r, net), Duration.ofSeconds(30));
            EventSchemas.assertValid(EventType.PAYMENT_MATCHED, record.value());
            PaymentMatched matched = EventJson.read(record.value(), PaymentMatched.class);
            assertThat(matched.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoiceId);
                assertThat(a.amount()).isEqualTo(new BigDecimal("800.00")); // what the amount due goes down by
                assertThat(a.writeOff()).isEqualTo(new BigDecimal("2.00"));
                assertThat(a.cash()).isEqualByComparingTo("798.00");
            });
            // nothing left open: the same text and amount again finds no open invoice to settle
            TransactionImported again = transaction("acme", "798.00", "Facture " + number);
            publish(UUID.randomUUID().toString(), again);
            awaitDecidedNotMatched(again.transactionId());
        }
    }

    @Test
    void aBookedTransactionSupersedingItsPendingVersionIsMatchedOnceAndAMatchCarriesOverToANewVersion() {
        String number = nextNumber();
        issue("acme", number, "431.20");
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            TransactionImported pending = new TransactionImported(
                    UUID.randomUUID().toString(),
                    "acme",
                    "acc-1",
                    null,
                    TransactionImported.Source.API,
                    TransactionImported.BookingStatus.PENDING,
                    new BigDecimal("431.20"),
                    "EUR",
                    LocalDate.now(),
                    null,
                    "CLIENT SA",
                    null,
                    null,
                    "Facture " + number,
                    null,
                    null,
                    null,
                    null,
                    null,
                    Instant.now());
            publish(UUID.randomUUID().toString(), pending);
            awaitState(pending.transactionId(), "PENDING");
            TransactionImported booked = superseding(pending);
            publish(UUID.randomUUID().toString(), booked);
            PaymentMatched matched = EventJson.read(
                    matches.await(r -> isMatchOf(r, booked), Duration.ofSeconds(30))
                            .value(),
                    PaymentMatched.class);
            awaitState(pending.transactionId(), "SUPERSEDED");
            // a corrected version of the booked transaction: the match moves to it, nothing is published again
            TransactionImported corrected = superseding(booked);
            publish(UUID.randomUUID().toString(), corrected);
            awaitState(corrected.transactionId(), "MATCHED");
            awaitState(booked.transactionId(), "SUPERSEDED");
            assertThat(matches.during(
                            Duration.ofSeconds(2),
                            r -> EventType.PAYMENT_MATCHED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                                    && (r.value().contains(pending.transactionId())
                                            || r.value().contains(booked.transactionId())
                                            || r.value().contains(corrected.transactionId()))))
                    .hasSize(1);
            given().header("Authorization", Tokens.bearer("alice"))
                    .get("/api/transactions/" + corrected.transactionId())
                    .then()
                    .statusCode(200)
                    .body("matchId", equalTo(matched.matchId()));
        }
    }

    static TransactionImported superseding(TransactionImported previous) {
        return new TransactionImported(
                UUID.randomUUID().toString(),
                previous.tenantId(),
                previous.accountId(),
                null,
                TransactionImported.Source.API,
                TransactionImported.BookingStatus.BOOKED,
                previous.amount(),
                "EUR",
                LocalDate.now(),
                LocalDate.now(),
                previous.counterpartyName(),
                null,
                null,
                previous.remittanceInformation(),
                null,
                null,
                null,
                null,
                previous.transactionId(),
                Instant.now());
    }

    @Test
    void poisonGoesToTheDeadLetterTopicAndTheStreamMovesOn() {
        try (TopicProbe dlq =
                new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.deadLetter(Topics.BANK_TRANSACTIONS))) {
            String poisonId = UUID.randomUUID().toString();
            TopicProbe.send(
                    ServiceTestStack.bootstrapServers(),
                    Topics.BANK_TRANSACTIONS,
                    "acme:acc-1",
                    "{\"transactionId\": 42, \"amount\": [] }",
                    CloudEventHeaders.ID,
                    poisonId,
                    CloudEventHeaders.TYPE,
                    EventType.TRANSACTION_IMPORTED.ceType());
            TransactionImported after = noise("acme", "1.00");
            publish(UUID.randomUUID().toString(), after);
            awaitState(after.transactionId(), "UNMATCHED");
            dlq.await(r -> poisonId.equals(TopicProbe.header(r, CloudEventHeaders.ID)), Duration.ofSeconds(30));
        }
    }

    @Test
    void everyEndpointNeedsAToken() {
        given().get("/api/transactions").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/matches").then().statusCode(401);
        given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/matches/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        given().header("Authorization", Tokens.bearer("alice"))
                .queryParam("size", 100000)
                .get("/api/matches")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().get(management.resolve("health/ready")).then().statusCode(200);
        // the application port, which the ingress routes, serves none of the management endpoints
        given().get("/q/openapi").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().get(management.resolve("openapi"))
                .then()
                .statusCode(200)
                .body(containsString("/api/transactions/{id}/confirm"))
                .body(containsString("/api/transactions/bulk-confirm"))
                .body(containsString("/api/transactions/bulk-reject"))
                .body(containsString("/api/transactions/{id}/reverses"))
                .body(containsString("/api/settings"));
        given().get(management.resolve("metrics")).then().statusCode(200);
    }

    @Test
    void decisionsAreCountedByOutcomeAndTimed() {
        TransactionImported nothing = noise("acme", "2.00");
        publish(UUID.randomUUID().toString(), nothing);
        awaitState(nothing.transactionId(), "UNMATCHED");
        given().get(management.resolve("metrics"))
                .then()
                .statusCode(200)
                .body(containsString("lettrage_reconciliation_decision_latency_seconds_count"))
                .body(containsString("lettrage_reconciliation_decisions_total{outcome=\"UNMATCHED\""));
    }

    static boolean isMatchOf(ConsumerRecord<String, String> r, TransactionImported tx) {
        return EventType.PAYMENT_MATCHED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                && r.value().contains(tx.transactionId());
    }

    static String nextNumber() {
        return "FV-2026-" + String.format("%05d", NUMBERS.incrementAndGet())
                + UUID.randomUUID().toString().substring(0, 4).toUpperCase().replaceAll("[^A-Z]", "X");
    }

    static String issue(String tenant, String number, String amount) {
        String id = UUID.randomUUID().toString();
        publish(
                UUID.randomUUID().toString(),
                new InvoiceIssued(
                        id,
                        tenant,
                        InvoiceDirection.SALES,
                        number,
                        null,
                        (ReferenceType) null,
                        "Client SA",
                        null,
                        null,
                        "EUR",
                        new BigDecimal(amount),
                        new BigDecimal(amount),
                        LocalDate.now(),
                        LocalDate.now().plusDays(30),
                        Instant.now()));
        return id;
    }

    static TransactionImported transaction(String tenant, String amount, String remittance) {
        return new TransactionImported(
                UUID.randomUUID().toString(),
                tenant,
                "acc-1",
                "FR7630006000011234567890189",
                TransactionImported.Source.API,
                TransactionImported.BookingStatus.BOOKED,
                new BigDecimal(amount),
                "EUR",
                LocalDate.now(),
                LocalDate.now(),
                "CLIENT SA",
                null,
                null,
                remittance,
                null,
                null,
                null,
                null,
                null,
                Instant.now());
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

    /** A payment nobody could explain: a payer no invoice names, no reference. */
    static TransactionImported noise(String tenant, String amount) {
        return new TransactionImported(
                UUID.randomUUID().toString(),
                tenant,
                "acc-1",
                "FR7630006000011234567890189",
                TransactionImported.Source.API,
                TransactionImported.BookingStatus.BOOKED,
                new BigDecimal(amount),
                "EUR",
                LocalDate.now(),
                LocalDate.now(),
                "NOBODY KNOWN " + UUID.randomUUID().toString().substring(0, 8),
                null,
                null,
                "nothing to see",
                null,
                null,
                null,
                null,
                null,
                Instant.now());
    }

    /**
     * Waits until the transaction is decided and not matched. Whether it is UNMATCHED or SUGGESTED can depend on the
     * other tests' open invoices of the same payer; what these tests assert is that it is not matched.
     */
    static void awaitDecidedNotMatched(String transactionId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer("alice"))
                        .get("/api/transactions/" + transactionId)
                        .then()
                        .statusCode(200)
                        .body("state", oneOf("UNMATCHED", "SUGGESTED")));
    }

    static void awaitState(String transactionId, String state) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer("alice"))
                        .queryParam("state", state)
                        .queryParam("size", 500)
                        .get("/api/transactions")
                        .then()
                        .statusCode(200)
                        .body("transactionId", hasItem(transactionId)));
    }
}
