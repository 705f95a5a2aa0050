package app.lettrage.banksync.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * "Sync now" calls the bank, so each tenant has an allowance (20 an hour in the test profile), counted before any
 * lookup: the tenant globex (bruno) spends it on accounts that do not exist, and is then refused.
 */
@QuarkusTest
class SyncNowRateLimitTest {

    @Test
    void aTenantPastItsAllowanceGets429WithRetryAfter_anotherTenantDoesNot() {
        // other tests may have spent part of globex's allowance already, never more than it
        int allowed = 0;
        while (syncNow("bruno").extract().statusCode() == 404) {
            allowed++;
            assertThat(allowed).as("attempts let through").isLessThanOrEqualTo(20);
        }
        syncNow("bruno")
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("type", equalTo("https://lettrage.app/problems/too-many-requests"));
        syncNow("arthur").statusCode(404);
    }

    private static io.restassured.response.ValidatableResponse syncNow(String user) {
        return given().header("Authorization", Tokens.bearer(user))
                .post("/api/sync/accounts/" + UUID.randomUUID() + "/sync")
                .then()
                .log()
                .ifValidationFails();
    }
}
