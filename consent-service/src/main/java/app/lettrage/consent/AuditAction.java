package app.lettrage.consent;

/** What happened to a consent; the PSD2 flow adds its steps (authorisation started, rejected, expired ...). */
public enum AuditAction {
    /** Created and active with its accounts (the skeleton grants at once). */
    GRANTED,
    REVOKED
}
