package app.lettrage.banksync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A synced account's state changes, without a database. */
class SyncAccountTest {

    private static final Instant NOW = Instant.parse("2026-03-10T08:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-03-10");

    private static SyncAccount active() {
        SyncAccount s = SyncAccount.of("acme", UUID.randomUUID(), "BE68539007547034");
        s.linkTo(UUID.randomUUID(), "acc-1", TODAY.plusDays(90));
        return s;
    }

    @Test
    void aLinkedAccountIsActive_andALinkLiftsABackOff() {
        SyncAccount s = active();
        s.rateLimited(NOW.plusSeconds(600), "slow down", NOW);
        s.linkTo(UUID.randomUUID(), "acc-2", TODAY.plusDays(180));

        assertThat(s.status).isEqualTo(SyncAccount.Status.ACTIVE);
        assertThat(s.providerAccountId).isEqualTo("acc-2");
        assertThat(s.backOffUntil).isNull();
        assertThat(s.whyNoCall(NOW, false, 4)).isNull();
    }

    @Test
    void unattendedCallsAreCountedPerDay_attendedOnesAreNot() {
        SyncAccount s = active();
        for (int i = 0; i < 4; i++) {
            assertThat(s.whyNoCall(NOW, false, 4)).isNull();
            s.callReserved(NOW, false);
        }
        assertThat(s.whyNoCall(NOW, false, 4)).isEqualTo("the 4 unattended calls of 2026-03-10 are used");
        assertThat(s.whyNoCall(NOW, true, 4))
                .as("a user who is present may still call")
                .isNull();
        s.callReserved(NOW, true);
        assertThat(s.unattendedCalls).isEqualTo(4);
        assertThat(s.lastAttemptAt).isEqualTo(NOW);

        Instant tomorrow = NOW.plusSeconds(86_400);
        assertThat(s.whyNoCall(tomorrow, false, 4)).isNull();
        s.callReserved(tomorrow, false);
        assertThat(s.unattendedCalls).as("a new day, a new budget").isEqualTo(1);
    }

    @Test
    void rateLimited_noCallUntilTheBanksReset() {
        SyncAccount s = active();
        Instant until = NOW.plusSeconds(3600);
        s.rateLimited(until, "429 from the bank", NOW);

        assertThat(s.backOffUntil).isEqualTo(until);
        assertThat(s.lastError).isEqualTo("rate-limited until " + until + ": 429 from the bank");
        assertThat(s.lastErrorAt).isEqualTo(NOW);
        assertThat(s.whyNoCall(NOW, true, 4)).isEqualTo("rate-limited by the bank until " + until);
        assertThat(s.whyNoCall(until, false, 4)).as("at the reset").isNull();
    }

    @Test
    void expired_noCallUntilReauthorised() {
        SyncAccount s = active();
        s.expired("consent expired at the bank", NOW);

        assertThat(s.status).isEqualTo(SyncAccount.Status.EXPIRED);
        assertThat(s.lastError).isEqualTo("consent expired at the bank");
        assertThat(s.whyNoCall(NOW, true, 4)).isEqualTo("consent expired: re-authorise it");
    }

    @Test
    void aRevokedConsentEndsSyncing() {
        SyncAccount s = active();
        s.consentEnded(SyncAccount.Status.REVOKED, "consent revoked by alice", NOW);

        assertThat(s.status).isEqualTo(SyncAccount.Status.REVOKED);
        assertThat(s.lastError).isEqualTo("consent revoked by alice");
        assertThat(s.lastErrorAt).isEqualTo(NOW);
        assertThat(s.whyNoCall(NOW, false, 4)).isEqualTo("consent revoked: re-authorise it");
    }

    @Test
    void aFailureIsRecorded_cutToTheColumn_andTheNextSyncMayCall() {
        SyncAccount s = active();
        s.failed("x".repeat(800), NOW);

        assertThat(s.lastError).hasSize(SyncAccount.MAX_ERROR);
        assertThat(s.status).isEqualTo(SyncAccount.Status.ACTIVE);
        assertThat(s.whyNoCall(NOW, false, 4)).isNull();
    }

    @Test
    void aSyncClearsTheError_movesTheWindow_andBacksOffWhenTheBankSaysNoCallIsLeft() {
        SyncAccount s = active();
        assertThat(s.readFrom(TODAY, 3, 90)).as("first sync").isEqualTo(TODAY.minusDays(90));
        s.failed("timeout", NOW);
        Instant reset = NOW.plusSeconds(7200);

        s.synced(NOW, TODAY.minusDays(1), 0, reset, 5);

        assertThat(s.lastError).isNull();
        assertThat(s.lastErrorAt).isNull();
        assertThat(s.lastSuccessAt).isEqualTo(NOW);
        assertThat(s.importedTotal).isEqualTo(5);
        assertThat(s.rateRemaining).isZero();
        assertThat(s.backOffUntil).isEqualTo(reset);
        assertThat(s.readFrom(TODAY, 3, 90)).as("the overlap window").isEqualTo(TODAY.minusDays(4));

        s.synced(reset, TODAY, 10, reset.plusSeconds(60), 2);
        assertThat(s.backOffUntil).as("calls left: no back-off").isNull();
        assertThat(s.importedTotal).isEqualTo(7);
    }

    @Test
    void healthFollowsTheStateChanges() {
        SyncAccount s = active();
        assertThat(s.health(NOW)).isEqualTo(SyncAccount.Health.OK);
        s.failed("the bank answered 500", NOW);
        assertThat(s.health(NOW)).isEqualTo(SyncAccount.Health.FAILING);
        s.rateLimited(NOW.plusSeconds(600), "429", NOW);
        assertThat(s.health(NOW)).isEqualTo(SyncAccount.Health.RATE_LIMITED);
        assertThat(s.health(NOW.plusSeconds(600)))
                .as("the back-off is over and the last call had failed")
                .isEqualTo(SyncAccount.Health.FAILING);
        s.synced(NOW.plusSeconds(700), TODAY, 3, null, 1);
        assertThat(s.health(NOW.plusSeconds(700))).isEqualTo(SyncAccount.Health.OK);
        s.expired("CONSENT_EXPIRED", NOW);
        assertThat(s.health(NOW)).isEqualTo(SyncAccount.Health.EXPIRED);
        s.consentEnded(SyncAccount.Status.REVOKED, "revoked", NOW);
        assertThat(s.health(NOW)).isEqualTo(SyncAccount.Health.REVOKED);
    }
}
