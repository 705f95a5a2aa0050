package app.lettrage.bankconnectors;

import java.time.LocalDate;
import java.util.Locale;

/**
 * One consent lifecycle for every provider: CREATED → AWAITING_AUTHORISATION (the user is at the bank's SCA) →
 * ACTIVE → EXPIRING (renewal due within 14 days) → EXPIRED; or REJECTED (SCA failed or refused), REVOKED.
 */
public enum ConsentLifecycle {
    CREATED,
    AWAITING_AUTHORISATION,
    ACTIVE,
    EXPIRING,
    EXPIRED,
    REJECTED,
    REVOKED;

    /** Days before the end of validity from which an active consent is EXPIRING. */
    public static final int EXPIRING_DAYS = 14;

    /**
     * Berlin Group NextGenPSD2 consentStatus (received, rejected, valid, revokedByPsu, expired, terminatedByTpp,
     * partiallyAuthorised) refined by the authorisation's scaStatus (received, psuIdentified, psuAuthenticated,
     * scaMethodSelected, unconfirmed, started, finalised, failed, exempted) when known (else null).
     */
    public static ConsentLifecycle fromBerlinGroup(String consentStatus, String scaStatus) {
        String sca = scaStatus == null ? null : scaStatus.trim();
        String status = consentStatus == null ? "" : consentStatus.trim();
        switch (status) {
            case "valid":
                return ACTIVE;
            case "expired":
                return EXPIRED;
            case "rejected":
                return REJECTED;
            case "revokedByPsu":
            case "terminatedByTpp":
                return REVOKED;
            case "received":
            case "partiallyAuthorised":
                if ("failed".equals(sca)) {
                    return REJECTED;
                }
                return sca == null ? CREATED : AWAITING_AUTHORISATION;
            default:
                throw new ProviderResponseException(
                        "consentStatus", "unknown Berlin Group consent status '" + status + "'");
        }
    }

    /**
     * GoCardless requisition status: CR created, GC giving consent, UA undergoing authentication, RJ rejected,
     * SA selecting accounts, GA granting access, LN linked, EX expired (also the long names of the v1 API).
     */
    public static ConsentLifecycle fromGoCardless(String status) {
        String s = status == null ? "" : status.trim().toUpperCase(Locale.ROOT);
        return switch (s) {
            case "CR", "CREATED" -> CREATED;
            case "GC",
                    "GIVING_CONSENT",
                    "UA",
                    "UNDERGOING_AUTHENTICATION",
                    "SA",
                    "SELECTING_ACCOUNTS",
                    "GA",
                    "GRANTING_ACCESS" -> AWAITING_AUTHORISATION;
            case "LN", "LINKED" -> ACTIVE;
            case "RJ", "REJECTED" -> REJECTED;
            case "EX", "EXPIRED" -> EXPIRED;
            case "SU", "SUSPENDED" -> REVOKED;
            default ->
                throw new ProviderResponseException("status", "unknown GoCardless requisition status '" + status + "'");
        };
    }

    /** An ACTIVE consent within {@link #EXPIRING_DAYS} of its end is EXPIRING, and EXPIRED after it. */
    public ConsentLifecycle at(LocalDate validUntil, LocalDate today) {
        if ((this == ACTIVE || this == EXPIRING) && validUntil != null) {
            if (today.isAfter(validUntil)) {
                return EXPIRED;
            }
            return today.plusDays(EXPIRING_DAYS).isBefore(validUntil) ? ACTIVE : EXPIRING;
        }
        return this;
    }

    /** Whether transactions may be read under it. */
    public boolean usable() {
        return this == ACTIVE || this == EXPIRING;
    }
}
