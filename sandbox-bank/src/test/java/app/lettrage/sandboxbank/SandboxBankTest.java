package app.lettrage.sandboxbank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.bankconnectors.Account;
import app.lettrage.bankconnectors.Authorisation;
import app.lettrage.bankconnectors.BankConnector;
import app.lettrage.bankconnectors.BerlinGroupConnector;
import app.lettrage.bankconnectors.CanonicalTransaction;
import app.lettrage.bankconnectors.ConsentExpiredException;
import app.lettrage.bankconnectors.ConsentLifecycle;
import app.lettrage.bankconnectors.ConsentRequest;
import app.lettrage.bankconnectors.GoCardlessConnector;
import app.lettrage.bankconnectors.Institution;
import app.lettrage.bankconnectors.Psu;
import app.lettrage.bankconnectors.RateLimitedException;
import app.lettrage.bankconnectors.TransactionReport;
import app.lettrage.identifiers.CreditorReference;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox bank driven through the real connectors, as consent-service and bank-sync use it. */
class SandboxBankTest {

    // one fixed instant for the bank and the connectors, so that no outcome depends on the day the test runs
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-27T10:15:00Z"), ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.now(CLOCK);
    private SandboxBank sandbox;
    private HttpClient http;
    private BankConnector bg;
    private BankConnector gc;

