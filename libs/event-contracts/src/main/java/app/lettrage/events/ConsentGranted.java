package app.lettrage.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A consent became active: bank-sync may read these accounts until {@code validUntil}. Key: {@code tenantId:consentId}. */
public record ConsentGranted(
        String consentId,
        String tenantId,
        String institutionId,
        String provider,
        LocalDate validUntil,
        List<LinkedAccount> accounts,
        Instant grantedAt)
        implements LettrageEvent {

    public ConsentGranted {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
    }

    @Override
    public String subject() {
        return consentId;
    }
}
