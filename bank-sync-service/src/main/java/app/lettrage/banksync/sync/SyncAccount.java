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
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * A bank account synced through a consent, and how its syncing goes: its state changes (linked, call reserved, synced,
 * rate-limited, expired, failed, consent ended) are its own methods, so they are tested without a database.
 */
@Entity
@Table(name = "sync_account")
public class SyncAccount {

    public enum Status {
        ACTIVE,
        EXPIRED,
        REVOKED
    }

    /**
     * How an account's syncing goes, as ops watch it: OK; RATE_LIMITED while the bank asked to wait; FAILING when its
     * last call failed otherwise; EXPIRED or REVOKED when its consent ended. {@link SyncAccountRepository#countByHealth}
     * applies the same rule in SQL to every account at once.
     */
    public enum Health {
        OK,
        RATE_LIMITED,
        FAILING,
        EXPIRED,
        REVOKED
    }

    /** This account's {@link Health} at {@code now}. */
    public Health health(Instant now) {
        if (status == Status.EXPIRED) {
            return Health.EXPIRED;
        }
        if (status == Status.REVOKED) {
            return Health.REVOKED;
        }
        if (backOffUntil != null && backOffUntil.isAfter(now)) {
            return Health.RATE_LIMITED;
        }
        return lastErrorAt != null ? Health.FAILING : Health.OK;
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

    /** The longest error text kept (the column's length). */
    static final int MAX_ERROR = 500;

    /** A new row for the tenant's bank account {@code bankAccountId}; {@link #linkTo} makes it syncable. */
    public static SyncAccount of(String tenantId, UUID bankAccountId, String iban) {
        SyncAccount s = new SyncAccount();
        s.id = UUID.randomUUID();
        s.tenantId = tenantId;
        s.bankAccountId = bankAccountId;
        s.iban = iban;
        return s;
    }

    /** A consent was granted (or re-authorised) for this account: it is synced through it, from now on, at once. */
    public void linkTo(UUID consent, String providerAccount, LocalDate until) {
        consentId = consent;
        providerAccountId = providerAccount;
        status = Status.ACTIVE;
        validUntil = until;
        backOffUntil = null;
    }

    /** The consent ended ({@code ended}: EXPIRED or REVOKED): no more syncing until it is re-authorised. */
    public void consentEnded(Status ended, String why, Instant now) {
        status = ended;
        error(why, now);
    }

    /**
     * Why a sync may not call the bank now, or null: the consent ended, the bank asked to back off, or (unattended
     * only) the day's {@code unattendedPerDay} calls are spent.
     */
    public String whyNoCall(Instant now, boolean attended, int unattendedPerDay) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (status != Status.ACTIVE) {
            return "consent " + status.name().toLowerCase(Locale.ROOT) + ": re-authorise it";
        }
        if (backOffUntil != null && backOffUntil.isAfter(now)) {
            return "rate-limited by the bank until " + backOffUntil;
        }
        if (!attended && today.equals(callsDay) && unattendedCalls >= unattendedPerDay) {
            return "the " + unattendedPerDay + " unattended calls of " + today + " are used";
        }
        return null;
    }

    /** A call is about to be made: an unattended one counts against the day's budget before it is made. */
    public void callReserved(Instant now, boolean attended) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(callsDay)) {
            callsDay = today;
            unattendedCalls = 0;
        }
        if (!attended) {
            unattendedCalls++;
        }
        lastAttemptAt = now;
    }

    /** The first booking date to read: the overlap window before the last one seen, or the first sync's days. */
    public LocalDate readFrom(LocalDate today, int overlapDays, int firstSyncDays) {
        return lastBookedDate != null ? lastBookedDate.minusDays(overlapDays) : today.minusDays(firstSyncDays);
    }

    /**
     * A sync stored what the bank returned: {@code newestBooked} is the latest booking date seen, {@code remaining}
     * and {@code resetAt} the bank's rate limit as reported (null when not). When no call is left, syncing waits for
     * the reset instead of spending a call on a 429.
     */
    public void synced(Instant now, LocalDate newestBooked, Integer remaining, Instant resetAt, int imported) {
        lastSuccessAt = now;
        lastBookedDate = newestBooked;
        lastError = null;
        lastErrorAt = null;
        rateRemaining = remaining;
        backOffUntil = remaining != null && remaining <= 0 ? resetAt : null;
        importedTotal += imported;
    }

    /** The bank refused the call until {@code until}: no call before then. */
    public void rateLimited(Instant until, String detail, Instant now) {
        backOffUntil = until;
        error("rate-limited until " + until + ": " + detail, now);
    }

    /** The bank says the consent is over: no more syncing until it is re-authorised. */
    public void expired(String detail, Instant now) {
        status = Status.EXPIRED;
        error(detail, now);
    }

    /** The call failed otherwise: the next due sync tries again. */
    public void failed(String detail, Instant now) {
        error(detail, now);
    }

    private void error(String why, Instant now) {
        lastError = why == null || why.length() <= MAX_ERROR ? why : why.substring(0, MAX_ERROR);
        lastErrorAt = now;
    }
}
