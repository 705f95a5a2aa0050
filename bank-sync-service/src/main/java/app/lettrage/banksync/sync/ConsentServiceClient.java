package app.lettrage.banksync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reads an account's transactions through consent-service ({@link ConsentServiceApi}) and says what came of it, as
 * the sync decides on it: the report, a rate limit with its reset, a consent that is over, or a failure. Blocking:
 * call it off the event loop.
 */
@ApplicationScoped
public class ConsentServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcome of one read. */
    public sealed interface Outcome permits Fetched, RateLimited, ConsentOver, Failed {}

    public record Fetched(JsonNode report) implements Outcome {}

    public record RateLimited(Instant resetAt, String detail) implements Outcome {}

    public record ConsentOver(String detail) implements Outcome {}

    public record Failed(String detail) implements Outcome {}

    private final ConsentServiceApi api;
    private final Clock clock;

    public ConsentServiceClient(@RestClient ConsentServiceApi api, Clock clock) {
        this.api = api;
        this.clock = clock;
    }

    public Outcome transactions(String tenantId, UUID consentId, String accountId, LocalDate dateFrom, String psuIp) {
        try {
            JsonNode report = api.transactions(
                    consentId, new ConsentServiceApi.TransactionsRequest(tenantId, accountId, dateFrom, psuIp));
            return new Fetched(report == null ? JSON.createObjectNode() : report);
        } catch (WebApplicationException e) {
            return answered(e.getResponse());
        } catch (TimeoutException e) {
            return new Failed("consent-service did not answer in time");
        } catch (ProcessingException e) {
            return new Failed(
                    "consent-service unreachable: " + rootCause(e).getClass().getSimpleName());
        } catch (RuntimeException e) {
            // e.g. the OIDC client filter cannot get a token: still a failed read, recorded on the account
            return new Failed(
                    "consent-service read failed: " + rootCause(e).getClass().getSimpleName());
        }
    }

    private Outcome answered(Response r) {
        JsonNode problem = problem(r);
        String detail = problem.path("detail").asText("HTTP " + r.getStatus());
        return switch (r.getStatus()) {
            case 429 -> new RateLimited(resetAt(problem), detail);
            case 409 -> new ConsentOver(detail);
            default -> new Failed("consent-service answered " + r.getStatus() + ": " + detail);
        };
    }

    /** The problem+json body of a refusal, or an empty object when there is none or it is not JSON. */
    private static JsonNode problem(Response r) {
        try {
            String body = r.readEntity(String.class);
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (RuntimeException | JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private Instant resetAt(JsonNode problem) {
        for (JsonNode e : problem.path("errors")) {
            if ("resetAt".equals(e.path("field").asText())) {
                try {
                    return Instant.parse(e.path("message").asText());
                } catch (DateTimeParseException ignored) {
                    // fall through to the default back-off
                }
            }
        }
        return clock.instant().plus(Duration.ofHours(1));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t.getCause() != null && depth < 10; depth++) {
            t = t.getCause();
        }
        return t;
    }
}
