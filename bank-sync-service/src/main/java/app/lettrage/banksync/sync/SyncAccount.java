package app.lettrage.banksync.sync;

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

/** A bank account synced through a consent, and how its syncing goes. */
@Entity
@Table(name = "sync_account")
public class SyncAccount {

    public enum Status {
        ACTIVE,
        EXPIRED,
        REVOKED
    }

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "bank_account_id", nullable = false)
    public UUID bankAccountId;

    @Column(name = "consent_id", nullable = false)
    public UUID consentId;

    @Column(name = "provider_account_id", nullable = false)
    public String providerAccountId;

    @Column(nullable = false)
    public String iban;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "valid_until")
    public LocalDate validUntil;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_success_at")
    public Instant lastSuccessAt;

    /** The latest booking date seen: the next sync starts the overlap window before it. */
    @Column(name = "last_booked_date")
    public LocalDate lastBookedDate;

    @Column(name = "calls_day")
    public LocalDate callsDay;

    @Column(name = "unattended_calls", nullable = false)
    public int unattendedCalls;

    @Column(name = "rate_remaining")
    public Integer rateRemaining;

    @Column(name = "back_off_until")
    public Instant backOffUntil;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "last_error_at")
    public Instant lastErrorAt;

    @Column(name = "imported_total", nullable = false)
    public long importedTotal;

    @Version
    public long version;
}
