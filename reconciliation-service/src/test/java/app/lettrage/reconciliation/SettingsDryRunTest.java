package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.CalibrationTest.exactWithNumber;
import static app.lettrage.reconciliation.CalibrationTest.feeShort;
import static app.lettrage.reconciliation.CalibrationTest.putSettings;
import static app.lettrage.reconciliation.CalibrationTest.settings;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.awaitState;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/settings/dry-run} on a history this test makes in acme (its four decisions are acme's last ones):
 * two automatic matches at 0.94, one kept and one undone by a person, and two suggestions at 0.86, one confirmed and
 * one rejected. Decided at the default 0.90.
 */
@QuarkusTest
class SettingsDryRunTest {

    private static final String ADMIN = "alice";

    private Map<String, Object> original;

    @BeforeEach
    void defaults() {
        original = given().header("Authorization", Tokens.bearer(ADMIN))
                .get("/api/settings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        putSettings(settings("0.90", false));
    }

    @AfterEach
    void putAcmeBack() {
        Map<String, Object> back = new HashMap<>(original);
        back.remove("calibration");
        back.put("calibrationEnabled", false);
        putSettings(back);
    }

    @Test
    void replaysTheLastDecisionsUnderProposedSettingsAndWritesNothing() {
        TransactionImported kept = exactWithNumber();
        awaitState(ADMIN, kept.transactionId(), "MATCHED");
        TransactionImported undone = exactWithNumber();
        awaitState(ADMIN, undone.transactionId(), "MATCHED");
        given().header("Authorization", Tokens.bearer(ADMIN))
                .post("/api/matches/" + matchId(undone) + "/undo")
                .then()
                .statusCode(200);
        TransactionImported confirmed = feeShort();
        awaitState(ADMIN, confirmed.transactionId(), "SUGGESTED");
        given().header("Authorization", Tokens.bearer(ADMIN))
                .post("/api/transactions/" + confirmed.transactionId() + "/confirm")
                .then()
                .statusCode(200);
        TransactionImported rejected = feeShort();
        awaitState(ADMIN, rejected.transactionId(), "SUGGESTED");
        given().header("Authorization", Tokens.bearer(ADMIN))
                .post("/api/transactions/" + rejected.transactionId() + "/reject")
                .then()
                .statusCode(200);
        String before = CalibrationRows.fingerprint();

        // lower: both suggestions would have been automatic; the person confirmed one and rejected the other, and the
        // undone match's invoice (rejected by the undo) would have been taken again
        dryRun("0.85", 4, "alice")
                .statusCode(200)
                .body("replayed", equalTo(4))
                .body("autoMatchThreshold", equalTo(0.85f))
                .body("transitions.size()", equalTo(1))
                .body("transitions.'SUGGESTED->AUTO_MATCHED'", equalTo(2))
                .body("unchanged", equalTo(2))
                .body("decidedByPerson", equalTo(3))
                .body("wouldAutoMatchCorrectly", equalTo(1))
                .body("wouldAutoMatchWrongly", equalTo(2));
        // stricter: both automatic matches would have been suggestions (an accountant may ask too). The replay runs
        // against today's book, which knows the payer the confirmation taught: that suggestion replays as a (right)
        // automatic match - the documented optimism of replaying against the current book
        dryRun("0.95", 4, "arthur")
                .statusCode(200)
                .body("transitions.size()", equalTo(2))
                .body("transitions.'AUTO_MATCHED->SUGGESTED'", equalTo(2))
                .body("transitions.'SUGGESTED->AUTO_MATCHED'", equalTo(1))
                .body("unchanged", equalTo(1))
                .body("wouldAutoMatchCorrectly", equalTo(1))
                .body("wouldAutoMatchWrongly", equalTo(0));

        assertThat(CalibrationRows.fingerprint())
                .as("the dry-runs wrote nothing")
                .isEqualTo(before);
        awaitState(ADMIN, kept.transactionId(), "MATCHED");
        awaitState(ADMIN, confirmed.transactionId(), "MATCHED");
    }

    @Test
    void badProposalsAreProblemsNamingTheFieldAndViewersMayNotAsk() {
        dryRun("1.5", 10, "alice")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("autoMatchThreshold"));
        dryRun("0.9", 0, "alice")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("last"));
        dryRun("0.9", 5001, "alice").statusCode(400).body("errors.field", contains("last"));
        dryRun("0.9", 10, "vera").statusCode(403);
        Map<String, Object> withoutLast = settings("0.9", false);
        given().header("Authorization", Tokens.bearer(ADMIN))
                .contentType(ContentType.JSON)
                .body(withoutLast)
                .post("/api/settings/dry-run")
                .then()
                .statusCode(200);
    }

    private static ValidatableResponse dryRun(String threshold, int last, String user) {
        Map<String, Object> body = settings(threshold, false);
        body.put("autoMatchThreshold", new BigDecimal(threshold));
        body.put("last", last);
        return given().header("Authorization", Tokens.bearer(user))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/settings/dry-run")
                .then()
                .log()
                .ifValidationFails();
    }

    private static String matchId(TransactionImported tx) {
        return given().header("Authorization", Tokens.bearer(ADMIN))
                .get("/api/transactions/" + tx.transactionId())
                .then()
                .extract()
                .path("matchId");
    }
}
