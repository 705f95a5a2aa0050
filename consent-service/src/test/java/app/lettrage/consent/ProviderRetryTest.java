package app.lettrage.consent;

import static app.lettrage.consent.ConsentFlowTest.callback;
import static app.lettrage.consent.ConsentFlowTest.sca;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The provider calls' fault tolerance, against a bank gateway that answers 503 on demand ({@link FlakyBank}): a read
 * is tried again, twice at most; creating a consent is tried once only.
 */
@QuarkusTest
class ProviderRetryTest {

    private static final String CONSENT_STATUS = "GET /psd2/v1/consents/";

    @AfterEach
    void healthyAgain() {
        FlakyBank.reset();
    }

    private static ValidatableResponse start() {
        return given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body("""
                        {"institutionId": "BERLIN_GROUP_BANK", "provider": "BERLIN_GROUP", "validUntil": "%s"}""".formatted(TestClock.today().plusDays(30)))
                .post("/api/consents/authorisations")
                .then();
    }

    private static long statusReads() {
        return FlakyBank.requests().stream()
                .filter(r -> r.startsWith(CONSENT_STATUS))
                .count();
    }

    @Test
    void aReadTheGatewayFailedTwiceIsTriedAgain_andTheAuthorisationCompletes() throws Exception {
        String url = start().statusCode(201).extract().path("authorisationUrl");
        String state = sca(url, "approve");

        FlakyBank.failNext(2);
        callback("alice", state).statusCode(200).body("status", equalTo("ACTIVE"));
        assertThat(statusReads()).isEqualTo(3);
    }

    @Test
    void aReadStillFailingAfterTwoRetriesIsA502() throws Exception {
        String url = start().statusCode(201).extract().path("authorisationUrl");
        String state = sca(url, "approve");

        FlakyBank.failNext(3);
        callback("alice", state)
                .statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lettrage.app/problems/provider-error"));
        assertThat(statusReads()).isEqualTo(3);
    }

    @Test
    void creatingAConsentIsNotRetried_aSecondRequestWouldCreateASecondOne() {
        FlakyBank.failNext(1);
        start().statusCode(502);
        assertThat(FlakyBank.requests()).containsExactly("POST /psd2/v1/consents");
    }
}
