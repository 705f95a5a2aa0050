package app.lettrage.invoice.service;

import app.lettrage.invoice.IdempotencyRecord;
import app.lettrage.invoice.repository.IdempotencyRepository;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Idempotency-Key on POSTs: the first successful answer is stored with the effect, in the same transaction, and a
 * retry with the same key and the same request gets that answer again (same status, body and Location) without a
 * second effect. The same key with another request is a 422. A failed request stores nothing, so it may be retried.
 * Keys are per tenant.
 * <p>
 * A request holds its key, before anything else, with a transaction-scoped advisory lock on (tenant, key) that it
 * only tries to take: a second request with the key while the first runs is answered at once with 409
 * idempotency-key-in-flight, instead of running the action beside it and being refused by the action's own rules (an
 * issue raced with itself used to answer the loser "not a draft", for the client's own request that had succeeded).
 * The lock is released by the first's commit or rollback, after which the key's record, or its absence, is what a
 * retry sees. The primary key of the record stays the backstop.
 */
@ApplicationScoped
public class IdempotencyService {

    public static final String HEADER = "Idempotency-Key";

    private final IdempotencyRepository records;
    private final ObjectMapper json;
    private final Clock clock;

    public IdempotencyService(IdempotencyRepository records, ObjectMapper json, Clock clock) {
        this.records = records;
        this.json = json;
        this.clock = clock;
    }

    /** A fingerprint of the request: method and path, and the body as parsed (so whitespace does not matter). */
    public String fingerprint(String method, String path, Object body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                sha.update(json.writeValueAsBytes(body));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code action} once per (tenant, key); without a key it simply runs it. */
    public Uni<Response> once(String tenantId, String key, String fingerprint, Supplier<Uni<Response>> action) {
        if (key == null) {
            return action.get();
        }
        if (key.isBlank() || key.length() > 200) {
            throw ProblemException.badRequest(HEADER, "must be 1 to 200 characters");
        }
        return run(tenantId, key, fingerprint, action)
                .onFailure(IdempotencyService::isKeyRace)
                .transform(e -> inFlight());
    }

    private Uni<Response> run(String tenantId, String key, String fingerprint, Supplier<Uni<Response>> action) {
        return Panache.withTransaction(() -> records.tryHold(tenantId, key).flatMap(held -> {
            if (!held) {
                return Uni.createFrom().failure(inFlight());
            }
            return replayOrRun(tenantId, key, fingerprint, action);
        }));
    }

    /** With the key held: the stored answer when there is one, else the action and its answer stored. */
    private Uni<Response> replayOrRun(String tenantId, String key, String fingerprint, Supplier<Uni<Response>> action) {
        return records.find(tenantId, key).flatMap(existing -> {
            if (existing != null) {
                if (!existing.requestHash.equals(fingerprint)) {
                    return Uni.createFrom()
                            .failure(new ProblemException(
                                    422,
                                    "idempotency-key-reused",
                                    "Unprocessable request",
                                    "this Idempotency-Key was used for another request; use a new key for a new request",
                                    List.of(new Problem.FieldError(HEADER, "already used for a different request"))));
                }
                Response.ResponseBuilder replay = Response.status(existing.status)
                        .type(MediaType.APPLICATION_JSON)
                        .entity(existing.body)
                        .header("Idempotent-Replayed", "true");
                if (existing.location != null) {
                    replay.header(HttpHeaders.LOCATION, existing.location);
                }
                return Uni.createFrom().item(replay.build());
            }
            return action.get().flatMap(response -> {
                IdempotencyRecord r = new IdempotencyRecord();
                r.tenantId = tenantId;
                r.key = key;
                r.requestHash = fingerprint;
                r.status = response.getStatus();
                r.location = response.getLocation() == null
                        ? null
                        : response.getLocation().toString();
                try {
                    r.body = json.writeValueAsString(response.getEntity());
                } catch (JsonProcessingException e) {
                    return Uni.createFrom().failure(e);
                }
                r.createdAt = clock.instant();
                return records.persist(r).call(records::flush).replaceWith(response);
            });
        });
    }

    private static ProblemException inFlight() {
        return new ProblemException(
                409,
                "idempotency-key-in-flight",
                "Conflict",
                "a request with this Idempotency-Key is being processed; retry it in a moment",
                List.of(new Problem.FieldError(HEADER, "in use by a concurrent request")));
    }

    private static boolean isKeyRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("idempotency_key_pkey")) {
                return true;
            }
        }
        return false;
    }
}
