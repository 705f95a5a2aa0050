package app.lettrage.bankconnectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.bankconnectors.FakeProvider.Reply;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GoCardlessConnectorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FakeProvider gc = new FakeProvider();
    private final AtomicInteger tokens = new AtomicInteger();
    private final GoCardlessConnector connector =
            new GoCardlessConnector(gc.base().resolve("api/v2/"), "id-1", "key-1", HttpClient.newHttpClient(), clock);

    @BeforeEach
    void tokens() {
        gc.on("POST /api/v2/token/new/", r -> {
            assertThat(r.body()).contains("\"secret_id\":\"id-1\"", "\"secret_key\":\"key-1\"");
            return Reply.json(
                    200,
                    "{\"access\":\"A" + tokens.incrementAndGet() + "\",\"access_expires\":86400,"
                            + "\"refresh\":\"R1\",\"refresh_expires\":2592000}");
        });
        gc.on(
                "POST /api/v2/token/refresh/",
                r -> Reply.json(200, "{\"access\":\"A-refreshed\",\"access_expires\":86400}"));
    }

    @AfterEach
    void stop() {
        gc.close();
    }

    @Test
    void aTokenPairIsTakenOnce_thenRefreshedWhenTheAccessTokenRunsOut() {
        gc.on("GET /api/v2/institutions/", r -> Reply.json(200, """
                [{"id":"N26_NTSBDEB1","name":"N26 Bank","bic":"NTSBDEB1","transaction_total_days":"730",
                  "max_access_valid_for_days":"180","countries":["DE"],"logo":"x"}]"""));
        List<Institution> list = connector.institutions("DE");
        connector.institutions("DE");
        assertThat(list)
                .containsExactly(
                        new Institution("N26_NTSBDEB1", "N26 Bank", "NTSBDEB1", List.of("DE"), 730, 180, "GOCARDLESS"));
        assertThat(gc.requests("POST /api/v2/token/new/")).hasSize(1);
        assertThat(gc.requests("GET /api/v2/institutions/?country=DE"))
                .allMatch(r -> "Bearer A1".equals(r.header("Authorization")));
        clock.advance(Duration.ofHours(24));
        connector.institutions("DE");
        assertThat(gc.requests("POST /api/v2/token/refresh/")).hasSize(1);
        assertThat(gc.requests("GET /api/v2/institutions/").get(2).header("Authorization"))
                .isEqualTo("Bearer A-refreshed");
    }

    @Test
    void aRejectedTokenIsRenewedOnceAndTheCallRepeated() {
        AtomicInteger calls = new AtomicInteger();
        gc.on(
                "GET /api/v2/requisitions/req-1/",
                r -> calls.incrementAndGet() == 1
                        ? Reply.json(
                                401,
                                "{\"summary\":\"Invalid token\",\"detail\":\"Token is invalid or expired\",\"status_code\":401}")
                        : Reply.json(200, "{\"id\":\"req-1\",\"status\":\"LN\",\"accounts\":[]}"));
        assertThat(connector.consentStatus("req-1").status()).isEqualTo(ConsentLifecycle.ACTIVE);
        assertThat(calls).hasValue(2);
    }

    @Test
    void createConsent_agreementThenRequisition_theLinkIsTheAuthorisationUrl() {
        gc.on("POST /api/v2/agreements/enduser/", r -> Reply.json(201, "{\"id\":\"agr-1\",\"accepted\":null}"));
        gc.on("POST /api/v2/requisitions/", r -> Reply.json(201, """
                {"id":"req-1","status":"CR","link":"https://ob.gocardless.com/psd2/start/req-1/N26","accounts":[]}"""));
        Authorisation a = connector.createConsent(
                new ConsentRequest("N26_NTSBDEB1", LocalDate.of(2026, 8, 28), 730, "our-ref", "https://app/cb", null));
        assertThat(a)
                .isEqualTo(new Authorisation(
                        "req-1", "https://ob.gocardless.com/psd2/start/req-1/N26", ConsentLifecycle.CREATED));
        assertThat(gc.requests("POST /api/v2/agreements/enduser/").get(0).body())
                .contains(
                        "\"max_historical_days\":730",
                        "\"access_valid_for_days\":180",
                        "\"institution_id\":\"N26_NTSBDEB1\"");
        assertThat(gc.requests("POST /api/v2/requisitions/").get(0).body())
                .contains("\"agreement\":\"agr-1\"", "\"reference\":\"our-ref\"", "\"redirect\":\"https://app/cb\"");
    }

    @Test
    void accountsFromTheRequisition_transactionsWithTheRateLimitHeaders() {
        gc.on(
                "GET /api/v2/requisitions/req-1/",
                r -> Reply.json(200, "{\"id\":\"req-1\",\"status\":\"LN\",\"accounts\":[\"acc-1\"]}"));
        gc.on("GET /api/v2/accounts/acc-1/details/", r -> Reply.json(200, """
                {"account":{"resourceId":"x","iban":"DE89370400440532013000","currency":"EUR","ownerName":"ACME"}}"""));
        gc.on(
                "GET /api/v2/accounts/acc-1/transactions/",
                r -> new Reply(
                        200,
                        """
                {"transactions":{"booked":[{"transactionId":"b1","bookingDate":"2026-02-27","transactionAmount":{"amount":"99.90","currency":"EUR"},
                  "debtorName":"Customer"}],"pending":[{"transactionAmount":{"amount":"-1.5","currency":"EUR"},"valueDate":"2026-02-28"}]}}""",
                        Map.of(
                                "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_LIMIT",
                                "4",
                                "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_REMAINING",
                                "3",
                                "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET",
                                "7200",
                                "HTTP_X_RATELIMIT_LIMIT",
                                "100",
                                "HTTP_X_RATELIMIT_REMAINING",
                                "99",
                                "HTTP_X_RATELIMIT_RESET",
                                "60")));
        assertThat(connector.accounts("req-1"))
                .containsExactly(new Account("acc-1", "DE89370400440532013000", "EUR", "ACME"));
        TransactionReport report = connector.transactions("req-1", "acc-1", LocalDate.of(2026, 2, 1), Psu.UNATTENDED);
        assertThat(gc.requests("GET /api/v2/accounts/acc-1/transactions/")
                        .get(0)
                        .pathAndQuery())
                .endsWith("?date_from=2026-02-01");
        assertThat(report.booked()).hasSize(1);
        assertThat(report.pending())
                .singleElement()
                .satisfies(p -> assertThat(p.providerTransactionId()).isNull());
        assertThat(report.rateLimit())
                .isEqualTo(new RateLimit(4, 3, clock.instant().plusSeconds(7200)));
    }

    @Test
    void a429IsARateLimitWithItsReset_anExpiredAgreementIsAnExpiredConsent() {
        gc.on(
                "GET /api/v2/accounts/busy/transactions/",
                r -> new Reply(
                        429,
                        """
                {"summary":"Rate limit exceeded","detail":"The rate limit for this resource is 4/day. Please try again in 3600 seconds",
                 "type":"RateLimitError","status_code":429}""",
                        Map.of(
                                "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_REMAINING",
                                "0",
                                "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET",
                                "3500")));
        gc.on("GET /api/v2/accounts/noheaders/transactions/", r -> Reply.json(429, """
                {"summary":"Rate limit exceeded","detail":"Please try again in 120 seconds","type":"RateLimitError","status_code":429}"""));
        gc.on("GET /api/v2/accounts/old/transactions/", r -> Reply.json(401, """
                {"summary":"End User Agreement (EUA) agr-1 has expired","detail":"EUA was valid for 90 days","type":"AccessExpiredError","status_code":401}"""));
        assertThatThrownBy(() -> connector.transactions("r", "busy", LocalDate.of(2026, 2, 1), Psu.UNATTENDED))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.resetAt()).isEqualTo(clock.instant().plusSeconds(3500)));
        assertThatThrownBy(() -> connector.transactions("r", "noheaders", LocalDate.of(2026, 2, 1), Psu.UNATTENDED))
                .isInstanceOfSatisfying(
                        RateLimitedException.class,
                        e -> assertThat(e.resetAt()).isEqualTo(clock.instant().plusSeconds(120)));
        assertThatThrownBy(() -> connector.transactions("r", "old", LocalDate.of(2026, 2, 1), Psu.UNATTENDED))
                .isInstanceOf(ConsentExpiredException.class)
                // the summary names the agreement: the message keeps the status and the type only
                .hasMessage("GoCardless answered 401 AccessExpiredError");
        assertThat(gc.requests("GET /api/v2/accounts/old/"))
                .as("an expired agreement is not retried with a new token")
                .hasSize(1);
    }

    @Test
    void anErrorEchoingARequisitionOrAccountIdKeepsNeitherInItsMessageNorItsCode() {
        gc.on("GET /api/v2/accounts/acc-secret-7/transactions/", r -> Reply.json(404, """
                {"summary":"Account acc-secret-7 of requisition req-secret-9 not found","detail":"acc-secret-7","status_code":404}"""));
        assertThatThrownBy(() -> connector.transactions("r", "acc-secret-7", LocalDate.of(2026, 2, 1), Psu.UNATTENDED))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("HTTP_404");
                    assertThat(e.getMessage())
                            .isEqualTo("GoCardless answered 404 HTTP_404")
                            .doesNotContain("secret");
                });
    }

    @Test
    void requisitionStatusesMapToTheLifecycle() {
        assertThat(List.of("CR", "GC", "UA", "RJ", "SA", "GA", "LN", "EX").stream()
                        .map(ConsentLifecycle::fromGoCardless)
                        .toList())
                .containsExactly(
                        ConsentLifecycle.CREATED,
                        ConsentLifecycle.AWAITING_AUTHORISATION,
                        ConsentLifecycle.AWAITING_AUTHORISATION,
                        ConsentLifecycle.REJECTED,
                        ConsentLifecycle.AWAITING_AUTHORISATION,
                        ConsentLifecycle.AWAITING_AUTHORISATION,
                        ConsentLifecycle.ACTIVE,
                        ConsentLifecycle.EXPIRED);
        assertThatThrownBy(() -> ConsentLifecycle.fromGoCardless("ZZ")).isInstanceOf(ProviderResponseException.class);
    }
}
