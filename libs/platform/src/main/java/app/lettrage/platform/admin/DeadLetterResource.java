package app.lettrage.platform.admin;

import app.lettrage.platform.deadletter.DeadLetter;
import app.lettrage.platform.deadletter.DeadLetterReader;
import app.lettrage.platform.deadletter.DeadLetterRedrive;
import app.lettrage.platform.deadletter.DeadLetterTopics;
import app.lettrage.platform.deadletter.RedrivenDeadLetters;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.problem.QueryParams;
import app.lettrage.platform.tenant.TenantContext;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A tenant's admin inspects the dead letters of this service's consumers and sends one back to its source topic after
 * the fix is deployed (docs/operations.md, "Dead letters"). A dead letter belongs to the tenant its
 * {@code ce_tenantid} header names: another tenant's, or one without the header, is a 404 here. Kafka is read on a
 * worker thread; every read is bounded (DeadLetterReader).
 */
@Path("/api/admin/dead-letters")
@RolesAllowed("admin")
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: event flow")
public class DeadLetterResource {

    static final int MAX_LIMIT = 100;
    static final int MAX_PAGE = 1_000;
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final DeadLetterTopics topics;
    private final DeadLetterReader reader;
    private final DeadLetterRedrive redrive;
    private final RedrivenDeadLetters redriven;
    private final TenantContext tenant;

    public DeadLetterResource(
            DeadLetterTopics topics,
            DeadLetterReader reader,
            DeadLetterRedrive redrive,
            RedrivenDeadLetters redriven,
            TenantContext tenant) {
        this.topics = topics;
        this.reader = reader;
        this.redrive = redrive;
        this.redriven = redriven;
        this.tenant = tenant;
    }

    public record DeadLetterPage(
            String topic, int page, int limit, List<DeadLetter> items, boolean more, boolean truncated, int scanned) {}

    @GET
    @Operation(
            summary = "List the tenant's dead letters of a topic",
            description = "In (partition, offset) order, without headers and payload; at most "
                    + DeadLetterReader.SCAN_CAP + " records of the topic are read per request (truncated: true when"
                    + " the scan stopped there).")
    @APIResponse(responseCode = "404", description = "Not a dead-letter topic of this service")
    public DeadLetterPage list(
            @QueryParam("topic") String topic, @QueryParam("page") String page, @QueryParam("limit") String limit) {
        String tenantId = tenant.tenantId();
        String dlq = deadLetterTopic(topic);
        int p = bounded("page", page, 0, 0, MAX_PAGE);
        int l = bounded("limit", limit, 20, 1, MAX_LIMIT);
        DeadLetterReader.Page read = reader.list(dlq, r -> DeadLetter.belongsTo(r, tenantId), p * l, l);
        List<DeadLetter> letters =
                read.records().stream().map(r -> DeadLetter.of(r, false)).toList();
        Set<String> done = redriven.among(dlq, letters).await().atMost(DB_TIMEOUT);
        List<DeadLetter> items = letters.stream()
                .map(d -> d.withRedriven(done.contains(d.partition() + "/" + d.offset()))
                        .summary())
                .toList();
        return new DeadLetterPage(dlq, p, l, items, read.more(), read.truncated(), read.scanned());
    }

    @GET
    @Path("/{partition}/{offset}")
    @Operation(summary = "Show one dead letter: its headers (the failure's reason and cause) and payload")
    @APIResponse(responseCode = "404", description = "No such record, or another tenant's")
    public DeadLetter show(
            @QueryParam("topic") String topic,
            @PathParam("partition") String partition,
            @PathParam("offset") String offset) {
        String tenantId = tenant.tenantId();
        String dlq = deadLetterTopic(topic);
        ConsumerRecord<String, String> record = find(dlq, partition, offset, tenantId);
        DeadLetter letter = DeadLetter.of(record, false);
        boolean done =
                !redriven.among(dlq, List.of(letter)).await().atMost(DB_TIMEOUT).isEmpty();
        return DeadLetter.of(record, done);
    }

    @POST
    @Path("/{partition}/{offset}/redrive")
    @Operation(
            summary = "Send a dead letter back to its source topic, once",
            description = "The record goes back with its key, payload and CloudEvent headers (the same ce_id, so"
                    + " consumers' inboxes deduplicate it). Audited. A record already redriven is a 409.")
    @APIResponse(responseCode = "200", description = "Where the record now is on the source topic")
    @APIResponse(responseCode = "404", description = "No such record, or another tenant's")
    @APIResponse(responseCode = "409", description = "Already redriven")
    public DeadLetterRedrive.Redriven redrive(
            @QueryParam("topic") String topic,
            @PathParam("partition") String partition,
            @PathParam("offset") String offset) {
        String tenantId = tenant.tenantId();
        String dlq = deadLetterTopic(topic);
        ConsumerRecord<String, String> record = find(dlq, partition, offset, tenantId);
        return redrive.redrive(record, topics.sourceOf(dlq).orElseThrow(), tenantId, tenant.username())
                .await()
                .atMost(DB_TIMEOUT.plusSeconds(30));
    }

    /** The dead-letter topic named, as itself or by its source topic. */
    private String deadLetterTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw ProblemException.badRequest(
                    "topic", "is required: one of " + topics.all().keySet());
        }
        String name = topic.trim();
        if (topics.sourceOf(name).isPresent()) {
            return name;
        }
        return topics.all().entrySet().stream()
                .filter(e -> e.getValue().equals(name))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound(
                        "dead-letter topic",
                        name + " (this service has " + topics.all().keySet() + ")"));
    }

    private ConsumerRecord<String, String> find(String dlq, String partition, String offset, String tenantId) {
        int p = bounded("partition", partition, 0, 0, Integer.MAX_VALUE);
        long o = offset(offset);
        return reader.read(dlq, p, o)
                .filter(r -> DeadLetter.belongsTo(r, tenantId))
                .orElseThrow(() -> ProblemException.notFound("dead letter", dlq + "/" + p + "/" + o));
    }

    private static int bounded(String field, String value, int absent, int min, int max) {
        Integer n = QueryParams.integer(field, value);
        if (n == null) {
            return absent;
        }
        if (n < min || n > max) {
            throw ProblemException.badRequest(field, "must be between " + min + " and " + max);
        }
        return n;
    }

    private static long offset(String value) {
        try {
            long o = Long.parseLong(value.trim());
            if (o < 0) {
                throw ProblemException.badRequest("offset", "must not be negative");
            }
            return o;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("offset", "must be an integer");
        }
    }
}
