package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.tenant.TenantContext;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.rest.Views.MatchView;
import app.lettrage.reconciliation.rest.Views.TransactionView;
import app.lettrage.reconciliation.service.ReconciliationService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reconciliation")
public class ReconciliationResource {

    private final ReconciliationService service;
    private final TenantContext tenant;

    public ReconciliationResource(ReconciliationService service, TenantContext tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    @GET
    @Path("/transactions")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "Imported transactions with their reconciliation state (PENDING, UNMATCHED, SUGGESTED, MATCHED)")
    public Uni<Response> transactions(@QueryParam("state") ReconTransaction.State state,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return service.transactions(tenant.tenantId(), state, page, size)
                .map(list -> Response.ok(list.stream().map(TransactionView::of).toList()).build());
    }

    @GET
    @Path("/matches")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "Matches, newest first (undone ones included, with undoneAt)")
    public Uni<Response> matches(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return service.matches(tenant.tenantId(), page, size)
                .map(list -> Response.ok(list.stream().map(MatchView::of).toList()).build());
    }

    @GET
    @Path("/matches/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "One match with its allocations and reasons")
    public Uni<Response> match(@PathParam("id") UUID id) {
        return service.match(tenant.tenantId(), id)
                .onItem().ifNotNull().transform(m -> Response.ok(MatchView.of(m)).build())
                .replaceIfNullWith(() -> notFound(id));
    }

    @POST
    @Path("/matches/{id}/undo")
    @RolesAllowed({"accountant", "admin"})
    @Operation(summary = "Undo a match: invoices get their amount due back (PaymentUnmatched)")
    public Uni<Response> undo(@PathParam("id") UUID id, @QueryParam("reason") @Size(max = 500) String reason) {
        return service.undo(tenant.tenantId(), id, tenant.username(), reason)
                .onItem().ifNotNull().transform(m -> Response.ok(MatchView.of(m)).build())
                .replaceIfNullWith(() -> notFound(id));
    }

    private static Response notFound(UUID id) {
        throw ProblemException.notFound("match", id.toString());
    }
}
