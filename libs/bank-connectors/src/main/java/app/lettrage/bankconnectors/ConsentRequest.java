package app.lettrage.bankconnectors;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What to ask the provider for.
 *
 * @param reference   our own opaque reference of the consent (GoCardless requisition reference); never a secret
 * @param redirectUri where the bank sends the user back after SCA (it carries our state parameter)
 * @param psuIpAddress the user's IP address (they are present when creating a consent); may be null
 */
public record ConsentRequest(
        String institutionId,
        LocalDate validUntil,
        int historyDays,
        String reference,
        String redirectUri,
        String psuIpAddress) {

    public ConsentRequest {
        Objects.requireNonNull(institutionId, "institutionId");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(redirectUri, "redirectUri");
    }
}
