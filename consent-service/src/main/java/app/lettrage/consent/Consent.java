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
import java.util.UUID;

/** A PSD2 account-information consent of one tenant at one institution. */
@Entity
@Table(name = "consent")
public class Consent {

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
}
