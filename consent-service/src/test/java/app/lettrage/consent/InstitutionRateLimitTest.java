package app.lettrage.consent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The institution list asks every provider, so each tenant has an allowance (5 a minute in the test profile); the
 * tenant globex (bruno) spends it here, and acme, which other tests use, keeps its own.
 */
@QuarkusTest
class InstitutionRateLimitTest {

    @AfterEach
    void backToTheDefaultDay() {
        TestClock.reset();
    }

    @Test
    void theSixthCallOfAMinuteIsA429WithRetryAfter_oneRefillLaterTheNextPasses_otherTenantsAreNotHeldUp() {
        // a moment no other test uses, so the allowance is whole
        TestClock.set(TestClock.DEFAULT.plus(Duration.ofDays(3)));
        for (int i = 0; i < 5; i++) {
            institutions("bruno").statusCode(200);
        }
        institutions("bruno")
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", "12")
                .body("type", equalTo("https://lettrage.app/problems/too-many-requests"))
                .body("detail", containsString("5 institutions requests per PT1M"));
        institutions("alice").statusCode(200);

        TestClock.advance(Duration.ofSeconds(12));
        institutions("bruno").statusCode(200);
        institutions("bruno").statusCode(429);
    }

    private static ValidatableResponse institutions(String user) {
        return given().header("Authorization", Tokens.bearer(user))
                .get("/api/institutions?country=BE")
                .then();
    }
}
