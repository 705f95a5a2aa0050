package app.lettrage.reconciliation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pages and amounts from a hostile caller are refused with a 400 that names the parameter or field. */
@QuarkusTest
class RequestBoundsTest {

    @Test
    void aPageBeyondTheMaximumIsABadRequestNotAnOverflow() {
        for (String list : new String[] {"/api/transactions", "/api/matches"}) {
            given().header("Authorization", Tokens.bearer("vera"))
                    .queryParam("page", Integer.MAX_VALUE)
                    .get(list)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("page"));
            given().header("Authorization", Tokens.bearer("vera"))
                    .queryParam("page", 100_000)
                    .get(list)
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void aManualMatchAmountWithAHugeExponentIsRefusedBeforeTheTenantLock() {
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("{\"allocations\": [{\"invoiceId\": \"inv-1\", \"amount\": 1E+100000000}]}")
                .post("/api/transactions/" + UUID.randomUUID() + "/match")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lettrage.app/problems/malformed-body"))
                .body("errors.field", hasItem("allocations[0].amount"))
                .body("detail", containsString("exponent out of range"));
    }

    /** PostgreSQL's text cannot hold NUL: such an id names no transaction, and must not reach the database. */
    @Test
    void aTransactionIdWithAControlCharacterOrTooLongNamesNoTransaction_notAServerError() {
        for (String id : new String[] {"%00", "a%01b", "x".repeat(65)}) {
            for (String path : new String[] {"", "/candidates"}) {
                given().header("Authorization", Tokens.bearer("vera"))
                        .urlEncodingEnabled(false)
                        .get("/api/transactions/" + id + path)
                        .then()
                        .statusCode(404)
                        .contentType("application/problem+json");
            }
            for (String action : new String[] {"/confirm", "/reject"}) {
                given().header("Authorization", Tokens.bearer("alice"))
                        .urlEncodingEnabled(false)
                        .post("/api/transactions/" + id + action)
                        .then()
                        .statusCode(404)
                        .contentType("application/problem+json");
            }
        }
        given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("{\"items\": [{\"transactionId\": \"a\\u0000b\"}]}")
                .post("/api/transactions/bulk-confirm")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("items[0].transactionId"));
    }
}
