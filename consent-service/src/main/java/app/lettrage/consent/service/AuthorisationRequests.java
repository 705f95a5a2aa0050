package app.lettrage.consent.service;

import app.lettrage.bankconnectors.ConsentRequest;
import app.lettrage.bankconnectors.Institution;
import app.lettrage.consent.config.ConsentConfig;
import app.lettrage.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What an authorisation at the bank is asked with: a validity the bank grants, and a one-time state. The state sent
 * with the user to the bank is 256 random bits; only its SHA-256 is stored, bound to the consent, to the user who
 * started it and to an expiry, so a database reader cannot complete someone's authorisation.
 */
@ApplicationScoped
public class AuthorisationRequests {

    private final ConsentConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public AuthorisationRequests(ConsentConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** A new state: 256 random bits, URL-safe. */
    public String newState() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** What is stored of a state: its SHA-256, hex. */
    public static String hash(String state) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until when a state started now may be used. */
    public Instant stateExpiresAt(Instant now) {
        return now.plus(config.stateTtl());
    }

    /**
     * The provider request for the institution, after checking the validity asked for against this deployment's and
     * the bank's maximum (a 400 naming validUntil); the bank sends the user back with the state.
     *
     * @param reference our reference of the request at the provider
     */
    public ConsentRequest request(
            Institution institution, LocalDate validUntil, String reference, String state, String psuIp) {
        checkValidity(validUntil, institution);
        return new ConsentRequest(
                institution.id(), validUntil, institution.historyDays(), reference, redirectUri(state), psuIp);
    }

    private void checkValidity(LocalDate validUntil, Institution institution) {
        LocalDate today = LocalDate.now(clock);
        int max = Math.min(config.maxValidityDays(), institution.maxConsentDays());
        if (validUntil == null) {
            throw ProblemException.badRequest("validUntil", "required");
        }
        if (!validUntil.isAfter(today)) {
            throw ProblemException.badRequest("validUntil", "must be after today (" + today + ")");
        }
        if (validUntil.isAfter(today.plusDays(max))) {
            throw ProblemException.badRequest(
                    "validUntil",
                    institution.name() + " grants at most " + max + " days: at the latest " + today.plusDays(max));
        }
    }

    private String redirectUri(String state) {
        String base = config.redirectUri().toString();
        return base + (base.contains("?") ? "&" : "?") + "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }
}
