package app.lettrage.consent;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A PSD2 account-information consent of one tenant at one institution, and the transitions of its lifecycle
 * ({@link ConsentStatus}). The services find, lock and store it; what a change does to it is decided here.
 */
@Entity
@Table(name = "consent")
public class Consent {

    /** Days ahead an expiry notice is published, furthest first. */
    public static final int[] NOTICE_DAYS = {14, 7};

    /** What one day's expiry check did to a consent. */
    public enum ExpiryCheck {
        /** Nothing due today. */
        NONE,
        /** An expiry notice is due: the consent is EXPIRING, {@link #expiryNoticeDays} says which notice. */
        NOTICE,
        /** Past its last day: the consent is EXPIRED. */
        EXPIRED
    }

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "institution_id", nullable = false)
    public String institutionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Provider provider;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ConsentStatus status;

    @Column(name = "valid_until", nullable = false)
    public LocalDate validUntil;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    /** The provider's consent reference (Berlin Group consentId, GoCardless requisition id), AES-GCM encrypted. */
    @Column(name = "provider_ref_enc")
    public String providerRefEnc;

    /** The provider reference of a renewal awaiting the user's authorisation (encrypted). */
    @Column(name = "pending_provider_ref_enc")
    public String pendingProviderRefEnc;

    /** SHA-256 (hex) of the one-time state of the authorisation in progress; null when none is. */
    @Column(name = "state_hash", columnDefinition = "bpchar(64)")
    public String stateHash;

    @Column(name = "state_actor")
    public String stateActor;

    @Column(name = "state_expires_at")
    public Instant stateExpiresAt;

    @Column(name = "requested_valid_until")
    public LocalDate requestedValidUntil;

    @Column(name = "authorised_at")
    public Instant authorisedAt;

    /** The smallest "days left" an expiry notice was published for (14, 7), null when none yet. */
    @Column(name = "expiry_notice_days")
    public Integer expiryNoticeDays;

    /** A consent recorded active at once with its accounts (POST /api/consents, without the bank's SCA). */
    public static Consent active(
            String tenantId, String institutionId, Provider provider, LocalDate validUntil, String actor, Instant now) {
        Consent c = create(UUID.randomUUID(), tenantId, institutionId, provider, validUntil, actor, now);
        c.status = ConsentStatus.ACTIVE;
        return c;
    }

    /**
     * A consent created at the provider ({@code providerRefEnc}, sealed to {@code id}), waiting for the user to
     * authorise it at the bank.
     */
    public static Consent awaitingAuthorisation(
            UUID id,
            String tenantId,
            String institutionId,
            Provider provider,
            LocalDate validUntil,
            String providerRefEnc,
            String actor,
            Instant now) {
        Consent c = create(id, tenantId, institutionId, provider, validUntil, actor, now);
        c.status = ConsentStatus.AWAITING_AUTHORISATION;
        c.requestedValidUntil = validUntil;
        c.providerRefEnc = providerRefEnc;
        return c;
    }

    private static Consent create(
            UUID id,
            String tenantId,
            String institutionId,
            Provider provider,
            LocalDate validUntil,
            String actor,
            Instant now) {
        Consent c = new Consent();
        c.id = id;
        c.tenantId = tenantId;
        c.institutionId = institutionId;
        c.provider = provider;
        c.validUntil = validUntil;
        c.createdBy = actor;
        c.createdAt = now;
        c.updatedAt = now;
        return c;
    }

    /**
     * Binds the one-time state of an authorisation in progress (its hash only) to this consent, to the user who
     * started it and to an expiry; a state bound before is replaced.
     */
    public void bindState(String stateHash, String actor, Instant expiresAt) {
        this.stateHash = stateHash;
        this.stateActor = actor;
        this.stateExpiresAt = expiresAt;
    }

    /** Whether the authorisation in progress was started by this user (only they may complete it). */
    public boolean stateStartedBy(String actor) {
        return actor.equals(stateActor);
    }

    /**
     * Consumes the state: it is single use, whatever happens next. Returns false when it had expired, and then also
     * drops the renewal it was for (the consent keeps its current access).
     */
    public boolean consumeState(Instant now) {
        boolean expired = stateExpiresAt.isBefore(now);
        stateHash = null;
        stateActor = null;
        stateExpiresAt = null;
        if (expired) {
            pendingProviderRefEnc = null;
        }
        return !expired;
    }

    /** Whether the authorisation in progress renews this consent (rather than granting it for the first time). */
    public boolean isRenewing() {
        return pendingProviderRefEnc != null;
    }

    /**
     * Starts a new authorisation of this consent (a renewal, before or after it expired) with the provider's new
     * reference; until the user completes it the consent keeps its current access. A rejected consent awaits the
     * user again.
     */
    public void startRenewal(String pendingProviderRefEnc, LocalDate validUntil, Instant now) {
        if (!status.isRenewable()) {
            throw new IllegalStateException("consent " + id + " is " + status + ": it cannot be renewed");
        }
        this.pendingProviderRefEnc = pendingProviderRefEnc;
        this.requestedValidUntil = validUntil;
        this.updatedAt = now;
        if (status == ConsentStatus.REJECTED) {
            status = ConsentStatus.AWAITING_AUTHORISATION;
        }
    }

    /**
     * The bank confirmed the user's authorisation: the consent is ACTIVE until the day asked for, or the bank's day
     * when it grants less; a renewal's reference replaces the old one, and the expiry notices start again.
     *
     * @param renewal          whether the authorisation completed was a renewal ({@link #isRenewing()} when it began)
     * @param bankValidUntil   the last day the bank grants, null when it did not say
     */
    public void authorise(boolean renewal, LocalDate bankValidUntil, Instant now) {
        if (renewal) {
            providerRefEnc = pendingProviderRefEnc;
            pendingProviderRefEnc = null;
        }
        LocalDate until = requestedValidUntil != null ? requestedValidUntil : validUntil;
        if (bankValidUntil != null && bankValidUntil.isBefore(until)) {
            until = bankValidUntil;
        }
        validUntil = until;
        status = ConsentStatus.ACTIVE;
        expiryNoticeDays = null;
        authorisedAt = now;
        updatedAt = now;
    }

    /**
     * The bank did not grant the authorisation. A refused renewal leaves the consent as it was; a first one is
     * REJECTED, or EXPIRED when the bank says the consent is already over.
     */
    public void reject(boolean renewal, boolean overAtBank, Instant now) {
        if (renewal) {
            pendingProviderRefEnc = null;
        } else {
            status = overAtBank ? ConsentStatus.EXPIRED : ConsentStatus.REJECTED;
        }
        updatedAt = now;
    }

    /** Whole days from {@code today} to the last day of access (negative once it has passed). */
    public long daysLeft(LocalDate today) {
        return ChronoUnit.DAYS.between(today, validUntil);
    }

    /**
     * The day's expiry check of an active consent: past its last day it expires; 14 and then 7 days ahead it is
     * EXPIRING with a notice due, each notice once (a consent authorised with less time left gets the nearest one).
     */
    public ExpiryCheck checkExpiry(LocalDate today, Instant now) {
        long left = daysLeft(today);
        if (left < 0) {
            expire(now);
            return ExpiryCheck.EXPIRED;
        }
        Integer notice = null;
        for (int d : NOTICE_DAYS) {
            if (left <= d && (expiryNoticeDays == null || expiryNoticeDays > d)) {
                notice = d;
            }
        }
        if (notice == null) {
            return ExpiryCheck.NONE;
        }
        expiryNoticeDays = notice;
        status = ConsentStatus.EXPIRING;
        updatedAt = now;
        return ExpiryCheck.NOTICE;
    }

    /** The consent is over (its last day passed, or the bank says so). */
    public void expire(Instant now) {
        status = ConsentStatus.EXPIRED;
        updatedAt = now;
    }

    /** Revokes a consent that is not over yet; returns the status it had. */
    public ConsentStatus revoke(Instant now) {
        if (!status.isRevocable()) {
            throw new IllegalStateException("consent " + id + " is " + status + ": it cannot be revoked");
        }
        ConsentStatus before = status;
        status = ConsentStatus.REVOKED;
        updatedAt = now;
        return before;
    }
}
