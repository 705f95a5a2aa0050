package app.lettrage.banksync.sync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.banksync.sync.ScriptedConsentService.Reply;
import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.ConsentExpired;
import app.lettrage.events.ConsentGranted;
import app.lettrage.events.ConsentRevoked;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.LettrageEvent;
import app.lettrage.events.LinkedAccount;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.identifiers.Iban;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(ScriptedConsentService.class)
class OpenBankingSyncTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final LocalDate TODAY = LocalDate.now(java.time.ZoneOffset.UTC);

    @Inject
    SyncOneAccount sync;

    @Inject
    SyncAccountRepository syncAccounts;

    @Inject
    SyncAccountGauge gauge;

    @Inject
    MeterRegistry meters;

    @Inject
    Clock clock;

    static void publish(LettrageEvent event) {
        TopicProbe.send(
                ServiceTestStack.bootstrapServers(),
                Topics.CONSENTS,
                event.key(),
                EventJson.write(event),
                CloudEventHeaders.ID,
                UUID.randomUUID().toString(),
                CloudEventHeaders.TYPE,
                event.eventType().ceType(),
                CloudEventHeaders.SPEC_VERSION,
                "1.0",
                CloudEventHeaders.SOURCE,
                event.eventType().source(),
                CloudEventHeaders.TENANT_ID,
                event.tenantId());
    }

    /** A fresh valid German IBAN, so each test has accounts of its own. */
    static String iban() {
        return Iban.of(
                "DE",
                String.format(
                        "%08d%010d", 37040044, ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L)));
    }

    /** Grants a consent with one account and waits until bank-sync syncs it; returns the sync account's JSON. */
    static JsonPath granted(String consentId, String providerAccountId, String iban) {
        publish(new ConsentGranted(
                consentId,
                "acme",
                "SANDBOX_BANK_SNDBBEBB",
                "SANDBOX",
                TODAY.plusDays(90),
                List.of(new LinkedAccount(providerAccountId, iban, "EUR", "Current")),
                Instant.now()));
        await().atMost(WAIT).until(() -> syncAccount(iban) != null);
        return syncAccount(iban);
    }

    static JsonPath syncAccount(String iban) {
        JsonPath all = given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/sync/accounts")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        int i = all.getList("iban").indexOf(iban);
        return i < 0 ? null : new JsonPath(all.prettify()).setRootPath("[" + i + "]");
    }

    static String tx(
            String id,
            String status,
            String amount,
            LocalDate booking,
            LocalDate value,
            String remittance,
            String structured) {
        return """
                {"providerTransactionId":%s,"status":"%s","amount":%s,"currency":"EUR","bookingDate":%s,"valueDate":%s,
                 "counterpartyName":"Brasserie du Parc","counterpartyIban":null,"remittanceInformation":%s,
                 "structuredReference":%s,"endToEndId":null,"bankTransactionCode":"PMNT"}""".formatted(q(id), status, amount, q(booking), q(value), q(remittance), q(structured));
    }

    static String q(Object o) {
        return o == null ? "null" : "\"" + o + "\"";
    }

    static Reply report(String... txs) {
        return new Reply(
                200,
                "{\"accountIban\":null,\"transactions\":[" + String.join(",", txs)
                        + "],\"rateLimitRemaining\":3,\"rateLimitResetAt\":null,\"pages\":1}");
    }

    static JsonPath syncNow(String user, String syncId, int status) {
        // a forged header from a client that is not a trusted proxy (the test profile trusts only 192.0.2.1)
        return given().header("Authorization", Tokens.bearer(user))
                .header("X-Forwarded-For", "198.51.100.7")
                .post("/api/sync/accounts/" + syncId + "/sync")
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    private SyncOneAccount.Result unattended(String syncId) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> sync.sync("acme", UUID.fromString(syncId), null));
    }

    @Test
    void pendingIsStoredThenReplacedByItsBookedVersionUnderAnotherId_neverCountedTwice() throws Throwable {
        String consent = UUID.randomUUID().toString();
        String iban = iban();
        String syncId = granted(consent, "acc-1", iban).getString("id");
        String pending = tx("PND-1", "PENDING", "-25.00", null, TODAY, "CARTE 12/03 SHOP", null);
        String invoice = tx(
                "BKD-7",
                "BOOKED",
                "1210.00",
                TODAY.minusDays(1),
                TODAY.minusDays(1),
                "Facture F2026-0042",
                "RF18539007547034");
        ScriptedConsentService.script(
                consent,
                report(pending, invoice),
                report(invoice, tx("BKD-8", "BOOKED", "-25.00", TODAY, TODAY, "CARTE 12/03 SHOP", null)),
                report(invoice, tx("BKD-8", "BOOKED", "-25.00", TODAY, TODAY, "CARTE 12/03 SHOP", null)));
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            assertThat(syncNow("arthur", syncId, 200).getInt("imported")).isEqualTo(2);
            List<TransactionImported> first = awaitImported(probe, iban, 2);
            TransactionImported p = first.stream()
                    .filter(t -> t.status() == TransactionImported.BookingStatus.PENDING)
                    .findFirst()
                    .orElseThrow();
            TransactionImported b = first.stream()
                    .filter(t -> t.status() == TransactionImported.BookingStatus.BOOKED)
                    .findFirst()
                    .orElseThrow();
            assertThat(p.bookingDate()).as("pending: its value date").isEqualTo(TODAY);
            assertThat(b.structuredReferenceType()).isEqualTo(ReferenceType.ISO11649);
            assertThat(b.source()).isEqualTo(TransactionImported.Source.OPEN_BANKING);

            JsonPath second = syncNow("arthur", syncId, 200);
            assertThat(second.getInt("imported")).isEqualTo(1);
            assertThat(second.getInt("superseded")).isEqualTo(1);
            List<TransactionImported> all = awaitImported(probe, iban, 3);
            TransactionImported booked = all.get(2);
            assertThat(booked.status()).isEqualTo(TransactionImported.BookingStatus.BOOKED);
            assertThat(booked.supersedesTransactionId()).isEqualTo(p.transactionId());
            assertThat(booked.amount()).as("at the currency's exponent").isEqualTo(new java.math.BigDecimal("-25.00"));
            assertThat(b.amount()).isEqualTo(new java.math.BigDecimal("1210.00"));

            assertThat(syncNow("arthur", syncId, 200).getInt("imported")).isZero();
            assertThat(probe.during(Duration.ofSeconds(1), r -> iban.equals(ibanOf(r))))
                    .hasSize(3);
        }
        // the user's own syncs send their address, the connection's peer and not the forged X-Forwarded-For, and
        // the window starts at the newest booking date minus the overlap
        List<ScriptedConsentService.Call> calls = ScriptedConsentService.calls(consent);
        assertThat(calls)
                .hasSize(3)
                .allMatch(c -> c.body().contains("\"psuIpAddress\":\"127.0.0.1\"")
                        && c.authorization().startsWith("Bearer "));
        assertThat(calls.get(0).body()).contains("\"dateFrom\":\"" + TODAY.minusDays(90) + "\"");
        assertThat(calls.get(1).body()).contains("\"dateFrom\":\"" + TODAY.minusDays(1 + 5) + "\"");
    }

    @Test
    void withoutProviderIdsAPendingIsMatchedByAmountDateAndText() throws Throwable {
        String consent = UUID.randomUUID().toString();
        String iban = iban();
        String syncId = granted(consent, "acc-nl", iban).getString("id");
        ScriptedConsentService.script(
                consent,
                report(
                        tx(null, "PENDING", "-80.10", null, TODAY.minusDays(2), "IKEA GENT", null),
                        tx(null, "PENDING", "-80.10", null, TODAY.minusDays(2), "DELHAIZE", null)),
                report(
                        tx(null, "BOOKED", "-80.10", TODAY, TODAY.minusDays(2), "IKEA  GENT", null),
                        tx(null, "PENDING", "-80.10", null, TODAY.minusDays(2), "DELHAIZE", null)));
        assertThat(syncNow("alice", syncId, 200).getInt("imported")).isEqualTo(2);
        JsonPath second = syncNow("alice", syncId, 200);
        assertThat(second.getInt("imported")).isEqualTo(1);
        assertThat(second.getInt("superseded")).isEqualTo(1);
    }

    @Test
    void theFifthUnattendedCallOfTheDayIsNotMade_aRateLimitBacksOffUntilItsReset() throws Throwable {
        String consent = UUID.randomUUID().toString();
        String syncId = granted(consent, "acc-2", iban()).getString("id");
        for (int i = 0; i < 5; i++) {
            ScriptedConsentService.script(consent, report());
        }
        for (int i = 0; i < 4; i++) {
            assertThat(unattended(syncId).called()).isTrue();
        }
        SyncOneAccount.Result fifth = unattended(syncId);
        assertThat(fifth.called()).isFalse();
        assertThat(fifth.skipped()).contains("4 unattended calls");
        assertThat(ScriptedConsentService.calls(consent))
                .hasSize(4)
                .allMatch(c -> c.body().contains("\"psuIpAddress\":null"));
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/sync/accounts/" + syncId)
                .then()
                .body("unattendedCallsToday", equalTo(4));
        // the user may still sync: not an unattended call
        assertThat(syncNow("alice", syncId, 200).getInt("imported")).isZero();

        String limited = UUID.randomUUID().toString();
        String limitedId = granted(limited, "acc-3", iban()).getString("id");
        Instant reset = Instant.now().plus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ScriptedConsentService.script(limited, new Reply(429, """
                {"status":429,"detail":"the bank refused the call (ACCESS_EXCEEDED)","errors":[{"field":"resetAt","message":"%s"}]}""".formatted(reset)));
        assertThat(unattended(limitedId).called()).isTrue();
        assertThat(unattended(limitedId).called()).as("backing off").isFalse();
        syncNow("alice", limitedId, 409);
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/sync/accounts/" + limitedId)
                .then()
                .body("backOffUntil", equalTo(reset.toString()))
                .body("lastError", org.hamcrest.Matchers.containsString("ACCESS_EXCEEDED"));
        assertThat(ScriptedConsentService.calls(limited)).hasSize(1);
    }

    @Test
    void anExpiredConsentStopsTheSync_reGrantingRelinksTheSameAccount_revokingStopsItAgain() throws Throwable {
        String consent = UUID.randomUUID().toString();
        String iban = iban();
        JsonPath first = granted(consent, "acc-old", iban);
        String syncId = first.getString("id");
        String bankAccountId = first.getString("bankAccountId");
        ScriptedConsentService.script(
                consent,
                new Reply(409, "{\"status\":409,\"detail\":\"the bank says the consent is over: CONSENT_EXPIRED\"}"));
        unattended(syncId);
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/sync/accounts/" + syncId)
                .then()
                .body("status", equalTo("EXPIRED"))
                .body("lastError", org.hamcrest.Matchers.containsString("CONSENT_EXPIRED"));
        assertThat(unattended(syncId).called()).isFalse();
        assertThat(ScriptedConsentService.calls(consent)).hasSize(1);

        publish(new ConsentExpired(consent, "acme", "SANDBOX_BANK_SNDBBEBB", Instant.now()));
        // re-authorised: the provider's account id changed, the IBAN did not
        publish(new ConsentGranted(
                consent,
                "acme",
                "SANDBOX_BANK_SNDBBEBB",
                "SANDBOX",
                TODAY.plusDays(180),
                List.of(new LinkedAccount("acc-new", iban, "EUR", "Current")),
                Instant.now()));
        await().atMost(WAIT).until(() -> "ACTIVE".equals(syncAccount(iban).getString("status")));
        JsonPath relinked = syncAccount(iban);
        assertThat(relinked.getString("id")).isEqualTo(syncId);
        assertThat(relinked.getString("bankAccountId")).isEqualTo(bankAccountId);
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/sync/accounts")
                .then()
                .body("findAll { it.iban == '" + iban + "' }.size()", equalTo(1));

        publish(new ConsentRevoked(consent, "acme", "SANDBOX_BANK_SNDBBEBB", "alice", Instant.now()));
        await().atMost(WAIT).until(() -> "REVOKED".equals(syncAccount(iban).getString("status")));
        given().header("Authorization", Tokens.bearer("bruno"))
                .get("/api/sync/accounts/" + syncId)
                .then()
                .statusCode(404);
        syncNow("bruno", syncId, 404);
    }

    @Test
    void theSyncAccountsGaugeCountsEveryAccountByTheHealthItsOwnRuleGives() throws Throwable {
        Instant now = clock.instant();
        String limited = granted(UUID.randomUUID().toString(), "acc-l", iban()).getString("id");
        String failing = granted(UUID.randomUUID().toString(), "acc-f", iban()).getString("id");
        String expired = granted(UUID.randomUUID().toString(), "acc-e", iban()).getString("id");
        String ok = granted(UUID.randomUUID().toString(), "acc-o", iban()).getString("id");
        assertThat(change(limited, s -> s.rateLimited(now.plusSeconds(3600), "429", now)))
                .isEqualTo(SyncAccount.Health.RATE_LIMITED);
        assertThat(change(failing, s -> s.failed("the bank answered 500", now))).isEqualTo(SyncAccount.Health.FAILING);
        assertThat(change(expired, s -> s.expired("CONSENT_EXPIRED", now))).isEqualTo(SyncAccount.Health.EXPIRED);
        assertThat(change(ok, s -> {})).isEqualTo(SyncAccount.Health.OK);

        // the gauge's SQL gives every account the state SyncAccount.health gives it (other tests' accounts included;
        // waited for, as a scheduled sync may change an account between the two reads)
        await().atMost(WAIT).untilAsserted(() -> {
            Instant at = clock.instant();
            Map<SyncAccount.Health, Long> expected =
                    VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(syncAccounts::listAll)).stream()
                            .collect(Collectors.groupingBy(s -> s.health(at), Collectors.counting()));
            VertxContextSupport.subscribeAndAwait(gauge::measure);
            for (SyncAccount.Health h : SyncAccount.Health.values()) {
                assertThat(meters.get("lettrage.sync.accounts")
                                .tag("state", h.name())
                                .gauge()
                                .value())
                        .as(h.name())
                        .isEqualTo(expected.getOrDefault(h, 0L).doubleValue());
            }
        });
    }

    /** Applies a state change to the stored account; returns its health then. */
    private SyncAccount.Health change(String id, Consumer<SyncAccount> change) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> syncAccounts.findById(UUID.fromString(id)).map(s -> {
                    change.accept(s);
                    return s.health(clock.instant());
                })));
    }

    private static String ibanOf(ConsumerRecord<String, String> r) {
        return EventType.TRANSACTION_IMPORTED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                ? EventJson.read(r.value(), TransactionImported.class).accountIban()
                : null;
    }

    private static List<TransactionImported> awaitImported(TopicProbe probe, String iban, int n) {
        await().atMost(WAIT)
                .until(() -> probe.during(Duration.ofMillis(200), r -> iban.equals(ibanOf(r)))
                                .size()
                        >= n);
        return probe.all().stream()
                .filter(r -> iban.equals(ibanOf(r)))
                .map(r -> EventJson.read(r.value(), TransactionImported.class))
                .toList();
    }
}
