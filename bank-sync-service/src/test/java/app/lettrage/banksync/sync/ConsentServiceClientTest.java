package app.lettrage.banksync.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.banksync.sync.ConsentServiceClient.Failed;
import app.lettrage.banksync.sync.ConsentServiceClient.Fetched;
import app.lettrage.banksync.sync.ConsentServiceClient.Outcome;
import app.lettrage.banksync.sync.ScriptedConsentService.Call;
import app.lettrage.banksync.sync.ScriptedConsentService.Reply;
import app.lettrage.testsupport.Tokens;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The read of consent-service over real HTTP (ScriptedConsentService) with real tokens from Keycloak: the token the
 * OIDC client filter sends is one consent-service accepts, it is kept between reads and replaced after a 401; only
 * failures that prove the bank was not called are retried, and a read that takes too long ends without a retry.
 */
@QuarkusTest
@QuarkusTestResource(ScriptedConsentService.class)
class ConsentServiceClientTest {

    private static final LocalDate FROM = LocalDate.parse("2026-03-01");

    @Inject
    ConsentServiceClient client;

    private Outcome read(String consent) {
        return client.transactions("acme", UUID.fromString(consent), "acc-1", FROM, null);
    }

    private static String token(Call call) {
        assertThat(call.authorization()).startsWith("Bearer ");
        return call.authorization().substring("Bearer ".length());
    }

    /** What Keycloak says of a token, asked as consent-service would (token introspection with its credentials). */
    private static JsonPath introspect(String token) {
        return given().auth()
                .preemptive()
                .basic("consent-service", "consent-service-secret")
                .formParam("token", token)
                .post(Tokens.realmUrl() + "/protocol/openid-connect/token/introspect")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void eachReadCarriesBankSyncsOwnClientToken_asConsentServiceRequiresIt_keptBetweenReads() {
        String consent = UUID.randomUUID().toString();
        ScriptedConsentService.script(consent, OpenBankingSyncTest.report(), OpenBankingSyncTest.report());

        assertThat(read(consent)).isInstanceOf(Fetched.class);
        assertThat(read(consent)).isInstanceOf(Fetched.class);

        List<Call> calls = ScriptedConsentService.calls(consent);
        assertThat(calls).hasSize(2);
        String token = token(calls.get(0));
        assertThat(token(calls.get(1)))
                .as("the token is kept, not fetched per read")
                .isEqualTo(token);
        JsonPath live = introspect(token);
        assertThat(live.getBoolean("active")).isTrue();
        assertThat(live.getString("client_id")).isEqualTo("bank-sync-service");
        // what InternalResource checks: bank-sync's own token, for consent-service, with the consent-reader role
        JsonNode claims = Tokens.claims(token);
        assertThat(claims.path("azp").asText()).isEqualTo("bank-sync-service");
        assertThat(claims.path("aud").toString()).contains("\"consent-service\"");
        assertThat(claims.at("/realm_access/roles").toString()).contains("\"consent-reader\"");
        assertThat(calls.get(0).body())
                .isEqualTo("{\"tenantId\":\"acme\",\"accountId\":\"acc-1\",\"dateFrom\":\"2026-03-01\","
                        + "\"psuIpAddress\":null}");
    }

    @Test
    void aRefusedTokenIsReplaced_andTheReadTriedAgainWithTheNewOne() {
        String consent = UUID.randomUUID().toString();
        ScriptedConsentService.script(
                consent,
                new Reply(401, "{\"status\":401,\"detail\":\"token no longer valid\"}"),
                OpenBankingSyncTest.report());

        assertThat(read(consent)).isInstanceOf(Fetched.class);

        List<Call> calls = ScriptedConsentService.calls(consent);
        assertThat(calls).hasSize(2);
        assertThat(token(calls.get(1))).as("a new token").isNotEqualTo(token(calls.get(0)));
        assertThat(introspect(token(calls.get(1))).getBoolean("active")).isTrue();
    }

    @Test
    void anUnavailableServiceIsTriedAgain_aFailureThatMayHaveReachedTheBankIsNot() {
        String unavailable = UUID.randomUUID().toString();
        ScriptedConsentService.script(
                unavailable, new Reply(503, "{\"status\":503,\"detail\":\"starting\"}"), OpenBankingSyncTest.report());
        assertThat(read(unavailable)).isInstanceOf(Fetched.class);
        assertThat(ScriptedConsentService.calls(unavailable)).hasSize(2);

        String bankFailed = UUID.randomUUID().toString();
        ScriptedConsentService.script(
                bankFailed,
                new Reply(502, "{\"status\":502,\"detail\":\"the bank answered: HTTP 500\"}"),
                OpenBankingSyncTest.report());
        assertThat(read(bankFailed)).isEqualTo(new Failed("consent-service answered 502: the bank answered: HTTP 500"));
        assertThat(ScriptedConsentService.calls(bankFailed)).hasSize(1);
    }

    @Test
    void aReadThatTakesTooLongEnds_andIsNotTriedAgain() {
        String consent = UUID.randomUUID().toString();
        CountDownLatch release = new CountDownLatch(1);
        // held for a minute at most, far beyond the test profile's 5 s timeout
        ScriptedConsentService.script(
                consent, OpenBankingSyncTest.report().heldUntil(release), OpenBankingSyncTest.report());
        try {
            assertThat(read(consent)).isEqualTo(new Failed("consent-service did not answer in time"));
            assertThat(ScriptedConsentService.calls(consent)).hasSize(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void amountsAreReadAsDecimals_neverThroughADouble() {
        String consent = UUID.randomUUID().toString();
        ScriptedConsentService.script(
                consent,
                OpenBankingSyncTest.report(OpenBankingSyncTest.tx(
                        "BIG-1", "BOOKED", "999999999999999.99", FROM, FROM, "largest amount", null)));

        Outcome read = read(consent);

        assertThat(read).isInstanceOf(Fetched.class);
        assertThat(((Fetched) read).report().at("/transactions/0/amount").decimalValue())
                .isEqualTo(new BigDecimal("999999999999999.99"));
    }
}
