package app.lettrage.banksync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/**
 * Statement uploads fill the database every tenant shares, so each tenant has an allowance (100 an hour in the test
 * profile), counted once the account is found to be the tenant's: the tenant globex (bruno) spends it here with empty
 * bodies (400, nothing stored) into an account of its own, and is then refused; acme, which the other tests use,
 * keeps its own, and an account of acme stays a 404 for globex.
 */
@QuarkusTest
class UploadRateLimitTest {

    @Test
    void aTenantPastItsUploadAllowanceGets429WithRetryAfter_forRawAndMultipart_otherTenantsDoNot() {
        String globex = Api.createAccount("bruno", "EUR");
        String acme = Api.createAccount("alice", "EUR");
        // other tests may have spent part of globex's allowance already, never more than it
        int allowed = 0;
        while (emptyUpload("bruno", globex).extract().statusCode() == 400) {
            allowed++;
            assertThat(allowed).as("uploads let through").isLessThanOrEqualTo(100);
        }
        emptyUpload("bruno", globex)
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .body("type", equalTo("https://lettrage.app/problems/too-many-requests"))
                .body("detail", containsString("100 statement-uploads requests per PT1H"));
        StatementImportJobTest.uploadMultipart("bruno", globex, "statement.sta", new byte[] {'x'})
                .statusCode(429)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"));
        // another tenant's account is not revealed by a 429
        emptyUpload("bruno", acme).statusCode(404);
        emptyUpload("alice", acme).statusCode(400);
    }

    private static ValidatableResponse emptyUpload(String user, String account) {
        return given().header("Authorization", Tokens.bearer(user))
                .contentType("text/plain")
                .body(new byte[0])
                .post("/api/accounts/" + account + "/statements")
                .then()
                .log()
                .ifValidationFails();
    }
}
