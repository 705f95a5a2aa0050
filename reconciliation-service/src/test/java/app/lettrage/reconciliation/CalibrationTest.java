package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.nextNumber;
import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.amount;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.awaitState;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.issue;
import static app.lettrage.reconciliation.ReconciliationWorkflowTest.transaction;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calibration of acme's auto-match threshold from its people's outcomes, over REST and the broker, against the real
 * database. Each test owns acme's calibration while it runs: it clears the counts and switches calibration on or off
 * itself, and puts acme's settings back afterwards (other tests share acme and never switch calibration on). Shapes
 * and their engine confidences: an invoice number in the remittance with the exact amount from an unknown payer is
 * 0.94 (automatic at the default 0.90); the same 2.00 short (a SEPA fee) is 0.86, suggested, and nothing but the
 * threshold stops it; a payer named as the counterparty 2.00 short without a reference is 0.85 but vetoed (a person
 * confirms such a difference); 37% of the amount with the number is 0.73.
 */
@QuarkusTest
class CalibrationTest {

    private static final String TENANT = "acme";
    private static final String ADMIN = "alice";

    private Map<String, Object> original;

    @BeforeEach
    void ownAcmesCalibration() {
        original = given().header("Authorization", Tokens.bearer(ADMIN))
                .get("/api/settings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
        CalibrationRows.clear(TENANT);
    }

    @AfterEach
    void putAcmeBack() {
        Map<String, Object> back = new HashMap<>(original);
        back.remove("calibration");
        back.put("calibrationEnabled", false);
        putSettings(back);
        CalibrationRows.clear(TENANT);
    }

    @Test
    void suggestionsAlwaysConfirmedAtAConfidenceMakeTheNextPaymentThereAutomatic() {
        putSettings(settings("0.90", true));
        TransactionImported first = feeShort();
        awaitState(ADMIN, first.transactionId(), "SUGGESTED");
        given().header("Authorization", Tokens.bearer(ADMIN))
                .get("/api/transactions/" + first.transactionId())
                .then()
                .body("confidence", equalTo(0.86f));
        given().header("Authorization", Tokens.bearer(ADMIN))
                .post("/api/transactions/" + first.transactionId() + "/confirm")
                .then()
                .statusCode(200);
        JsonPath one = calibration();
        assertThat(one.getLong("suggestionsConfirmed"))
                .as("the confirmation is counted")
                .isEqualTo(1);
        assertThat(one.getDouble("calibratedThreshold")).as("one is not enough").isEqualTo(0.9);

        // 1,601 clean confirmations from 0.86 up: the 95% lower bound of their precision is above 0.998
        CalibrationRows.seed(TENANT, 86, 89, 400, 0, 0, 0);
        JsonPath seeded = calibration();
        assertThat(seeded.getDouble("calibratedThreshold")).isEqualTo(0.86);
        assertThat(seeded.getDouble("effectiveThreshold")).isEqualTo(0.86);
        assertThat(seeded.getDouble("configuredThreshold")).isEqualTo(0.9);
        assertThat(seeded.getLong("suggestionsConfirmed")).isEqualTo(1601);

        TransactionImported next = feeShort();
        awaitState(ADMIN, next.transactionId(), "MATCHED");
        assertThat(decidedBy(next)).isEqualTo("AUTO");

        // switched off, the same evidence changes nothing
        putSettings(settings("0.90", false));
        assertThat(calibration().getDouble("effectiveThreshold")).isEqualTo(0.9);
        TransactionImported off = feeShort();
        awaitState(ADMIN, off.transactionId(), "SUGGESTED");
    }

    @Test
    void anAutomaticMatchUndoneByAPersonRaisesTheThresholdAboveIt() {
        putSettings(settings("0.90", true));
        TransactionImported first = exactWithNumber();
        awaitState(ADMIN, first.transactionId(), "MATCHED");
        String matchId = given().header("Authorization", Tokens.bearer(ADMIN))
                .get("/api/transactions/" + first.transactionId())
                .then()
                .extract()
                .path("matchId");
        given().header("Authorization", Tokens.bearer(ADMIN))
                .post("/api/matches/" + matchId + "/undo")
                .then()
                .statusCode(200);
        JsonPath raised = calibration();
        assertThat(raised.getLong("autoMatches")).isEqualTo(1);
        assertThat(raised.getLong("autoMatchesUndone")).isEqualTo(1);
        assertThat(raised.getDouble("effectiveThreshold")).isEqualTo(0.95);
        assertThat(raised.getString("reason")).startsWith("raised");

        // the same shape, automatic at the default, is now for a person
        TransactionImported next = exactWithNumber();
        awaitState(ADMIN, next.transactionId(), "SUGGESTED");

        putSettings(settings("0.90", false));
        TransactionImported off = exactWithNumber();
        awaitState(ADMIN, off.transactionId(), "MATCHED");
    }

    @Test
    void theFloorHoldsAndTheEnginesVetoesStay() {
        putSettings(settings("0.90", true));
        CalibrationRows.seed(TENANT, 50, 89, 10_000, 0, 0, 0);
        JsonPath c = calibration();
        assertThat(c.getDouble("floor")).isEqualTo(0.8);
        assertThat(c.getDouble("effectiveThreshold"))
                .as("never below the floor")
                .isEqualTo(0.8);

        TransactionImported part = partWithNumber();
        awaitState(ADMIN, part.transactionId(), "SUGGESTED");
        TransactionImported vetoed = feeShortByName();
        awaitState(ADMIN, vetoed.transactionId(), "SUGGESTED");
        TransactionImported control = feeShort();
        awaitState(ADMIN, control.transactionId(), "MATCHED");
    }

    // ------------------------------------------------------------------ helpers

    private static JsonPath calibration() {
        return given().header("Authorization", Tokens.bearer(ADMIN))
                .get("/api/settings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .setRootPath("calibration");
    }

    static String decidedBy(TransactionImported tx) {
        String matchId = given().header("Authorization", Tokens.bearer(ADMIN))
                .get("/api/transactions/" + tx.transactionId())
                .then()
                .extract()
                .path("matchId");
        return given().header("Authorization", Tokens.bearer(ADMIN))
                .get("/api/matches/" + matchId)
                .then()
                .statusCode(200)
                .extract()
                .path("decidedBy");
    }

    static Map<String, Object> settings(String autoMatchThreshold, boolean calibration) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("autoMatchThreshold", new BigDecimal(autoMatchThreshold));
        s.put("suggestThreshold", new BigDecimal("0.30"));
        s.put("ambiguityMargin", new BigDecimal("0.03"));
        s.put("feeToleranceAbsolute", new BigDecimal("50.00"));
        s.put("feeToleranceRelative", new BigDecimal("0.05"));
        s.put("discountTolerance", new BigDecimal("0.03"));
        s.put("overpaymentToleranceAbsolute", new BigDecimal("5.00"));
        s.put("overpaymentToleranceRelative", new BigDecimal("0.01"));
        s.put("nameSimilarityThreshold", new BigDecimal("0.84"));
        s.put("maxDaysBeforeIssue", 3);
        s.put("fxTolerance", new BigDecimal("0.02"));
        s.put("calibrationEnabled", calibration);
        return s;
    }

    static void putSettings(Map<String, Object> s) {
        given().header("Authorization", Tokens.bearer(ADMIN))
                .contentType(ContentType.JSON)
                .body(s)
                .put("/api/settings")
                .then()
                .statusCode(200);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** The invoice's number in the remittance, the exact amount, an unknown payer: 0.94. */
    static TransactionImported exactWithNumber() {
        return withNumber(BigDecimal.ZERO, false);
    }

    /** The invoice's number in the remittance, 2.00 short (a SEPA fee), an unknown payer: 0.86, nothing vetoed. */
    static TransactionImported feeShort() {
        return withNumber(new BigDecimal("2.00"), false);
    }

    /** 37% of the amount with the invoice's number (a partial payment, not an instalment): 0.73, under the floor. */
    static TransactionImported partWithNumber() {
        return withNumber(null, true);
    }

    private static TransactionImported withNumber(BigDecimal shortBy, boolean part) {
        String amount = amount();
        String number = nextNumber();
        String u = unique();
        issue(TENANT, InvoiceDirection.SALES, number, "Calibration Client " + u, amount);
        BigDecimal paid = part
                ? new BigDecimal(amount).multiply(new BigDecimal("0.37")).setScale(2, RoundingMode.DOWN)
                : new BigDecimal(amount).subtract(shortBy);
        TransactionImported tx =
                transaction(TENANT, paid.toPlainString(), "Facture " + number, "CALIB PAYER " + u, null);
        publish(UUID.randomUUID().toString(), tx);
        return tx;
    }

    /** The payer named as the counterparty, 2.00 short, no reference: 0.85, vetoed (a person confirms a difference). */
    static TransactionImported feeShortByName() {
        String amount = amount();
        String u = unique();
        issue(TENANT, InvoiceDirection.SALES, nextNumber(), "Calibration Vetoed " + u, amount);
        TransactionImported tx = transaction(
                TENANT,
                new BigDecimal(amount).subtract(new BigDecimal("2.00")).toPlainString(),
                "paiement",
                "CALIBRATION VETOED " + u,
                null);
        publish(UUID.randomUUID().toString(), tx);
        return tx;
    }
}
