package app.lettrage.events;

import java.time.Instant;
import java.time.LocalDate;

/** A consent expires in {@code daysLeft} days (published 14 and 7 days ahead). Key: {@code tenantId:consentId}. */
public record ConsentExpiring(
        String consentId, String tenantId, String institutionId, LocalDate validUntil, int daysLeft, Instant notifiedAt)
        implements LettrageEvent {

    @Override
    public String subject() {
        return consentId;
    }
}