    @BeforeEach
    void start() throws IOException {
        sandbox = new SandboxBank(0, CLOCK).start();
        sandbox.bank.today(TODAY);
        http = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + sandbox.port() + "/");
        bg = new BerlinGroupConnector(
                base.resolve("psd2/"),
                List.of(new Institution(
                        SandboxBank.INSTITUTION, "Sandbox Bank", "SNDBBEBB", List.of("BE"), 90, 180, "SANDBOX")),
                http,
                CLOCK);
        gc = new GoCardlessConnector(
                base.resolve("gocardless/api/v2/"), SandboxBank.GC_SECRET_ID, SandboxBank.GC_SECRET_KEY, http, CLOCK);
    }

    @AfterEach
    void stop() {
        sandbox.stop();
    }

    private HttpResponse<String> post(String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a consent and approves it on the SCA page; returns the provider consent id. */
    private String approved(BankConnector connector, String state) throws Exception {
        Authorisation a = connector.createConsent(new ConsentRequest(
                SandboxBank.INSTITUTION,
                TODAY.plusDays(90),
                90,
                state,
                "http://app.test/callback?state=" + state,
                "203.0.113.5"));
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(a.authorisationUrl())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("Approve", "Reject", "BE68539007547034");
        HttpResponse<String> back = post(a.authorisationUrl() + "/approve");
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location").orElseThrow())
                .startsWith("http://app.test/callback?state=" + state);
        return a.providerConsentId();
    }

    @Test
    void berlinGroup_consentApprovedOnTheScaPage_accountsAndPagedTransactions() throws Exception {
        String consent = approved(bg, "s1");
        assertThat(bg.consentStatus(consent).status()).isEqualTo(ConsentLifecycle.ACTIVE);
        List<Account> accounts = bg.accounts(consent);
        assertThat(accounts).extracting(Account::iban).containsExactly("BE68539007547034", "NL91ABNA0417164300");
        TransactionReport report =
                bg.transactions(consent, accounts.get(0).accountId(), TODAY.minusDays(89), new Psu("203.0.113.5"));
        assertThat(report.pages()).isGreaterThan(1);
        assertThat(report.booked())
                .isNotEmpty()
                .allMatch(t ->
                        t.bookingDate() != null && t.providerTransactionId().startsWith("BKD-"));
        assertThat(report.transactions())
                .extracting(CanonicalTransaction::bankTransactionCode)
                .contains("PMNT-CCRD-POSD", "PMNT-RCDT-ESCT", "PMNT-ICDT-SALA", "PMNT-ICDT-TAXS", "ACMT-MDOP-CHRG");
        assertThat(report.transactions())
                .anyMatch(t -> t.structuredReference() != null
                        && t.structuredReference().startsWith("RF"));
        assertThat(report.transactions())
                .anyMatch(t -> t.remittanceInformation() != null
                        && t.remittanceInformation().startsWith("Acompte"));
        assertThat(report.transactions())
                .anyMatch(t -> t.remittanceInformation() != null
                        && t.remittanceInformation().startsWith("Factures"));
        // the NL account reports every amount positive with an indicator, and no ids: mapped back to signed amounts
        TransactionReport nl =
                bg.transactions(consent, accounts.get(1).accountId(), TODAY.minusDays(30), new Psu("203.0.113.5"));
        assertThat(nl.transactions())
                .anyMatch(t -> t.amount().signum() < 0)
                .anyMatch(t -> t.amount().signum() > 0)
                .allMatch(t -> t.providerTransactionId() == null);
    }

    @Test
    void theFifthUnattendedCallOfADayIsRefused_theUsersOwnCallsAreNot_andTheCountRestartsTheNextDay() throws Exception {
        String consent = approved(bg, "s2");
        String account = bg.accounts(consent).get(0).accountId();
        for (int i = 1; i <= 4; i++) {
            TransactionReport r = bg.transactions(consent, account, TODAY.minusDays(3), Psu.UNATTENDED);
            assertThat(r.rateLimit().remaining()).isEqualTo(4 - i);
        }
        assertThatThrownBy(() -> bg.transactions(consent, account, TODAY.minusDays(3), Psu.UNATTENDED))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> {
                    assertThat(e.code()).isEqualTo("ACCESS_EXCEEDED");
                    assertThat(e.resetAt()).isNotNull();
                });
        assertThat(bg.transactions(consent, account, TODAY.minusDays(3), new Psu("203.0.113.5"))
                        .transactions())
                .isNotEmpty();
        sandbox.bank.today(TODAY.plusDays(1));
        assertThat(bg.transactions(consent, account, TODAY.minusDays(3), Psu.UNATTENDED)
                        .rateLimit()
                        .remaining())
                .isEqualTo(3);
    }

    @Test
    void todaysPendingTransactionsAreBookedTheNextDayUnderOtherIds() throws Exception {
        String consent = approved(bg, "s3");
        String account = bg.accounts(consent).get(0).accountId();
        List<CanonicalTransaction> pending =
                bg.transactions(consent, account, TODAY, new Psu("1.2.3.4")).pending();
        assertThat(pending)
                .isNotEmpty()
                .allMatch(t -> t.bookingDate() == null && t.valueDate().equals(TODAY));
        sandbox.bank.today(TODAY.plusDays(1));
        List<CanonicalTransaction> booked =
                bg.transactions(consent, account, TODAY, new Psu("1.2.3.4")).booked().stream()
                        .filter(t -> TODAY.equals(t.bookingDate()) && "PMNT-CCRD-POSD".equals(t.bankTransactionCode()))
                        .toList();
        assertThat(booked)
                .extracting(CanonicalTransaction::amount)
                .containsExactlyElementsOf(
                        pending.stream().map(CanonicalTransaction::amount).toList());
        assertThat(booked)
                .extracting(CanonicalTransaction::providerTransactionId)
                .doesNotContainAnyElementsOf(pending.stream()
                        .map(CanonicalTransaction::providerTransactionId)
                        .toList());
    }

    @Test
    void aPaymentAskedForByATestAppears_pendingThenBookedUnderANewId() throws Exception {
        String consent = approved(bg, "s4");
        String account = bg.accounts(consent).get(0).accountId();
        HttpResponse<String> made = postJson("/admin/payments", """
                {"accountIban":"BE68 5390 0754 7034","amount":"1210.00","counterpartyName":"Brasserie du Parc SPRL",
                 "counterpartyIban":"BE71096123456769","structuredReference":"RF18539007547034","pending":true}""");
        assertThat(made.statusCode()).isEqualTo(201);
        assertThat(bg.transactions(consent, account, TODAY, new Psu("1.2.3.4")).pending())
                .anyMatch(t -> t.amount().equals(new BigDecimal("1210.00"))
                        && "RF18539007547034".equals(t.structuredReference())
                        && "BE71096123456769".equals(t.counterpartyIban()));
        assertThat(post("http://127.0.0.1:" + sandbox.port() + "/admin/payments/1/book")
                        .statusCode())
                .isEqualTo(200);
        TransactionReport after = bg.transactions(consent, account, TODAY, new Psu("1.2.3.4"));
        assertThat(after.booked())
                .anyMatch(t -> "ADM-BKD-1".equals(t.providerTransactionId()) && TODAY.equals(t.bookingDate()));
        assertThat(after.pending()).noneMatch(t -> t.amount().equals(new BigDecimal("1210.00")));
        assertThat(postJson("/admin/payments", "{\"amount\":\"abc\"}").body()).contains("amount");
    }

    @Test
    void aConsentPastItsEndIsRefusedAsExpired_aRejectedOneSendsTheUserBackWithAnError() throws Exception {
        String consent = approved(bg, "s5");
        String account = bg.accounts(consent).get(0).accountId();
        assertThat(post("http://127.0.0.1:" + sandbox.port() + "/admin/consents/" + consent + "/expire")
                        .statusCode())
                .isEqualTo(200);
        assertThatThrownBy(() -> bg.transactions(consent, account, TODAY, Psu.UNATTENDED))
                .isInstanceOf(ConsentExpiredException.class);
        assertThat(bg.consentStatus(consent).status()).isEqualTo(ConsentLifecycle.EXPIRED);

        Authorisation a = bg.createConsent(new ConsentRequest(
                SandboxBank.INSTITUTION, TODAY.plusDays(10), 90, null, "http://app.test/cb?state=r", null));
        HttpResponse<String> back = post(a.authorisationUrl() + "/reject");
        assertThat(back.headers().firstValue("Location").orElseThrow())
                .isEqualTo("http://app.test/cb?state=r&error=rejected");
        assertThat(bg.consentStatus(a.providerConsentId()).status()).isEqualTo(ConsentLifecycle.REJECTED);
        assertThat(post(a.authorisationUrl() + "/approve").statusCode())
                .as("an answered SCA is single use")
                .isEqualTo(409);
    }

    @Test
    void goCardless_requisitionLinked_accountIdsDifferPerConsent_rateLimitHeaders_revoke() throws Exception {
        String first = approved(gc, "g1");
        String second = approved(gc, "g2");
        assertThat(gc.consentStatus(first).status()).isEqualTo(ConsentLifecycle.ACTIVE);
        assertThat(gc.consentStatus(first).validUntil()).isEqualTo(TODAY.plusDays(90));
        List<Account> a1 = gc.accounts(first);
        List<Account> a2 = gc.accounts(second);
        assertThat(a1)
                .extracting(Account::iban)
                .containsExactlyElementsOf(a2.stream().map(Account::iban).toList());
        assertThat(a1)
                .extracting(Account::accountId)
                .doesNotContainAnyElementsOf(a2.stream().map(Account::accountId).toList());
        TransactionReport r = gc.transactions(first, a1.get(0).accountId(), TODAY.minusDays(10), Psu.UNATTENDED);
        assertThat(r.rateLimit().remaining()).isEqualTo(3);
        assertThat(r.booked()).allMatch(t -> t.providerTransactionId() != null);
        for (int i = 0; i < 3; i++) {
            gc.transactions(first, a1.get(0).accountId(), TODAY.minusDays(10), Psu.UNATTENDED);
        }
        assertThatThrownBy(() -> gc.transactions(first, a1.get(0).accountId(), TODAY.minusDays(10), Psu.UNATTENDED))
                .isInstanceOf(RateLimitedException.class);
        gc.revoke(first);
        assertThatThrownBy(() -> gc.consentStatus(first)).hasMessageContaining("404");
    }

    @Test
    void theSameDayAlwaysGivesTheSameTransactions() {
        DemoAccount a = sandbox.bank.accounts.get(0);
        for (LocalDate d = TODAY.minusDays(40); d.isBefore(TODAY); d = d.plusDays(1)) {
            assertThat(Generator.day(a, d, TODAY)).isEqualTo(Generator.day(a, d, TODAY));
        }
        assertThat(CreditorReference.create("F20260001"))
                .isEqualTo("RF12F20260001"); // ISO 11649 check digits, computed independently
    }
}
