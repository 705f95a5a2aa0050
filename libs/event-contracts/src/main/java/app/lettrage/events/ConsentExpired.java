package app.lettrage.events;

import java.time.Instant;

/** A consent expired: no more syncs until it is re-authorised. Key: {@code tenantId:consentId}. */
public record ConsentExpired(String consentId, String tenantId, String institutionId, Instant expiredAt)
        implements LettrageEvent {

    @Override
    public String subject() {
        return consentId;
    }
}
