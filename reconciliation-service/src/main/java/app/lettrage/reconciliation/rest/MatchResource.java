package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.tenant.TenantContext;
import app.lettrage.reconciliation.rest.Views.MatchView;
import app.lettrage.reconciliation.service.ReconciliationQueries;
import app.lettrage.reconciliation.service.ReconciliationWorkflow;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A tenant's matches, with their allocations and reasons, and undo. Another tenant's match is a 404. */
@Path("/api/matches")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reconciliation")
public class MatchResource {

    private final ReconciliationQueries queries;
    private final ReconciliationWorkflow workflow;
    private final TenantContext tenant;

    public MatchResource(ReconciliationQueries queries, ReconciliationWorkflow workflow, TenantContext tenant) {
        this.queries = queries;
        this.workflow = workflow;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "Matches, newest first (undone ones included, with undoneAt)")
    public Uni<Response> matches(
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return queries.matches(tenant.tenantId(), page, size)
                .map(list ->
                        Response.ok(list.stream().map(MatchView::of).toList()).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "One match with its allocations and reasons")
    @APIResponse(responseCode = "404", description = "No such match of the tenant")
    public Uni<Response> match(@PathParam("id") String id) {
        UUID matchId = parseUuid(id);
        return queries.match(tenant.tenantId(), matchId)
                .onItem()
                .ifNotNull()
                .transform(m -> Response.ok(MatchView.of(m)).build())
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("match", id));
    }

    @POST
    @Path("/{id}/undo")
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary =
                    "Undo a match: invoices get their amount due back (PaymentUnmatched); the transaction is unmatched "
                            + "and its invoices are not proposed for it again")
    @APIResponse(responseCode = "404", description = "No such match of the tenant")
    @APIResponse(responseCode = "409", description = "Already undone")
    public Uni<Response> undo(@PathParam("id") String id, @QueryParam("reason") @Size(max = 500) String reason) {
        UUID matchId = parseUuid(id);
        return workflow.undo(tenant.tenantId(), matchId, tenant.username(), reason)
                .onItem()
                .ifNotNull()
                .transform(m -> Response.ok(MatchView.of(m)).build())
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("match", id));
    }

    /** An id that is no UUID names no match: a 404, as any other unknown id. */
    private static UUID parseUuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("match", id);
        }
    }
}
