package app.lettrage.platform.admin;

import app.lettrage.platform.outbox.OutboxRepublish;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's admin has this service publish the tenant's events again, for a subscriber that lost its data. */
@Path("/api/admin/outbox/republish")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: event flow")
public class OutboxRepublishResource {

    private final OutboxRepublish republish;
    private final TenantContext tenant;

    public OutboxRepublishResource(OutboxRepublish republish, TenantContext tenant) {
        this.republish = republish;
        this.tenant = tenant;
    }

    @POST
    @Operation(
            summary = "Publish the tenant's sent events again, from a time",
            description = "The events this service published for the tenant since `from` go back to its outbox"
                    + " queue and leave again in their original order with their original ids (consumers' inboxes"
                    + " skip those they already applied). At most " + OutboxRepublish.MAX_EVENTS
                    + " a call; `next`, when set, is the `from` of the next call. Audited.")
    public Uni<OutboxRepublish.Republished> republish(@QueryParam("from") String from) {
        String tenantId = tenant.tenantId();
        String actor = tenant.username();
        return republish.republish(tenantId, instant(from), actor);
    }

    private static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("from", "is required: an ISO-8601 instant such as 2026-12-05T08:00:00Z");
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("from", "must be an ISO-8601 instant such as 2026-12-05T08:00:00Z");
        }
    }
}
