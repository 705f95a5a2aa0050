package app.lettrage.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.consent.Consent.ExpiryCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The consent's lifecycle on the entity alone: no database, no provider. */
class ConsentTest {

    private static final Instant NOW = Instant.parse("2026-06-15T09:30:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2026-06-15");

    private static Consent awaiting(LocalDate validUntil) {
        return Consent.awaitingAuthorisation(
                UUID.randomUUID(), "acme", "BANK", Provider.SANDBOX, validUntil, "v1:first", "alice", NOW);
    }

    private static Consent active(LocalDate validUntil) {
        Consent c = awaiting(validUntil);
        c.authorise(false, null, NOW);
        return c;
    }

    @Test
    void aStartedAuthorisationAwaitsTheUserWithTheValidityAskedFor() {
        Consent c = awaiting(TODAY.plusDays(90));
        assertThat(c.status).isEqualTo(ConsentStatus.AWAITING_AUTHORISATION);
        assertThat(c.requestedValidUntil).isEqualTo(TODAY.plusDays(90));
        assertThat(c.providerRefEnc).isEqualTo("v1:first");
        assertThat(c.createdAt).isEqualTo(NOW);
        assertThat(c.isRenewing()).isFalse();
    }

    @Test
    void aRecordedConsentIsActiveAtOnce() {
        Consent c = Consent.active("acme", "BANK", Provider.GOCARDLESS, TODAY.plusDays(30), "alice", NOW);
        assertThat(c.status).isEqualTo(ConsentStatus.ACTIVE);
        assertThat(c.id).isNotNull();
        assertThat(c.requestedValidUntil).isNull();
    }

    @Test
    void theStateBelongsToTheUserWhoStartedIt_andIsConsumedOnce() {
        Consent c = awaiting(TODAY.plusDays(30));
        c.bindState("hash", "alice", NOW.plus(Duration.ofMinutes(30)));
        assertThat(c.stateStartedBy("alice")).isTrue();
        assertThat(c.stateStartedBy("bruno")).isFalse();

        assertThat(c.consumeState(NOW.plus(Duration.ofMinutes(29)))).isTrue();
        assertThat(c.stateHash).isNull();
        assertThat(c.stateActor).isNull();
        assertThat(c.stateExpiresAt).isNull();
        assertThat(c.stateStartedBy("alice")).isFalse();
    }

    @Test
    void anExpiredStateIsConsumedToo_andDropsTheRenewalItWasFor() {
        Consent c = active(TODAY.plusDays(30));
        c.startRenewal("v1:renewal", TODAY.plusDays(120), NOW);
        c.bindState("hash", "alice", NOW.plus(Duration.ofMinutes(30)));

        assertThat(c.consumeState(NOW.plus(Duration.ofMinutes(31)))).isFalse();
        assertThat(c.stateHash).isNull();
        assertThat(c.isRenewing()).isFalse();
        assertThat(c.providerRefEnc).isEqualTo("v1:first");
        assertThat(c.status).isEqualTo(ConsentStatus.ACTIVE);
    }

    @Test
    void authorisedUntilTheDayAskedFor_orTheBanksDayWhenItGrantsLess() {
        Consent asked = awaiting(TODAY.plusDays(90));
        asked.authorise(false, TODAY.plusDays(120), NOW);
        assertThat(asked.status).isEqualTo(ConsentStatus.ACTIVE);
        assertThat(asked.validUntil).isEqualTo(TODAY.plusDays(90));
        assertThat(asked.authorisedAt).isEqualTo(NOW);

        Consent less = awaiting(TODAY.plusDays(90));
        less.authorise(false, TODAY.plusDays(60), NOW);
        assertThat(less.validUntil).isEqualTo(TODAY.plusDays(60));
    }

