package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.nextNumber;
import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.oneOf;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.identifiers.Iban;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The workflow a frontend drives, over REST, against the real database, broker and Keycloak. */
@QuarkusTest
class ReconciliationWorkflowTest {

    @Test
    void aConfirmedSuggestionTeachesThePayerSoItsNextPaymentIsMatchedAutomatically() {
        // a payer of this run only: other tests in the shared tenant teach the engine other payers' IBANs
        String payerIban =
                Iban.of("DE", String.format("%018d", ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L)));
        String first = amount();
        String invoiceA = issue("acme", InvoiceDirection.SALES, nextNumber(), "Dupont Industries SARL", first);
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            // an unknown payer (another name, an IBAN nobody gave us), no reference: the amount alone is a suggestion
            TransactionImported tx1 = transaction("acme", first, "virement", "JD HOLDING", payerIban);
            publish(UUID.randomUUID().toString(), tx1);
            awaitState("alice", tx1.transactionId(), "SUGGESTED");
            given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/transactions/" + tx1.transactionId() + "/candidates")
                    .then()
                    .statusCode(200)
                    .body("[0].index", equalTo(0))
                    .body("[0].allocations[0].invoiceId", equalTo(invoiceA))
                    .body("[0].allocations[0].amount", equalTo(first))
                    .body("[0].reasons.size()", greaterThan(0));
            given().header("Authorization", Tokens.bearer("bruno"))
                    .get("/api/transactions/" + tx1.transactionId() + "/candidates")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
            given().header("Authorization", Tokens.bearer("vera"))
                    .post("/api/transactions/" + tx1.transactionId() + "/confirm")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json");
            given().header("Authorization", Tokens.bearer("bruno"))
                    .post("/api/transactions/" + tx1.transactionId() + "/confirm")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
            given().header("Authorization", Tokens.bearer("arthur"))
                    .queryParam("candidate", "x")
                    .post("/api/transactions/" + tx1.transactionId() + "/confirm")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("candidate"));
            given().header("Authorization", Tokens.bearer("arthur"))
                    .queryParam("candidate", 7)
                    .post("/api/transactions/" + tx1.transactionId() + "/confirm")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", equalTo("candidate"));

            String matchId = given().header("Authorization", Tokens.bearer("arthur"))
                    .post("/api/transactions/" + tx1.transactionId() + "/confirm")
                    .then()
                    .statusCode(200)
                    .body("decidedBy", equalTo("CONFIRMED"))
                    .body("matchedBy", equalTo("arthur"))
                    .body("allocations[0].invoiceId", equalTo(invoiceA))
                    .extract()
                    .path("matchId");
            PaymentMatched confirmed = EventJson.read(
                    matches.await(r -> isMatchOf(r, tx1), Duration.ofSeconds(30))
                            .value(),
                    PaymentMatched.class);
            assertThat(confirmed.matchId()).isEqualTo(matchId);
            assertThat(confirmed.decidedBy()).isEqualTo(MatchDecision.CONFIRMED);
            assertThat(confirmed.allocations())
                    .singleElement()
                    .satisfies(a -> assertThat(a.amount()).isEqualTo(new BigDecimal(first)));
            given().header("Authorization", Tokens.bearer("arthur"))
                    .post("/api/transactions/" + tx1.transactionId() + "/confirm")
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json");

            // the next invoice of that customer, paid from the same IBAN without a reference: now automatic, also
            // after the book was rebuilt from the database (what was learned is persisted)
            String second = amount();
            String invoiceB = issue("acme", InvoiceDirection.SALES, nextNumber(), "Dupont Industries SARL", second);
            OpenItemProbe.bumpBookVersion("acme");
            TransactionImported tx2 = transaction("acme", second, "virement", "JD HOLDING", payerIban);
            publish(UUID.randomUUID().toString(), tx2);
            PaymentMatched auto = EventJson.read(
                    matches.await(r -> isMatchOf(r, tx2), Duration.ofSeconds(30))
                            .value(),
                    PaymentMatched.class);
            assertThat(auto.decidedBy()).isEqualTo(MatchDecision.AUTO);
            assertThat(auto.allocations())
                    .singleElement()
                    .satisfies(a -> assertThat(a.invoiceId()).isEqualTo(invoiceB));

            // a payer nobody confirmed, same kind of payment: still only a suggestion (what learning changed)
            String third = amount();
            issue("acme", InvoiceDirection.SALES, nextNumber(), "Dupont Industries SARL", third);
            TransactionImported tx3 = transaction("acme", third, "virement", "XY TRADING", "NL91ABNA0417164300");
            publish(UUID.randomUUID().toString(), tx3);
            awaitState("alice", tx3.transactionId(), "SUGGESTED");
        }
    }

    @Test
    void twoPeopleConfirmingTheSameSuggestionAtOnceMatchItOnce() throws Exception {
        String amount = amount();
        issue("acme", InvoiceDirection.SALES, nextNumber(), "Concurrent Client", amount);
        TransactionImported tx = transaction("acme", amount, "paiement", "ANOTHER PAYER", null);
        publish(UUID.randomUUID().toString(), tx);
        awaitState("alice", tx.transactionId(), "SUGGESTED");
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> calls = new ArrayList<>();
                for (String user : List.of("alice", "arthur")) {
                    String token = Tokens.bearer(user);
                    calls.add(pool.submit(() -> {
                        start.await();
                        return given().header("Authorization", token)
                                .post("/api/transactions/" + tx.transactionId() + "/confirm")
                                .then()
                                .extract()
                                .statusCode();
                    }));
                }
                List<Integer> statuses = new ArrayList<>();
                for (var c : calls) {
                    statuses.add(c.get());
                }
                assertThat(statuses).containsExactlyInAnyOrder(200, 409);
            } finally {
                pool.shutdownNow();
            }
            matches.await(r -> isMatchOf(r, tx), Duration.ofSeconds(30));
            assertThat(matches.during(Duration.ofSeconds(2), r -> isMatchOf(r, tx)))
                    .hasSize(1);
        }
    }

    @Test
    void aCancelledInvoiceIsNoLongerMatchableNorConfirmable() {
        String amount = amount();
        String number = nextNumber();
        String invoiceId = issue("acme", InvoiceDirection.SALES, number, "Cancel Client", amount);
        TransactionImported suggestedTx = transaction("acme", amount, "paiement", "THIRD PARTY", null);
        publish(UUID.randomUUID().toString(), suggestedTx);
        awaitState("alice", suggestedTx.transactionId(), "SUGGESTED");

        publish(
                UUID.randomUUID().toString(),
                new InvoiceCancelled(
                        invoiceId,
                        "acme",
                        number,
                        UUID.randomUUID().toString(),
                        "AV-" + number,
                        "credit note",
                        Instant.now()));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "CANCELLED".equals(OpenItemProbe.status(invoiceId)));
        given().header("Authorization", Tokens.bearer("arthur"))
                .post("/api/transactions/" + suggestedTx.transactionId() + "/confirm")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", containsString("stale-suggestion"));
        given().header("Authorization", Tokens.bearer("arthur"))
                .contentType(ContentType.JSON)
                .body(Map.of("allocations", List.of(alloc(invoiceId, amount))))
                .post("/api/transactions/" + suggestedTx.transactionId() + "/match")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("allocations[0].invoiceId"));

        // its number and exact amount: nothing is matched any more
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            TransactionImported referencing = transaction("acme", amount, "Facture " + number, "CANCEL CLIENT", null);
            publish(UUID.randomUUID().toString(), referencing);
            // other tests' open invoices share the tenant, so one may be a plausible candidate by amount alone;
            // what must hold is that the cancelled invoice is offered to nobody
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> given().header("Authorization", Tokens.bearer("alice"))
                            .get("/api/transactions/" + referencing.transactionId())
                            .then()
                            .statusCode(200)
                            .body("state", oneOf("UNMATCHED", "SUGGESTED")));
            List<List<String>> offered = given().header("Authorization", Tokens.bearer("alice"))
                    .get("/api/transactions/" + referencing.transactionId() + "/candidates")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("allocations.invoiceId");
            assertThat(offered).noneMatch(invoices -> invoices.contains(invoiceId));
            assertThat(matches.during(
                            Duration.ofSeconds(2), r -> isMatchOf(r, referencing) || isMatchOf(r, suggestedTx)))
                    .isEmpty();
        }
    }

    @Test
    void aRejectedInvoiceIsNotSuggestedAgainForThatTransaction() {
        String amount = amount();
        String invoiceC = issue("acme", InvoiceDirection.SALES, nextNumber(), "Martin Freres", amount);
        TransactionImported tx = transaction("acme", amount, "paiement", "SOME PAYER", null);
        publish(UUID.randomUUID().toString(), tx);
        awaitState("alice", tx.transactionId(), "SUGGESTED");
        given().header("Authorization", Tokens.bearer("arthur"))
                .queryParam("invoiceId", "not-a-candidate")
                .post("/api/transactions/" + tx.transactionId() + "/reject")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("invoiceIds[0]"));
        given().header("Authorization", Tokens.bearer("arthur"))
                .post("/api/transactions/" + tx.transactionId() + "/reject")
                .then()
                .statusCode(200)
                .body("state", equalTo("UNMATCHED"))
                .body("candidates", hasSize(0));
        given().header("Authorization", Tokens.bearer("arthur"))
                .post("/api/transactions/" + tx.transactionId() + "/reject")
                .then()
                .statusCode(409)
                .contentType("application/problem+json");

        // another invoice with the same amount opens: the transaction is examined again, and only it is proposed
        String invoiceD = issue("acme", InvoiceDirection.SALES, nextNumber(), "Martin Freres", amount);
        awaitState("alice", tx.transactionId(), "SUGGESTED");
        given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/transactions/" + tx.transactionId() + "/candidates")
                .then()
                .statusCode(200)
                .body("allocations.flatten().invoiceId", hasItem(invoiceD))
                .body("allocations.flatten().invoiceId", not(hasItem(invoiceC)));
    }

    @Test
    void aManualPartialMatchIsValidatedPublishedAndUndone() {
        String number = nextNumber();
        String invoiceE = issue("acme", InvoiceDirection.SALES, number, "Bernard SAS", "1000.00");
        String purchase = issue("acme", InvoiceDirection.PURCHASE, nextNumber(), "Fournisseur SA", "400.00");
        TransactionImported tx = transaction("acme", "400.00", "acompte", "UNKNOWN PAYER CO", null);
        publish(UUID.randomUUID().toString(), tx);
        awaitDecided(tx.transactionId());
        String path = "/api/transactions/" + tx.transactionId() + "/match";

        manual("vera", path, Map.of("allocations", List.of(alloc(invoiceE, "400.00"))), 403);
        manual("bruno", path, Map.of("allocations", List.of(alloc(invoiceE, "400.00"))), 404);
        manual("arthur", path, Map.of("allocations", List.of()), 400).body("errors[0].field", equalTo("allocations"));
        manual("arthur", path, Map.of("allocations", List.of(alloc(invoiceE, "-1"))), 400)
                .body("errors[0].field", equalTo("allocations[0].amount"));
        manual("arthur", path, Map.of("allocations", List.of(alloc(invoiceE, "10.001"))), 400)
                .body("errors[0].field", equalTo("allocations[0].amount"));
        manual(
                        "arthur",
                        path,
                        Map.of("allocations", List.of(alloc(invoiceE, "100.00"), alloc(invoiceE, "100.00"))),
                        400)
                .body("errors[0].field", equalTo("allocations[1].invoiceId"));
        manual(
                        "arthur",
                        path,
                        Map.of("allocations", List.of(alloc(UUID.randomUUID().toString(), "100.00"))),
                        422)
                .body("errors[0].field", equalTo("allocations[0].invoiceId"));
        manual("arthur", path, Map.of("allocations", List.of(alloc(purchase, "100.00"))), 422)
                .body("errors[0].field", equalTo("allocations[0].invoiceId"))
                .body("detail", containsString("SALES"));
        manual("arthur", path, Map.of("allocations", List.of(alloc(invoiceE, "400.01"))), 422)
                .body("errors[0].field", equalTo("allocations"));
        String globexInvoice = issue("globex", InvoiceDirection.SALES, nextNumber(), "Bernard SAS", "50.00");
        manual("arthur", path, Map.of("allocations", List.of(alloc(globexInvoice, "50.00"))), 422)
                .body("errors[0].field", equalTo("allocations[0].invoiceId"));

        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            String matchId = manual("arthur", path, Map.of("allocations", List.of(alloc(invoiceE, "400.00"))), 200)
                    .body("decidedBy", equalTo("MANUAL"))
                    .body("allocations[0].amount", equalTo("400.00"))
                    .extract()
                    .path("matchId");
            PaymentMatched manual = EventJson.read(
                    matches.await(r -> isMatchOf(r, tx), Duration.ofSeconds(30)).value(), PaymentMatched.class);
            assertThat(manual.decidedBy()).isEqualTo(MatchDecision.MANUAL);
            assertThat(manual.matchId()).isEqualTo(matchId);
            assertThat(manual.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoiceE);
                assertThat(a.amount()).isEqualTo(new BigDecimal("400.00"));
            });
            manual("arthur", path, Map.of("allocations", List.of(alloc(invoiceE, "100.00"))), 409);

            // 600.00 remain due: more than that is refused, exactly that is accepted
            TransactionImported rest = transaction("acme", "700.00", "solde", "UNKNOWN PAYER CO", null);
            publish(UUID.randomUUID().toString(), rest);
            awaitDecided(rest.transactionId());
            String restPath = "/api/transactions/" + rest.transactionId() + "/match";
            manual("arthur", restPath, Map.of("allocations", List.of(alloc(invoiceE, "600.01"))), 422)
                    .body("errors[0].field", equalTo("allocations[0].amount"));

            // undo: PaymentUnmatched with the allocation, and the whole 1000.00 is due again
            given().header("Authorization", Tokens.bearer("arthur"))
                    .queryParam("reason", "wrong invoice")
                    .post("/api/matches/" + matchId + "/undo")
                    .then()
                    .statusCode(200)
                    .body("undoneBy", equalTo("arthur"));
            ConsumerRecord<String, String> undone = matches.await(
                    r -> EventType.PAYMENT_UNMATCHED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                            && matchId.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)),
                    Duration.ofSeconds(20));
            assertThat(EventJson.read(undone.value(), PaymentUnmatched.class).allocations())
                    .singleElement()
                    .satisfies(a -> assertThat(a.amount()).isEqualTo(new BigDecimal("400.00")));
            given().header("Authorization", Tokens.bearer("alice"))
                    .get("/api/transactions/" + tx.transactionId())
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("UNMATCHED"));
            manual("arthur", restPath, Map.of("allocations", List.of(alloc(invoiceE, "700.00"))), 200)
                    .body("allocations[0].amount", equalTo("700.00"));
        }
    }

    @Test
    void settingsAreTheTenantsValidatedAndChangeDecisions() {
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/settings")
                .then()
                .statusCode(200)
                .body("autoMatchThreshold", equalTo(0.9f))
                .body("maxDaysBeforeIssue", equalTo(3));
        Map<String, Object> strict = Map.of(
                "autoMatchThreshold",
                "1",
                "suggestThreshold",
                "0.3",
                "ambiguityMargin",
                "0.03",
                "feeToleranceAbsolute",
                "25.00",
                "feeToleranceRelative",
                "0.25",
                "discountTolerance",
                "0.03",
                "overpaymentToleranceAbsolute",
                "5.00",
                "overpaymentToleranceRelative",
                "0.01",
                "nameSimilarityThreshold",
                "0.84",
                "maxDaysBeforeIssue",
                3);
        given().header("Authorization", Tokens.bearer("arthur"))
                .contentType(ContentType.JSON)
                .body(strict)
                .put("/api/settings")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        Map<String, Object> bad = new HashMap<>(strict);
        bad.put("autoMatchThreshold", "1.5");
        bad.put("discountTolerance", "-0.01");
        bad.remove("maxDaysBeforeIssue");
        given().header("Authorization", Tokens.bearer("bruno"))
                .contentType(ContentType.JSON)
                .body(bad)
                .put("/api/settings")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors.field",
                        containsInAnyOrder("autoMatchThreshold", "discountTolerance", "maxDaysBeforeIssue"));

        // globex demands certainty: a reference with the exact amount is then only suggested
        given().header("Authorization", Tokens.bearer("bruno"))
                .contentType(ContentType.JSON)
                .body(strict)
                .put("/api/settings")
                .then()
                .statusCode(200)
                .body("autoMatchThreshold", equalTo(1))
                .body("updatedBy", equalTo("bruno"));
        given().header("Authorization", Tokens.bearer("bruno"))
                .get("/api/settings")
                .then()
                .statusCode(200)
                .body("autoMatchThreshold", equalTo(1));
        given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/settings")
                .then()
                .statusCode(200)
                .body("autoMatchThreshold", equalTo(0.9f));
        String number = nextNumber();
        String amount = amount();
        issue("globex", InvoiceDirection.SALES, number, "Client SA", amount);
        TransactionImported tx = transaction("globex", amount, "Facture " + number, "CLIENT SA", null);
        publish(UUID.randomUUID().toString(), tx);
        awaitState("bruno", tx.transactionId(), "SUGGESTED");
    }

    @Test
    void transactionsAreFilteredAndPaged() {
        String tag = "FLT" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        LocalDate day = LocalDate.of(2019, 3, 14);
        for (int i = 0; i < 5; i++) {
            TransactionImported t = new TransactionImported(
                    UUID.randomUUID().toString(),
                    "acme",
                    "acc-2",
                    null,
                    TransactionImported.Source.API,
                    TransactionImported.BookingStatus.BOOKED,
                    new BigDecimal((i + 1) + "0.00"),
                    "EUR",
                    day.plusDays(i),
                    day.plusDays(i),
                    "Filter Payer",
                    null,
                    null,
                    "ref " + tag + " n" + i,
                    null,
                    null,
                    null,
                    null,
                    null,
                    Instant.now());
            publish(UUID.randomUUID().toString(), t);
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer("alice"))
                        .queryParam("q", tag.toLowerCase())
                        .get("/api/transactions")
                        .then()
                        .statusCode(200)
                        .header("X-Total-Count", "5")
                        .body("", hasSize(5)));
        given().header("Authorization", Tokens.bearer("alice"))
                .queryParam("q", tag)
                .queryParam("from", "2019-03-15")
                .queryParam("to", "2019-03-17")
                .get("/api/transactions")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "3")
                .body("bookingDate", equalTo(List.of("2019-03-17", "2019-03-16", "2019-03-15")));
        given().header("Authorization", Tokens.bearer("alice"))
                .queryParam("q", tag)
                .queryParam("minAmount", "20")
                .queryParam("maxAmount", "30.00")
                .get("/api/transactions")
                .then()
                .statusCode(200)
                .body("amount", equalTo(List.of("30.00", "20.00")));
        given().header("Authorization", Tokens.bearer("alice"))
                .queryParam("q", tag)
                .queryParam("size", 2)
                .queryParam("page", 2)
                .get("/api/transactions")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "5")
                .body("amount", equalTo(List.of("10.00")));
        given().header("Authorization", Tokens.bearer("alice"))
                .queryParam("q", tag)
                .queryParam("state", "unmatched")
                .get("/api/transactions")
                .then()
                .statusCode(200)
                .body("state", everyItem(equalTo("UNMATCHED")));
        given().header("Authorization", Tokens.bearer("bruno"))
                .queryParam("q", tag)
                .get("/api/transactions")
                .then()
                .statusCode(200)
                .header("X-Total-Count", "0");
        // a % in the text is a literal, not a wildcard
        given().header("Authorization", Tokens.bearer("alice"))
                .queryParam("q", "%")
                .get("/api/transactions")
                .then()
                .statusCode(200)
                .body("remittanceInformation", not(hasItem(containsString(tag))));
        for (String[] p : List.of(
                new String[] {"state", "LOST"},
                new String[] {"from", "14/03/2019"},
                new String[] {"minAmount", "ten"},
                new String[] {"maxAmount", "-1"})) {
            given().header("Authorization", Tokens.bearer("alice"))
                    .queryParam(p[0], p[1])
                    .get("/api/transactions")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(p[0]));
        }
        given().header("Authorization", Tokens.bearer("alice"))
                .queryParam("from", "2019-03-15")
                .queryParam("to", "2019-03-14")
                .get("/api/transactions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("to"));
    }

    // ---- helpers

    /** POSTs a manual match and checks the status; every error is application/problem+json. */
    private static ValidatableResponse manual(String user, String path, Object body, int status) {
        ValidatableResponse r = given().header("Authorization", Tokens.bearer(user))
                .contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(status);
        return status >= 400 ? r.contentType("application/problem+json") : r;
    }

    private static Map<String, String> alloc(String invoiceId, String amount) {
        return Map.of("invoiceId", invoiceId, "amount", amount);
    }

    /** A fresh amount (cents random) so that amount-only evidence never meets another test's invoice. */
    static String amount() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return r.nextInt(1000, 9000) + "." + String.format("%02d", r.nextInt(1, 100));
    }

    static String issue(String tenant, InvoiceDirection direction, String number, String counterparty, String amount) {
        String id = UUID.randomUUID().toString();
        publish(
                UUID.randomUUID().toString(),
                new InvoiceIssued(
                        id,
                        tenant,
                        direction,
                        number,
                        null,
                        (ReferenceType) null,
                        counterparty,
                        null,
                        null,
                        "EUR",
                        new BigDecimal(amount),
                        new BigDecimal(amount),
                        LocalDate.now(),
                        LocalDate.now().plusDays(30),
                        Instant.now()));
        awaitKnown(tenant, id);
        return id;
    }

    /** Waits until the invoice is an open item here (a manual match of it is then no longer a 422 for "unknown"). */
    private static void awaitKnown(String tenant, String invoiceId) {
        // the invoice and transaction streams are independent: a test that needs the invoice first waits for it
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> OpenItemProbe.known(invoiceId));
    }

    static TransactionImported transaction(String tenant, String amount, String remittance, String name, String iban) {
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
                name,
                iban,
                null,
                remittance,
                null,
                null,
                null,
                null,
                null,
                Instant.now());
    }

    static boolean isMatchOf(ConsumerRecord<String, String> r, TransactionImported tx) {
        return ReconciliationFlowTest.isMatchOf(r, tx);
    }

    static void awaitState(String user, String transactionId, String state) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(user))
                        .get("/api/transactions/" + transactionId)
                        .then()
                        .statusCode(200)
                        .body("state", equalTo(state)));
    }

    /**
     * The transaction reaches one of {@code states}: where other tests' open invoices in the shared tenant may make a
     * payment plausible by amount alone, "not matched" is UNMATCHED or SUGGESTED.
     */
    static void awaitStateIn(String user, String transactionId, String... states) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(user))
                        .get("/api/transactions/" + transactionId)
                        .then()
                        .statusCode(200)
                        .body("state", oneOf(states)));
    }

    static void awaitDecided(String transactionId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer("alice"))
                        .get("/api/transactions/" + transactionId)
                        .then()
                        .statusCode(200));
    }
}
