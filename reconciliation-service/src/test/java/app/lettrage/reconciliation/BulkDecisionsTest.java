package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.nextNumber;
import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.amount;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.awaitState;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.isMatchOf;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.issue;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.transaction;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import app.lettrage.events.EventJson;
import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Bulk confirm and bulk reject over REST, against the real database, broker and Keycloak. */
@QuarkusTest
class BulkDecisionsTest {

    @Test
    void aMixedBatchConfirmsTheValidSuggestionsOnlyAndARetryPublishesNothingMore() {
        TransactionImported valid1 = suggested("acme", "alice", "Bulk Client One");
        TransactionImported valid2 = suggested("acme", "alice", "Bulk Client Two");
        TransactionImported otherTenant = suggested("globex", "bruno", "Globex Client");
        TransactionImported stale = staleSuggestion();
        String unknown = UUID.randomUUID().toString();
        List<String> batch = List.of(
                valid1.transactionId(),
                otherTenant.transactionId(),
                unknown,
                stale.transactionId(),
                valid2.transactionId());
        Map<String, Object> body = Map.of(
                "items",
                batch.stream()
                        .map(id -> id.equals(valid2.transactionId())
                                ? Map.<String, Object>of("transactionId", id, "candidate", 0)
                                : Map.<String, Object>of("transactionId", id))
                        .toList());

        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            ValidatableResponse r = post("arthur", "/api/transactions/bulk-confirm", body, 200)
                    .body("succeeded", equalTo(2))
                    .body("failed", equalTo(3))
                    .body("items.transactionId", equalTo(batch))
                    .body("items[0].outcome", equalTo("CONFIRMED"))
                    .body("items[1].outcome", equalTo("ERROR"))
                    .body("items[1].problem.status", equalTo(404))
                    .body("items[1].problem.type", containsString("not-found"))
                    .body("items[2].problem.status", equalTo(404))
                    .body("items[3].problem.status", equalTo(409))
                    .body("items[3].problem.type", containsString("stale-suggestion"))
                    .body("items[4].outcome", equalTo("CONFIRMED"));
            List<String> matchIds =
                    List.of(r.extract().path("items[0].matchId"), r.extract().path("items[4].matchId"));

            List<String> published = new ArrayList<>();
            for (TransactionImported tx : List.of(valid1, valid2)) {
                PaymentMatched m = EventJson.read(
                        matches.await(rec -> isMatchOf(rec, tx), Duration.ofSeconds(30))
                                .value(),
                        PaymentMatched.class);
                assertThat(m.decidedBy()).isEqualTo(MatchDecision.CONFIRMED);
                published.add(m.matchId());
            }
            assertThat(published).containsExactlyElementsOf(matchIds);
            awaitState("alice", valid1.transactionId(), "MATCHED");
            // another tenant's suggestion is untouched
            awaitState("bruno", otherTenant.transactionId(), "SUGGESTED");

            // the same batch sent again (a retry after a lost answer): already confirmed is a 409, nothing published
            post("arthur", "/api/transactions/bulk-confirm", body, 200)
                    .body("succeeded", equalTo(0))
                    .body("failed", equalTo(5))
                    .body("items[0].problem.status", equalTo(409))
                    .body("items[0].problem.type", containsString("wrong-state"))
                    .body("items[0].matchId", nullValue())
                    .body("items[4].problem.status", equalTo(409));
            List<TransactionImported> known = List.of(valid1, valid2, otherTenant, stale);
            assertThat(matches.during(
                            Duration.ofSeconds(3), rec -> known.stream().anyMatch(tx -> isMatchOf(rec, tx))))
                    .hasSize(2);
        }
    }

    @Test
    void bulkRejectRejectsEachSuggestionAndReportsTheOthers() {
        TransactionImported a = suggested("acme", "alice", "Reject Client A");
        TransactionImported b = suggested("acme", "alice", "Reject Client B");
        TransactionImported foreign = suggested("globex", "bruno", "Reject Globex");
        post(
                        "arthur",
                        "/api/transactions/bulk-reject",
                        Map.of(
                                "transactionIds",
                                List.of(a.transactionId(), foreign.transactionId(), b.transactionId())),
                        200)
                .body("succeeded", equalTo(2))
                .body("items[0].outcome", equalTo("REJECTED"))
                .body("items[0].state", equalTo("UNMATCHED"))
                .body("items[1].outcome", equalTo("ERROR"))
                .body("items[1].problem.status", equalTo(404))
                .body("items[2].outcome", equalTo("REJECTED"));
        awaitState("alice", a.transactionId(), "UNMATCHED");
        awaitState("bruno", foreign.transactionId(), "SUGGESTED");
        post("arthur", "/api/transactions/bulk-reject", Map.of("transactionIds", List.of(a.transactionId())), 200)
                .body("items[0].problem.status", equalTo(409));
    }

    @Test
    void boundsRolesAndMalformedItemsAreRefusedBeforeAnythingIsDecided() {
        TransactionImported tx = suggested("acme", "alice", "Bounds Client");
        String id = tx.transactionId();
        Map<String, Object> one = Map.of("items", List.of(Map.of("transactionId", id)));
        post("vera", "/api/transactions/bulk-confirm", one, 403);
        post("vera", "/api/transactions/bulk-reject", Map.of("transactionIds", List.of(id)), 403);

        List<Map<String, Object>> tooMany = IntStream.range(0, 201)
                .mapToObj(i -> Map.<String, Object>of(
                        "transactionId", UUID.randomUUID().toString()))
                .toList();
        post("arthur", "/api/transactions/bulk-confirm", Map.of("items", tooMany), 400)
                .body("errors[0].field", equalTo("items"));
        post("arthur", "/api/transactions/bulk-confirm", Map.of("items", List.of()), 400)
                .body("errors[0].field", equalTo("items"));
        post(
                        "arthur",
                        "/api/transactions/bulk-confirm",
                        Map.of("items", List.of(Map.of("transactionId", id), Map.of("transactionId", id))),
                        400)
                .body("errors[0].field", equalTo("items[1].transactionId"));
        post("arthur", "/api/transactions/bulk-confirm", Map.of("items", List.of(Map.of("candidate", 0))), 400)
                .body("errors[0].field", equalTo("items[0].transactionId"));
        post(
                        "arthur",
                        "/api/transactions/bulk-confirm",
                        Map.of("items", List.of(Map.of("transactionId", id, "candidate", -1))),
                        400)
                .body("errors[0].field", equalTo("items[0].candidate"));
        post("arthur", "/api/transactions/bulk-reject", Map.of("transactionIds", List.of(id, id)), 400)
                .body("errors[0].field", equalTo("transactionIds[1]"));
        List<String> tooManyIds = IntStream.range(0, 201)
                .mapToObj(i -> UUID.randomUUID().toString())
                .toList();
        post("arthur", "/api/transactions/bulk-reject", Map.of("transactionIds", tooManyIds), 400)
                .body("errors[0].field", equalTo("transactionIds"));

        // a candidate index the transaction does not have: that item's 400, as the single confirm answers
        post(
                        "arthur",
                        "/api/transactions/bulk-confirm",
                        Map.of("items", List.of(Map.of("transactionId", id, "candidate", 42))),
                        200)
                .body("items[0].problem.status", equalTo(400))
                .body("items[0].problem.errors[0].field", equalTo("candidate"));
        // none of the refused requests changed it
        awaitState("alice", id, "SUGGESTED");
        given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/transactions/" + id)
                .then()
                .body("candidates", hasSize(1));
    }

    // ---- helpers

    private static ValidatableResponse post(String user, String path, Object body, int status) {
        ValidatableResponse r = given().header("Authorization", Tokens.bearer(user))
                .contentType(ContentType.JSON)
                .body(body)
                .post(path)
                .then()
                .statusCode(status);
        return status >= 400 ? r.contentType("application/problem+json") : r;
    }

    /** An invoice and a payment of its amount from an unknown payer without a reference: a suggestion. */
    private static TransactionImported suggested(String tenant, String reader, String counterparty) {
        // names unique per run: a confirmed one is learned, and would make the next run's payment automatic
        String amount = amount();
        String unique = nextNumber();
        issue(tenant, InvoiceDirection.SALES, nextNumber(), counterparty + " " + unique, amount);
        TransactionImported tx = transaction(tenant, amount, "paiement", "PAYER " + unique, null);
        publish(UUID.randomUUID().toString(), tx);
        awaitState(reader, tx.transactionId(), "SUGGESTED");
        return tx;
    }

    /** A suggestion whose invoice was cancelled since: confirming it is a 409 stale-suggestion. */
    private static TransactionImported staleSuggestion() {
        String amount = amount();
        String number = nextNumber();
        String invoiceId = issue("acme", InvoiceDirection.SALES, number, "Bulk Stale Client", amount);
        TransactionImported tx = transaction("acme", amount, "paiement", "UNKNOWN PAYER", null);
        publish(UUID.randomUUID().toString(), tx);
        awaitState("alice", tx.transactionId(), "SUGGESTED");
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
        return tx;
    }
}
