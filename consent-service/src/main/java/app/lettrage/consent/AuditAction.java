package app.lettrage.consent;

/** What happened to a consent. */
public enum AuditAction {
    /** Recorded active at once with its accounts (POST /api/consents, without the bank's SCA). */
    GRANTED,
    /** A consent was created at the provider and the user sent to the bank's authorisation page. */
    AUTHORISATION_STARTED,
    /** A new authorisation of an existing consent was started (renewal before or after expiry). */
    REAUTHORISATION_STARTED,
    /** The bank confirmed the user's authorisation; the accounts were linked (relinked by IBAN on renewal). */
    AUTHORISED,
    /** The user refused or the bank rejected the authorisation. */
    REJECTED,
    /** The expiry notice (14 or 7 days ahead) was published. */
    EXPIRING,
    EXPIRED,
    REVOKED
}
