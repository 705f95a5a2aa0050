package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.nextNumber;
import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.amount;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.awaitState;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.issue;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.transaction;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.Race;
import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two people acting on the same transaction or match at the same moment: exactly one of them changes it, the other
 * gets a 409 problem, and the outbox holds exactly the events of the one change.
 */
@QuarkusTest
class ConcurrentDecisionsTest {

    @Test
    void confirmAndUndoAtOnce_theUndoWinsAndTheStaleConfirmIsRefused() throws Exception {
        TransactionImported tx = suggested();
        String matchId = confirm("alice", tx).then().statusCode(200).extract().path("matchId");

        // arthur undoes the match while alice, from a screen that still shows the suggestion, confirms it again
        List<ExtractableResponse<Response>> answers = Race.run(
                () -> undo("arthur", matchId).then().extract(),
                () -> confirm("alice", tx).then().extract());

        assertThat(answers.get(0).statusCode()).isEqualTo(200);
        assertConflict(answers.get(1));
        assertThat(EventRows.events("acme", tx.transactionId(), EventType.PAYMENT_MATCHED))
                .isEqualTo(1);
        assertThat(EventRows.events("acme", tx.transactionId(), EventType.PAYMENT_UNMATCHED))
                .isEqualTo(1);
        awaitState("alice", tx.transactionId(), "UNMATCHED");
    }

    @Test
    void undoTwiceAtOnce_oneUndoesAndTheOtherIsRefused() throws Exception {
        TransactionImported tx = suggested();
        String matchId = confirm("alice", tx).then().statusCode(200).extract().path("matchId");

        List<ExtractableResponse<Response>> answers = Race.run(
                () -> undo("alice", matchId).then().extract(),
                () -> undo("arthur", matchId).then().extract());

        assertThat(answers).filteredOn(a -> a.statusCode() == 200).hasSize(1);
        assertThat(answers)
                .filteredOn(a -> a.statusCode() != 200)
                .singleElement()
                .satisfies(a -> {
                    assertConflict(a);
                    assertThat(a.<String>path("type")).endsWith("/already-undone");
                });
        assertThat(EventRows.events("acme", tx.transactionId(), EventType.PAYMENT_UNMATCHED))
                .isEqualTo(1);
    }

    @Test
    void confirmAndRejectAtOnce_oneDecidesAndTheOtherIsRefused() throws Exception {
        TransactionImported tx = suggested();

        List<ExtractableResponse<Response>> answers = Race.run(
                () -> confirm("alice", tx).then().extract(),
                () -> given().header("Authorization", Tokens.bearer("arthur"))
                        .post("/api/transactions/" + tx.transactionId() + "/reject")
                        .then()
                        .extract());

        assertThat(answers).filteredOn(a -> a.statusCode() == 200).hasSize(1);
        assertThat(answers)
                .filteredOn(a -> a.statusCode() != 200)
                .singleElement()
                .satisfies(ConcurrentDecisionsTest::assertConflict);
        boolean confirmed = answers.get(0).statusCode() == 200;
        // a confirmation publishes its match; a rejection publishes nothing
        assertThat(EventRows.events("acme", tx.transactionId(), EventType.PAYMENT_MATCHED))
                .isEqualTo(confirmed ? 1 : 0);
        awaitState("alice", tx.transactionId(), confirmed ? "MATCHED" : "UNMATCHED");
    }

    @Test
    void manualMatchAndConfirmAtOnce_oneMatchesAndTheOtherIsRefused() throws Exception {
        String amount = amount();
        String invoiceId = issue("acme", InvoiceDirection.SALES, nextNumber(), client(), amount);
        TransactionImported tx = transaction("acme", amount, "paiement", payer(), null);
        publish(UUID.randomUUID().toString(), tx);
        awaitState("alice", tx.transactionId(), "SUGGESTED");

        List<ExtractableResponse<Response>> answers = Race.run(
                () -> given().header("Authorization", Tokens.bearer("arthur"))
                        .contentType(ContentType.JSON)
                        .body(Map.of("allocations", List.of(Map.of("invoiceId", invoiceId, "amount", amount))))
                        .post("/api/transactions/" + tx.transactionId() + "/match")
                        .then()
                        .extract(),
                () -> confirm("alice", tx).then().extract());

        assertThat(answers).filteredOn(a -> a.statusCode() == 200).hasSize(1);
        assertThat(answers)
                .filteredOn(a -> a.statusCode() != 200)
                .singleElement()
                .satisfies(ConcurrentDecisionsTest::assertConflict);
        assertThat(EventRows.events("acme", tx.transactionId(), EventType.PAYMENT_MATCHED))
                .isEqualTo(1);
        awaitState("alice", tx.transactionId(), "MATCHED");
    }

    /**
     * A transaction the engine only suggests: its amount matches an open invoice, nothing else does. Client and payer
     * are new each time, so no payer learned from another test's match makes it automatic.
     */
    private static TransactionImported suggested() {
        String amount = amount();
        issue("acme", InvoiceDirection.SALES, nextNumber(), client(), amount);
        TransactionImported tx = transaction("acme", amount, "paiement", payer(), null);
        publish(UUID.randomUUID().toString(), tx);
        awaitState("alice", tx.transactionId(), "SUGGESTED");
        return tx;
    }

    private static String client() {
        return "Race Client " + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String payer() {
        return "PAYER " + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    private static Response confirm(String user, TransactionImported tx) {
        return given().header("Authorization", Tokens.bearer(user))
                .post("/api/transactions/" + tx.transactionId() + "/confirm");
    }

    private static Response undo(String user, String matchId) {
        return given().header("Authorization", Tokens.bearer(user))
                .queryParam("reason", "raced")
                .post("/api/matches/" + matchId + "/undo");
    }

    private static void assertConflict(ExtractableResponse<Response> answer) {
        assertThat(answer.statusCode()).as(answer.body().asString()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }
}
