package app.lettrage.consent.rest;

import app.lettrage.consent.ConsentStatus;
import app.lettrage.consent.service.ConsentDetails;
import app.lettrage.consent.service.ConsentQueries;
import app.lettrage.consent.service.GrantConsent;
import app.lettrage.consent.service.RevokeConsent;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Consents as records: record one directly, list, read, revoke, and the audit trail. */
@Path("/api/consents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consents", description = "PSD2 account-information consents of the caller's tenant")
public class ConsentResource {

    private final GrantConsent grant;
    private final RevokeConsent revoke;
    private final ConsentQueries queries;
    private final TenantContext tenant;

    public ConsentResource(GrantConsent grant, RevokeConsent revoke, ConsentQueries queries, TenantContext tenant) {
        this.grant = grant;
        this.revoke = revoke;
        this.queries = queries;
        this.tenant = tenant;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(
            summary = "Record a consent with its accounts (active at once in this version) and publish ConsentGranted")
    public Uni<Response> create(@Valid @NotNull ConsentRequest request) {
        return grant.grant(tenant.tenantId(), tenant.username(), request.toNewConsent())
                .map(d -> Response.created(URI.create("/api/consents/" + d.consent().id))
                        .entity(ConsentView.of(d))
                        .build());
    }

    @GET
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "List consents, newest first, without their accounts")
    public Uni<Response> list(
            @Parameter(
                            description = "only consents in this status",
                            schema = @Schema(implementation = ConsentStatus.class))
                    @QueryParam("status")
                    String status,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return queries.list(tenant.tenantId(), status(status), page, size)
                .map(list -> Response.ok(list.stream().map(ConsentView::summary).toList())
                        .build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "Get a consent with its accounts")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return queries.get(tenant.tenantId(), id)
                .onItem()
                .ifNotNull()
                .transform(d -> Response.ok(ConsentView.of(d)).build())
                .replaceIfNullWith(() -> notFound(id));
    }

    @POST
    @Path("/{id}/revoke")
    @RolesAllowed("admin")
    @Operation(
            summary =
                    "Revoke a consent at the provider and here, and publish ConsentRevoked; a consent already over is a 409")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return revoke.revoke(tenant.tenantId(), tenant.username(), id)
                .onItem()
                .ifNotNull()
                .transform((ConsentDetails d) -> Response.ok(ConsentView.of(d)).build())
                .replaceIfNullWith(() -> {
                    throw ProblemException.notFound("consent", id.toString());
                });
    }

    @GET
    @Path("/{id}/audit")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The consent's audit trail, oldest first")
    public Uni<Response> audit(@PathParam("id") UUID id) {
        return queries.audit(tenant.tenantId(), id)
                .onItem()
                .ifNotNull()
                .transform(list -> Response.ok(
                                list.stream().map(AuditEntryView::of).toList())
                        .build())
                .replaceIfNullWith(() -> notFound(id));
    }

    /** A bad filter is the client's error (400 naming it), not the 404 JAX-RS gives a failed conversion. */
    private static ConsentStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ConsentStatus.valueOf(status.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status", "one of " + Arrays.toString(ConsentStatus.values()));
        }
    }

    private static Response notFound(UUID id) {
        throw ProblemException.notFound("consent", id.toString());
    }
}