    @Test
    void aRenewalKeepsTheOldAccessUntilAuthorised_thenReplacesTheReference() {
        Consent c = active(TODAY.plusDays(20));
        c.startRenewal("v1:renewal", TODAY.plusDays(170), NOW);
        assertThat(c.isRenewing()).isTrue();
        assertThat(c.status).isEqualTo(ConsentStatus.ACTIVE);
        assertThat(c.providerRefEnc).isEqualTo("v1:first");
        assertThat(c.validUntil).isEqualTo(TODAY.plusDays(20));

        c.authorise(true, null, NOW.plusSeconds(60));
        assertThat(c.providerRefEnc).isEqualTo("v1:renewal");
        assertThat(c.isRenewing()).isFalse();
        assertThat(c.validUntil).isEqualTo(TODAY.plusDays(170));
        assertThat(c.authorisedAt).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void aRejectedConsentAwaitsTheUserAgainWhenRenewed_aRevokedOneCannotBeRenewed() {
        Consent rejected = awaiting(TODAY.plusDays(30));
        rejected.reject(false, false, NOW);
        rejected.startRenewal("v1:again", TODAY.plusDays(30), NOW);
        assertThat(rejected.status).isEqualTo(ConsentStatus.AWAITING_AUTHORISATION);

        Consent revoked = active(TODAY.plusDays(30));
        revoked.revoke(NOW);
        assertThat(revoked.status.isRenewable()).isFalse();
        assertThatThrownBy(() -> revoked.startRenewal("v1:again", TODAY.plusDays(30), NOW))
                .isInstanceOf(IllegalStateException.class);
        assertThat(revoked.pendingProviderRefEnc).isNull();
    }

    @Test
    void aRefusalRejectsAFirstAuthorisation_expiresOneTheBankSaysIsOver_andLeavesARenewedConsentAsItWas() {
        Consent first = awaiting(TODAY.plusDays(30));
        first.reject(false, false, NOW);
        assertThat(first.status).isEqualTo(ConsentStatus.REJECTED);

        Consent over = awaiting(TODAY.plusDays(30));
        over.reject(false, true, NOW);
        assertThat(over.status).isEqualTo(ConsentStatus.EXPIRED);

        Consent renewing = active(TODAY.plusDays(30));
        renewing.startRenewal("v1:renewal", TODAY.plusDays(90), NOW);
        renewing.reject(true, false, NOW);
        assertThat(renewing.status).isEqualTo(ConsentStatus.ACTIVE);
        assertThat(renewing.isRenewing()).isFalse();
        assertThat(renewing.providerRefEnc).isEqualTo("v1:first");
        assertThat(renewing.validUntil).isEqualTo(TODAY.plusDays(30));
    }

    @Test
    void noticesFourteenAndSevenDaysAhead_eachOnce_thenExpired() {
        Consent c = active(TODAY.plusDays(16));
        assertThat(c.checkExpiry(TODAY, NOW)).isEqualTo(ExpiryCheck.NONE);
        assertThat(c.status).isEqualTo(ConsentStatus.ACTIVE);

        assertThat(c.checkExpiry(TODAY.plusDays(2), NOW)).isEqualTo(ExpiryCheck.NOTICE);
        assertThat(c.expiryNoticeDays).isEqualTo(14);
        assertThat(c.status).isEqualTo(ConsentStatus.EXPIRING);
        assertThat(c.checkExpiry(TODAY.plusDays(3), NOW)).isEqualTo(ExpiryCheck.NONE);

        assertThat(c.checkExpiry(TODAY.plusDays(9), NOW)).isEqualTo(ExpiryCheck.NOTICE);
        assertThat(c.expiryNoticeDays).isEqualTo(7);
        assertThat(c.checkExpiry(TODAY.plusDays(16), NOW)).isEqualTo(ExpiryCheck.NONE); // its last day

        assertThat(c.checkExpiry(TODAY.plusDays(17), NOW)).isEqualTo(ExpiryCheck.EXPIRED);
        assertThat(c.status).isEqualTo(ConsentStatus.EXPIRED);
    }

    @Test
    void aConsentWithLessTimeLeftGetsTheNearestNoticeOnly_andARenewalStartsTheNoticesAgain() {
        Consent c = active(TODAY.plusDays(5));
        assertThat(c.checkExpiry(TODAY, NOW)).isEqualTo(ExpiryCheck.NOTICE);
        assertThat(c.expiryNoticeDays).isEqualTo(7);
        assertThat(c.checkExpiry(TODAY.plusDays(1), NOW)).isEqualTo(ExpiryCheck.NONE);

        c.startRenewal("v1:renewal", TODAY.plusDays(100), NOW);
        c.authorise(true, null, NOW);
        assertThat(c.expiryNoticeDays).isNull();
        assertThat(c.status).isEqualTo(ConsentStatus.ACTIVE);
        assertThat(c.checkExpiry(TODAY.plusDays(86), NOW)).isEqualTo(ExpiryCheck.NOTICE);
        assertThat(c.expiryNoticeDays).isEqualTo(14);
    }

    @Test
    void revokingReturnsTheStatusItEnded_aConsentAlreadyOverCannotBeRevoked() {
        Consent c = active(TODAY.plusDays(30));
        assertThat(c.revoke(NOW.plusSeconds(5))).isEqualTo(ConsentStatus.ACTIVE);
        assertThat(c.status).isEqualTo(ConsentStatus.REVOKED);
        assertThat(c.updatedAt).isEqualTo(NOW.plusSeconds(5));
        assertThatThrownBy(() -> c.revoke(NOW)).isInstanceOf(IllegalStateException.class);

        Consent expired = active(TODAY.plusDays(30));
        expired.expire(NOW);
        assertThatThrownBy(() -> expired.revoke(NOW)).isInstanceOf(IllegalStateException.class);
        assertThat(expired.status).isEqualTo(ConsentStatus.EXPIRED);
    }
}
