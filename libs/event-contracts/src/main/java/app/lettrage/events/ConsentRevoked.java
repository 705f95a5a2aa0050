package app.lettrage.events;

import java.time.Instant;

/** A consent was revoked by a user (and at the provider). Key: {@code tenantId:consentId}. */
public record ConsentRevoked(
        String consentId, String tenantId, String institutionId, String revokedBy, Instant revokedAt)
        implements LettrageEvent {

    @Override
    public String subject() {
        return consentId;
    }
}
