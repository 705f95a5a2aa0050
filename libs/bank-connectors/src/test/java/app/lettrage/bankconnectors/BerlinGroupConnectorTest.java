package app.lettrage.bankconnectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.bankconnectors.FakeProvider.Reply;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BerlinGroupConnectorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final FakeProvider bank = new FakeProvider();
    private final BerlinGroupConnector connector = new BerlinGroupConnector(
            bank.base(),
            List.of(new Institution("DEMO_BANK", "Demo Bank", "DEMOBEBB", List.of("BE"), 730, 180, "BERLIN_GROUP")),
            HttpClient.newHttpClient(),
            clock);

    @AfterEach
    void stop() {
        bank.close();
    }

    @Test
    void createConsent_asksForRecurringAccessFourTimesADay_andReturnsTheScaRedirect() {
        bank.on("POST /v1/consents", r -> Reply.json(201, """
                {"consentStatus":"received","consentId":"c-1","_links":{"scaRedirect":{"href":"https://bank/sca/c-1"}}}"""));
        Authorisation a = connector.createConsent(new ConsentRequest(
                "DEMO_BANK", LocalDate.of(2026, 8, 28), 730, "ref", "https://app/callback?state=s1", "203.0.113.9"));
        assertThat(a.providerConsentId()).isEqualTo("c-1");
        assertThat(a.authorisationUrl()).isEqualTo("https://bank/sca/c-1");
        assertThat(a.status()).isEqualTo(ConsentLifecycle.AWAITING_AUTHORISATION);
        assertThat(a.toString()).doesNotContain("c-1");
        FakeProvider.Request sent = bank.requests("POST /v1/consents").get(0);
        assertThat(sent.header("X-Request-ID")).matches("[0-9a-f-]{36}");
        assertThat(sent.header("PSU-IP-Address")).isEqualTo("203.0.113.9");
        assertThat(sent.header("TPP-Redirect-URI")).isEqualTo("https://app/callback?state=s1");
        assertThat(sent.body())
                .contains(
                        "\"validUntil\":\"2026-08-28\"",
                        "\"frequencyPerDay\":4",
                        "\"recurringIndicator\":true",
                        "\"allPsd2\":\"allAccounts\"");
    }

    @Test
    void createConsent_startsAnExplicitAuthorisationWhenTheBankAsksForIt() {
        bank.on("POST /v1/consents", r -> Reply.json(201, """
                {"consentStatus":"received","consentId":"c-2","_links":{"startAuthorisation":{"href":"/v1/consents/c-2/authorisations"}}}"""));
        bank.on("POST /v1/consents/c-2/authorisations", r -> Reply.json(201, """
                {"scaStatus":"received","authorisationId":"a-1","_links":{"scaRedirect":{"href":"https://bank/sca/a-1"}}}"""));
        Authorisation a = connector.createConsent(
                new ConsentRequest("DEMO_BANK", LocalDate.of(2026, 5, 1), 90, null, "https://app/cb", null));
        assertThat(a.authorisationUrl()).isEqualTo("https://bank/sca/a-1");
        assertThat(bank.requests("POST /v1/consents/c-2/authorisations").get(0).header("Consent-ID"))
                .isEqualTo("c-2");
    }

    @Test
    void transactions_followNextLinks_withConsentIdAndThePsuIpOnlyWhenTheUserIsPresent() {
        bank.on("GET /v1/accounts/acc-1/transactions", r -> {
            if (r.pathAndQuery().contains("page=2")) {
                return Reply.json(200, """
                        {"account":{"iban":"BE68539007547034"},"transactions":{"booked":[
                          {"transactionId":"t3","bookingDate":"2026-02-27","transactionAmount":{"amount":"-5.5","currency":"EUR"},
                           "creditorName":"Shop","creditorAccount":{"iban":"BE68539007547034"}}],"pending":[]}}""");
            }
            return Reply.json(200, """
                    {"account":{"iban":"BE68539007547034"},"transactions":{
                      "booked":[{"transactionId":"t1","bookingDate":"2026-02-26","valueDate":"2026-02-25",
                        "transactionAmount":{"amount":"1210.00","currency":"EUR"},"debtorName":"Customer NV",
                        "debtorAccount":{"iban":"NL91ABNA0417164300"},
                        "remittanceInformationStructured":{"reference":"RF18539007547034","referenceType":"SCOR"},
                        "endToEndId":"E2E-1"}],
                      "pending":[{"transactionId":"t2","valueDate":"2026-02-28","transactionAmount":{"amount":"-20","currency":"EUR"}}],
                      "_links":{"next":{"href":"/v1/accounts/acc-1/transactions?bookingStatus=both&dateFrom=2026-02-01&page=2"}}}}""");
        });
        TransactionReport unattended =
                connector.transactions("consent-9", "acc-1", LocalDate.of(2026, 2, 1), Psu.UNATTENDED);
        assertThat(unattended.pages()).isEqualTo(2);
        assertThat(unattended.accountIban()).isEqualTo("BE68539007547034");
        assertThat(unattended.transactions())
                .extracting(CanonicalTransaction::providerTransactionId)
                .containsExactly("t1", "t2", "t3");
        CanonicalTransaction t1 = unattended.transactions().get(0);
        assertThat(t1.structuredReference()).isEqualTo("RF18539007547034");
        assertThat(t1.counterpartyIban()).isEqualTo("NL91ABNA0417164300");
        assertThat(unattended.pending())
                .singleElement()
                .satisfies(p -> assertThat(p.amount()).isEqualTo(new BigDecimal("-20.00")));
        assertThat(unattended.transactions().get(2).counterpartyIban())
                .as("own account echoed")
                .isNull();
        List<FakeProvider.Request> calls = bank.requests("GET /v1/accounts/acc-1/transactions");
        assertThat(calls.get(0).pathAndQuery()).contains("bookingStatus=both").contains("dateFrom=2026-02-01");
        assertThat(calls)
                .allMatch(c -> "consent-9".equals(c.header("Consent-ID")) && c.header("PSU-IP-Address") == null);
        assertThat(calls.get(0).header("X-Request-ID"))
                .isNotEqualTo(calls.get(1).header("X-Request-ID"));

        connector.transactions("consent-9", "acc-1", LocalDate.of(2026, 2, 1), new Psu("198.51.100.7"));
        assertThat(bank.requests("GET /v1/accounts/acc-1/transactions").get(2).header("PSU-IP-Address"))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void aNextLinkThatLoopsIsAnError() {
        bank.on("GET /v1/accounts/acc-1/transactions", r -> Reply.json(200, """
                {"transactions":{"booked":[],"_links":{"next":"/v1/accounts/acc-1/transactions?bookingStatus=both&dateFrom=2026-02-01"}}}"""));
        assertThatThrownBy(() -> connector.transactions("c", "acc-1", LocalDate.of(2026, 2, 1), Psu.UNATTENDED))
                .isInstanceOf(ProviderResponseException.class)
                .hasMessageContaining("loops");
    }

    @Test
    void aNextLinkToAnotherHostIsRefused_andThatHostIsNeverCalled() {
        try (FakeProvider elsewhere = new FakeProvider()) {
            elsewhere.on("GET /internal/admin", r -> Reply.json(200, "{}"));
            String[] hostile = {
                elsewhere.base() + "internal/admin",
                "//127.0.0.1:" + elsewhere.base().getPort() + "/internal/admin",
                "http://user:pw@" + bank.base().getHost() + ":" + bank.base().getPort() + "/v1/accounts/acc-1/x"
            };
            for (String href : hostile) {
                bank.on("GET /v1/accounts/acc-1/transactions", r -> Reply.json(200, """
                        {"transactions":{"booked":[],"_links":{"next":{"href":"%s"}}}}""".formatted(href)));
                assertThatThrownBy(() -> connector.transactions("c", "acc-1", LocalDate.of(2026, 2, 1), Psu.UNATTENDED))
                        .as(href)
                        .isInstanceOfSatisfying(
                                ProviderResponseException.class,
                                e -> assertThat(e.field()).isEqualTo("transactions._links.next"))
                        .hasMessageContaining("outside the provider");
            }
            assertThat(elsewhere.requests).isEmpty();
        }
    }

    @Test
    void anAuthorisationStartOnAnotherHostIsRefused_andAnScaRedirectMustBeAPlainHttpsUrl() {
        try (FakeProvider elsewhere = new FakeProvider()) {
            bank.on("POST /v1/consents", r -> Reply.json(201, """
                    {"consentStatus":"received","consentId":"c-3","_links":{"startAuthorisation":{"href":"%sx"}}}""".formatted(elsewhere.base())));
            ConsentRequest request =
                    new ConsentRequest("DEMO_BANK", LocalDate.of(2026, 5, 1), 90, null, "https://app/cb", null);
            assertThatThrownBy(() -> connector.createConsent(request))
                    .isInstanceOfSatisfying(
                            ProviderResponseException.class,
                            e -> assertThat(e.field()).isEqualTo("_links.startAuthorisation"));
            assertThat(elsewhere.requests).isEmpty();
        }
        for (String sca :
                new String[] {"javascript:alert(1)", "https://user:pw@bank/sca", "/sca/relative", "ftp://bank/x"}) {
            bank.on("POST /v1/consents", r -> Reply.json(201, """
                    {"consentStatus":"received","consentId":"c-4","_links":{"scaRedirect":{"href":"%s"}}}""".formatted(sca)));
            assertThatThrownBy(() -> connector.createConsent(new ConsentRequest(
                            "DEMO_BANK", LocalDate.of(2026, 5, 1), 90, null, "https://app/cb", null)))
                    .as(sca)
                    .isInstanceOfSatisfying(
                            ProviderResponseException.class,
                            e -> assertThat(e.field()).isEqualTo("_links.scaRedirect"));
        }
    }

    @Test
    void aResponseLargerThanTheLimitIsRefused() {
        String huge = "{\"accounts\":[],\"pad\":\"" + "x".repeat(JsonHttp.MAX_BODY_BYTES) + "\"}";
        bank.on("GET /v1/accounts", r -> Reply.json(200, huge));
        assertThatThrownBy(() -> connector.accounts("c"))
                .isInstanceOfSatisfying(
                        ProviderResponseException.class,
                        e -> assertThat(e.field()).isEqualTo("body"))
                .hasMessageContaining("larger than");
    }

    @Test
    void errorsNameTheProviderHost_neverTheConsentOrAccountReferenceInThePath() {
        bank.on("GET /v1/consents/secret-consent-42", r -> new Reply(200, "<html>maintenance</html>", Map.of()));
        assertThatThrownBy(() -> connector.consentStatus("secret-consent-42"))
                .isInstanceOf(ProviderResponseException.class)
                .hasMessageContaining(bank.base().getHost())
                .hasMessageNotContaining("secret-consent-42");
    }

    @Test
    void aTppMessageEchoingTheConsentReferenceKeepsItOutOfTheMessageAndTheCode() {
        bank.on("GET /v1/consents/secret-consent-43", r -> Reply.json(500, """
                {"tppMessages":[{"category":"ERROR","code":"INTERNAL_ERROR","text":"no consent secret-consent-43"}]}"""));
        bank.on("GET /v1/consents/secret-consent-44", r -> Reply.json(500, """
                {"tppMessages":[{"category":"ERROR","code":"consent secret-consent-44 unknown"}]}"""));
        assertThatThrownBy(() -> connector.consentStatus("secret-consent-43"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("INTERNAL_ERROR");
                    assertThat(e.getMessage()).isEqualTo("bank answered 500 INTERNAL_ERROR");
                });
        assertThatThrownBy(() -> connector.consentStatus("secret-consent-44"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("HTTP_500");
                    assertThat(e.getMessage()).doesNotContain("secret");
                });
    }

    @Test
    void tppMessagesBecomeTypedErrors() {
        bank.on("GET /v1/accounts/expired/transactions", r -> Reply.json(401, """
                {"tppMessages":[{"category":"ERROR","code":"CONSENT_EXPIRED","text":"consent expired on 2026-02-28"}]}"""));
        bank.on("GET /v1/accounts/busy/transactions", r -> new Reply(429, """
                {"tppMessages":[{"category":"ERROR","code":"ACCESS_EXCEEDED"}]}""", Map.of("Retry-After", "3600")));
        bank.on("GET /v1/accounts/gone/transactions", r -> Reply.json(403, """
                {"tppMessages":[{"category":"ERROR","code":"CONSENT_UNKNOWN"}]}"""));
        assertThatThrownBy(() -> connector.transactions("c", "expired", LocalDate.of(2026, 2, 1), Psu.UNATTENDED))
                .isInstanceOf(ConsentExpiredException.class)
                .hasMessageContaining("CONSENT_EXPIRED")
                .hasMessageNotContaining("c\"");
        assertThatThrownBy(() -> connector.transactions("c", "busy", LocalDate.of(2026, 2, 1), Psu.UNATTENDED))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.code()).isEqualTo("ACCESS_EXCEEDED");
                    assertThat(e.resetAt()).isEqualTo(clock.instant().plusSeconds(3600));
                });
        assertThatThrownBy(() -> connector.transactions("c", "gone", LocalDate.of(2026, 2, 1), Psu.UNATTENDED))
                .isInstanceOf(ConsentInvalidException.class);
    }

    @Test
    void consentStatus_validNearItsEndIsExpiring_revokeDeletes_accountsListed() {
        bank.on("GET /v1/consents/c-1", r -> Reply.json(200, """
                {"consentStatus":"valid","validUntil":"2026-03-10","frequencyPerDay":4}"""));
        bank.on("DELETE /v1/consents/c-1", r -> new Reply(204, null, Map.of()));
        bank.on("GET /v1/accounts", r -> Reply.json(200, """
                {"accounts":[{"resourceId":"acc-1","iban":"BE68 5390 0754 7034","currency":"EUR","name":"Current"}]}"""));
        ConsentState state = connector.consentStatus("c-1");
        assertThat(state.status()).isEqualTo(ConsentLifecycle.EXPIRING);
        assertThat(state.validUntil()).isEqualTo(LocalDate.of(2026, 3, 10));
        assertThat(connector.accounts("c-1"))
                .containsExactly(new Account("acc-1", "BE68539007547034", "EUR", "Current"));
        assertThat(bank.requests("GET /v1/accounts").get(0).header("Consent-ID"))
                .isEqualTo("c-1");
        connector.revoke("c-1");
        assertThat(bank.requests("DELETE /v1/consents/c-1")).hasSize(1);
    }

    @Test
    void berlinGroupAndScaStatusesMapToTheLifecycle() {
        assertThat(ConsentLifecycle.fromBerlinGroup("received", null)).isEqualTo(ConsentLifecycle.CREATED);
        assertThat(ConsentLifecycle.fromBerlinGroup("received", "psuAuthenticated"))
                .isEqualTo(ConsentLifecycle.AWAITING_AUTHORISATION);
        assertThat(ConsentLifecycle.fromBerlinGroup("received", "failed")).isEqualTo(ConsentLifecycle.REJECTED);
        assertThat(ConsentLifecycle.fromBerlinGroup("valid", "finalised")).isEqualTo(ConsentLifecycle.ACTIVE);
        assertThat(ConsentLifecycle.fromBerlinGroup("rejected", null)).isEqualTo(ConsentLifecycle.REJECTED);
        assertThat(ConsentLifecycle.fromBerlinGroup("revokedByPsu", null)).isEqualTo(ConsentLifecycle.REVOKED);
        assertThat(ConsentLifecycle.fromBerlinGroup("terminatedByTpp", null)).isEqualTo(ConsentLifecycle.REVOKED);
        assertThat(ConsentLifecycle.fromBerlinGroup("expired", null)).isEqualTo(ConsentLifecycle.EXPIRED);
        assertThatThrownBy(() -> ConsentLifecycle.fromBerlinGroup("bogus", null))
                .isInstanceOf(ProviderResponseException.class);
        LocalDate today = LocalDate.of(2026, 3, 1);
        assertThat(ConsentLifecycle.ACTIVE.at(today.plusDays(15), today)).isEqualTo(ConsentLifecycle.ACTIVE);
        assertThat(ConsentLifecycle.ACTIVE.at(today.plusDays(14), today)).isEqualTo(ConsentLifecycle.EXPIRING);
        assertThat(ConsentLifecycle.ACTIVE.at(today.minusDays(1), today)).isEqualTo(ConsentLifecycle.EXPIRED);
    }
}
