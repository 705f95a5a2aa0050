package app.lettrage.banksync.sync;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Reads an account's transactions through consent-service (POST /internal/consents/{id}/transactions) with this
 * service's client-credentials token. Blocking: call it off the event loop.
 */
@ApplicationScoped
public class ConsentServiceClient {

    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** The outcome of one read. */
    public sealed interface Outcome permits Fetched, RateLimited, ConsentOver, Failed {}

    public record Fetched(JsonNode report) implements Outcome {}

    public record RateLimited(Instant resetAt, String detail) implements Outcome {}

    public record ConsentOver(String detail) implements Outcome {}

    public record Failed(String detail) implements Outcome {}

    private final SyncConfig config;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Clock clock;
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    public ConsentServiceClient(SyncConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public Outcome transactions(String tenantId, UUID consentId, String accountId, LocalDate dateFrom, String psuIp) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenantId", tenantId);
        body.put("accountId", accountId);
        body.put("dateFrom", dateFrom.toString());
        body.put("psuIpAddress", psuIp);
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(config.consentServiceUrl()
                                    .resolve("/internal/consents/" + consentId + "/transactions"))
                            .timeout(Duration.ofMinutes(2))
                            .header("Authorization", "Bearer " + token())
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body() == null || r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
            String detail = json.path("detail").asText("HTTP " + r.statusCode());
            return switch (r.statusCode()) {
                case 200 -> new Fetched(json);
                case 429 -> new RateLimited(resetAt(json), detail);
                case 409 -> new ConsentOver(detail);
                default -> new Failed("consent-service answered " + r.statusCode() + ": " + detail);
            };
        } catch (IOException e) {
            return new Failed("consent-service unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed("interrupted");
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

    private synchronized String token() throws IOException, InterruptedException {
        if (token != null && clock.instant().plusSeconds(30).isBefore(tokenExpires)) {
            return token;
        }
        String form = "grant_type=client_credentials&client_id="
                + URLEncoder.encode(config.clientId(), StandardCharsets.UTF_8) + "&client_secret="
                + URLEncoder.encode(config.clientSecret(), StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(config.tokenUrl())
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("token endpoint answered " + r.statusCode());
        }
        JsonNode t = JSON.readTree(r.body());
        token = t.path("access_token").asText();
        tokenExpires = clock.instant().plusSeconds(t.path("expires_in").asLong(60));
        return token;
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
