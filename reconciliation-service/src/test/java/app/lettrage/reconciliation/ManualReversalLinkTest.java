package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.isMatchOf;
import static app.lettrage.reconciliation.ReconciliationFlowTest.nextNumber;
import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentReversed;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.Race;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A person links a reversal the rules left waiting to the payment it undoes: the same undoing and the same
 * PaymentReversed as the automatic link, once however often it is asked; every refusal a precise problem; of two links
 * at once, one wins.
 */
@QuarkusTest
class ManualReversalLinkTest {

    private static final LocalDate ISSUED = LocalDate.of(2026, 10, 20);
    private static final LocalDate PAID = LocalDate.of(2026, 11, 10);
    private static final LocalDate RETURNED = LocalDate.of(2026, 11, 17);
    private static final Instant AT = Instant.parse("2026-11-17T08:00:00Z");
    private static final String PAYER_IBAN = "DE89370400440532013000";
    /** The account a bank books returns from: another IBAN than the payer's, which rules the payer's payments out. */
    private static final String RETURN_ACCOUNT_IBAN = "FR1420041010050500013M02606";

    /** A line of {@code account}: a payment from the payer, or a reversal with the given counterparty IBAN. */
    private record Line(String tenant, String account, String amount, String currency, boolean reversal) {

        TransactionImported event(LocalDate booked, String name, String iban, String remittance) {
            return new TransactionImported(
                    UUID.randomUUID().toString(),
                    tenant,
                    account,
                    "FR7630006000011234567890189",
                    TransactionImported.Source.FILE,
                    TransactionImported.BookingStatus.BOOKED,
                    new BigDecimal(amount),
                    currency,
                    booked,
                    booked,
                    name,
                    iban,
                    null,
                    remittance,
                    null,
                    null,
                    null,
                    reversal ? "PMNT-IDDT-UPDD" : "PMNT-IDDT-ESDD",
                    null,
                    AT,
                    reversal,
                    reversal ? "MD06" : null);
        }
    }

