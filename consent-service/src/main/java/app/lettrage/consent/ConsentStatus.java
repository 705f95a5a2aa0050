package app.lettrage.consent;

/**
 * CREATED → AWAITING_AUTHORISATION (the user is at the bank's SCA) → ACTIVE → EXPIRING (renewal due soon) → EXPIRED;
 * the bank may answer REJECTED, the user may revoke (REVOKED). The skeleton creates consents ACTIVE directly.
 */
public enum ConsentStatus {
    CREATED,
    AWAITING_AUTHORISATION,
    ACTIVE,
    EXPIRING,
    EXPIRED,
    REJECTED,
    REVOKED;

    /** Whether the consent can still be revoked: it is not over yet. */
    public boolean isRevocable() {
        return this == CREATED || this == AWAITING_AUTHORISATION || this == ACTIVE || this == EXPIRING;
    }

    /** Whether the consent gives access to the accounts now: authorised and not over yet. */
    public boolean givesAccess() {
        return this == ACTIVE || this == EXPIRING;
    }

    /** Whether a new authorisation may renew the consent: it exists at the provider and the user did not end it. */
    public boolean isRenewable() {
        return this != CREATED && this != REVOKED;
    }
}