    @Test
    void aPersonLinksAnAmbiguousReturnToOneOfTwoPayments_onceWithPaymentReversed() {
        String account = account();
        String amount = amount();
        String client = client();
        Invoice i1 = issue("acme", client, amount);
        Invoice i2 = issue("acme", client, amount);
        String invoice1 = i1.id();
        String invoice2 = i2.id();
        TransactionImported p1 = matchedPayment("acme", account, amount, client, i1);
        TransactionImported p2 = matchedPayment("acme", account, amount, client, i2);
        // the return names the payer only: both payments agree with it, so the rules leave it to a person
        TransactionImported r =
                waitingReversal(new Line("acme", account, "-" + amount, "EUR", true), client, PAYER_IBAN);
        assertThat(transaction("vera", r.transactionId()).getList("reasons", String.class))
                .anyMatch(s -> s.contains("a person decides"));

        given().header("Authorization", Tokens.bearer("vera"))
                .contentType(ContentType.JSON)
                .body(Map.of("paymentTransactionId", p2.transactionId()))
                .post("/api/transactions/" + r.transactionId() + "/reverses")
                .then()
                .statusCode(403);

        JsonPath linked = link("arthur", r, p2.transactionId(), 200);
        assertThat(linked.getString("state")).isEqualTo("REVERSAL");
        assertThat(linked.getString("reversesTransactionId")).isEqualTo(p2.transactionId());
        assertThat(linked.getList("reasons", String.class))
                .anyMatch(s -> s.contains("reverses payment " + p2.transactionId())
                        && s.contains("MD06 (refund requested by the debtor)")
                        && s.contains("linked by hand by arthur")
                        && s.contains("back to amount due"));
        JsonPath payment = transaction("vera", p2.transactionId());
        assertThat(payment.getString("state")).isEqualTo("REVERSED");
        assertThat(payment.getString("reversedByTransactionId")).isEqualTo(r.transactionId());
        assertThat(payment.getString("matchId")).isNull();
        assertThat(OpenItemProbe.amountDue(invoice2)).isEqualByComparingTo(amount);
        // the other payment and its invoice are untouched
        assertThat(transaction("vera", p1.transactionId()).getString("state")).isEqualTo("MATCHED");
        assertThat(OpenItemProbe.amountDue(invoice1)).isEqualByComparingTo("0.00");

        List<String> reversed = EventRows.payloads("acme", p2.transactionId(), EventType.PAYMENT_REVERSED);
        assertThat(reversed).singleElement().satisfies(json -> {
            EventSchemas.assertValid(EventType.PAYMENT_REVERSED, json);
            PaymentReversed e = EventJson.read(json, PaymentReversed.class);
            assertThat(e.reversalTransactionId()).isEqualTo(r.transactionId());
            assertThat(e.returnReason()).isEqualTo("MD06");
            assertThat(e.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoice2);
                assertThat(a.amount()).isEqualByComparingTo(amount);
            });
        });

        // asked again (a retry, a second click): the same answer, nothing more published
        JsonPath again = link("alice", r, p2.transactionId(), 200);
        assertThat(again.getString("state")).isEqualTo("REVERSAL");
        assertThat(again.getString("reversesTransactionId")).isEqualTo(p2.transactionId());
        assertThat(again.getList("reasons")).isEqualTo(linked.getList("reasons"));
        assertThat(EventRows.events("acme", p2.transactionId(), EventType.PAYMENT_REVERSED))
                .isEqualTo(1);
        assertThat(OpenItemProbe.amountDue(invoice2)).isEqualByComparingTo(amount);

        // the linked reversal to the other payment, another return to the reversed one: 409, nothing changed
        problem(link("arthur", r, p1.transactionId(), 409), "already-linked");
        TransactionImported r2 = waitingReversal(
                new Line("acme", account, "-" + amount, "EUR", true), "RETOUR SEPA", RETURN_ACCOUNT_IBAN);
        problem(link("arthur", r2, p2.transactionId(), 409), "already-reversed");
        assertThat(transaction("vera", p1.transactionId()).getString("state")).isEqualTo("MATCHED");
        assertThat(transaction("vera", r2.transactionId()).getString("state")).isEqualTo("UNMATCHED");
        assertThat(EventRows.events("acme", p1.transactionId(), EventType.PAYMENT_REVERSED))
                .isZero();
    }

    @Test
    void linksThatCannotBeAreRefusedWithAPreciseProblem_andChangeNothing() {
        String account = account();
        String amount = amount();
        String client = client();
        TransactionImported payment = matchedPayment("acme", account, amount, client, issue("acme", client, amount));
        String p = payment.transactionId();
        Line sameAccount = new Line("acme", account, "-" + amount, "EUR", true);

        // 404: unknown ids, and another tenant's lines, whichever side
        TransactionImported r = waitingReversal(sameAccount, "RETOUR SEPA", RETURN_ACCOUNT_IBAN);
        problem(link("arthur", r, "no-such-payment", 404), "not-found");
        given().header("Authorization", Tokens.bearer("arthur"))
                .contentType(ContentType.JSON)
                .body(Map.of("paymentTransactionId", p))
                .post("/api/transactions/no-such-reversal/reverses")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        problem(link("bruno", r, p, 404), "not-found");
        String globexAccount = account();
        TransactionImported globexPayment =
                new Line("globex", globexAccount, amount, "EUR", false).event(PAID, client, PAYER_IBAN, "virement");
        TransactionImported globexReversal = new Line("globex", globexAccount, "-" + amount, "EUR", true)
                .event(RETURNED, "RETOUR SEPA", RETURN_ACCOUNT_IBAN, null);
        for (TransactionImported t : List.of(globexPayment, globexReversal)) {
            publish(UUID.randomUUID().toString(), t);
            stored("bruno", t);
        }
        problem(link("arthur", r, globexPayment.transactionId(), 404), "not-found");
        problem(link("arthur", globexReversal, p, 404), "not-found");

        // 400: no payment named
        given().header("Authorization", Tokens.bearer("arthur"))
                .contentType(ContentType.JSON)
                .body(Map.of("paymentTransactionId", " "))
                .post("/api/transactions/" + r.transactionId() + "/reverses")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("paymentTransactionId"));

        // 409: not a reversal; a payment that settled nothing
        problem(link("arthur", payment, p, 409), "not-a-reversal");
        TransactionImported unmatched = new Line("acme", account, amount, "EUR", false)
                .event(PAID, "NOBODY " + UUID.randomUUID(), null, "virement");
        publish(UUID.randomUUID().toString(), unmatched);
        stored("vera", unmatched);
        problem(link("arthur", r, unmatched.transactionId(), 409), "not-matched");

        // 422: lines that cannot undo this payment (each waits, as the rules found no payment for it)
        String more = new BigDecimal(amount).add(BigDecimal.ONE).toPlainString();
        String less = new BigDecimal(amount).subtract(BigDecimal.ONE).toPlainString();
        for (Line wrong : List.of(
                new Line("acme", account, "-" + amount, "USD", true),
                new Line("acme", account, amount, "EUR", true),
                new Line("acme", account, "-" + more, "EUR", true),
                new Line("acme", account, "-" + less, "EUR", true),
                new Line("acme", account(), "-" + amount, "EUR", true))) {
            TransactionImported w = waitingReversal(wrong, "RETOUR SEPA", RETURN_ACCOUNT_IBAN);
            JsonPath refused = link("arthur", w, p, 422);
            problem(refused, "cannot-undo");
            assertThat(refused.getString("errors[0].field")).isEqualTo("paymentTransactionId");
            assertThat(transaction("vera", w.transactionId()).getString("state"))
                    .isEqualTo("UNMATCHED");
        }
        // a payment booked after the reversal cannot be what it returns
        TransactionImported early = new Line("acme", account, "-" + amount, "EUR", true)
                .event(PAID.minusDays(1), "RETOUR SEPA", RETURN_ACCOUNT_IBAN, null);
        publish(UUID.randomUUID().toString(), early);
        ReconciliationWorkflowTest.awaitState("vera", early.transactionId(), "UNMATCHED");
        problem(link("arthur", early, p, 422), "cannot-undo");

        assertThat(transaction("vera", p).getString("state")).isEqualTo("MATCHED");
        assertThat(transaction("vera", r.transactionId()).getString("state")).isEqualTo("UNMATCHED");
        assertThat(EventRows.events("acme", p, EventType.PAYMENT_REVERSED)).isZero();
    }

    @Test
    void twoReturnsLinkedToOnePaymentAtOnce_oneWinsTheOtherIsA409() throws Exception {
        String account = account();
        String amount = amount();
        String client = client();
        Invoice i = issue("acme", client, amount);
        String invoice = i.id();
        TransactionImported payment = matchedPayment("acme", account, amount, client, i);
        Line line = new Line("acme", account, "-" + amount, "EUR", true);
        TransactionImported a = waitingReversal(line, "RETOUR SEPA", RETURN_ACCOUNT_IBAN);
        TransactionImported b = waitingReversal(line, "RETOUR SEPA", RETURN_ACCOUNT_IBAN);

        List<ExtractableResponse<Response>> answers = Race.run(
                () -> linkRequest("alice", a, payment.transactionId()).then().extract(),
                () -> linkRequest("arthur", b, payment.transactionId()).then().extract());

        assertThat(answers).filteredOn(x -> x.statusCode() == 200).hasSize(1);
        assertThat(answers)
                .filteredOn(x -> x.statusCode() != 200)
                .singleElement()
                .satisfies(x -> {
                    assertThat(x.statusCode()).as(x.body().asString()).isEqualTo(409);
                    assertThat(x.contentType()).startsWith("application/problem+json");
                    assertThat(x.<String>path("type")).endsWith("/already-reversed");
                });
        TransactionImported winner = answers.get(0).statusCode() == 200 ? a : b;
        TransactionImported loser = winner == a ? b : a;
        assertThat(EventRows.events("acme", payment.transactionId(), EventType.PAYMENT_REVERSED))
                .isEqualTo(1);
        assertThat(transaction("vera", payment.transactionId()).getString("reversedByTransactionId"))
                .isEqualTo(winner.transactionId());
        assertThat(transaction("vera", loser.transactionId()).getString("state"))
                .isEqualTo("UNMATCHED");
        assertThat(OpenItemProbe.amountDue(invoice)).isEqualByComparingTo(amount);
    }

    // ------------------------------------------------------------------ helpers

    private static Response linkRequest(String user, TransactionImported reversal, String paymentId) {
        return given().header("Authorization", Tokens.bearer(user))
                .contentType(ContentType.JSON)
                .body(Map.of("paymentTransactionId", paymentId))
                .post("/api/transactions/" + reversal.transactionId() + "/reverses");
    }

    private static JsonPath link(String user, TransactionImported reversal, String paymentId, int status) {
        ExtractableResponse<Response> r =
                linkRequest(user, reversal, paymentId).then().extract();
        assertThat(r.statusCode()).as(r.body().asString()).isEqualTo(status);
        if (status >= 400) {
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        return r.jsonPath();
    }

    private static void problem(JsonPath p, String slug) {
        assertThat(p.getString("type")).endsWith("/" + slug);
        assertThat(p.getString("detail")).isNotBlank();
    }

    private static JsonPath transaction(String user, String id) {
        return given().header("Authorization", Tokens.bearer(user))
                .get("/api/transactions/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private record Invoice(String id, String number) {}

    /** An invoice of {@code client} issued before the payments (the engine takes no payment dated before its invoice). */
    private static Invoice issue(String tenant, String client, String amount) {
        String id = UUID.randomUUID().toString();
        String number = nextNumber();
        publish(
                UUID.randomUUID().toString(),
                new InvoiceIssued(
                        id,
                        tenant,
                        InvoiceDirection.SALES,
                        number,
                        null,
                        (ReferenceType) null,
                        client,
                        null,
                        null,
                        "EUR",
                        new BigDecimal(amount),
                        new BigDecimal(amount),
                        ISSUED,
                        ISSUED.plusDays(30),
                        AT.minus(Duration.ofDays(28))));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> OpenItemProbe.known(id));
        return new Invoice(id, number);
    }

    /** A payment from the payer naming the invoice's number: matched automatically to it. */
    private static TransactionImported matchedPayment(
            String tenant, String account, String amount, String client, Invoice invoice) {
        TransactionImported payment = new Line(tenant, account, amount, "EUR", false)
                .event(PAID, client.toUpperCase(), PAYER_IBAN, "Facture " + invoice.number());
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            publish(UUID.randomUUID().toString(), payment);
            PaymentMatched m = EventJson.read(
                    matches.await(x -> isMatchOf(x, payment), Duration.ofSeconds(30))
                            .value(),
                    PaymentMatched.class);
            assertThat(m.allocations())
                    .singleElement()
                    .satisfies(a -> assertThat(a.invoiceId()).isEqualTo(invoice.id()));
        }
        return payment;
    }

    /** A return the rules do not link (it waits UNMATCHED for its payment or a person). */
    private static TransactionImported waitingReversal(Line line, String name, String iban) {
        TransactionImported r = line.event(RETURNED, name, iban, null);
        publish(UUID.randomUUID().toString(), r);
        ReconciliationWorkflowTest.awaitState("vera", r.transactionId(), "UNMATCHED");
        return r;
    }

    /** Waits until the line is stored and decided (visible to {@code user} of its tenant). */
    private static void stored(String user, TransactionImported t) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> given().header("Authorization", Tokens.bearer(user))
                        .get("/api/transactions/" + t.transactionId())
                        .then()
                        .statusCode(200));
    }

    private static String account() {
        return "acc-" + UUID.randomUUID();
    }

    private static String client() {
        return "Retour Client " + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A fresh amount (cents random), so that no other test's invoice or payment meets it. */
    private static String amount() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return r.nextInt(10_000, 20_000) + "." + String.format("%02d", r.nextInt(1, 100));
    }
}
