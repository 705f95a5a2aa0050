package app.lettrage.consent.rest;

import app.lettrage.consent.ConsentStatus;
import app.lettrage.consent.Provider;
import app.lettrage.consent.service.ConsentDetails;
import app.lettrage.consent.service.ConsentFlowService;
import app.lettrage.consent.service.ConsentService;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/consents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consents", description = "PSD2 account-information consents of the caller's tenant")
public class ConsentResource {

    private final ConsentService service;
    private final ConsentFlowService flow;
    private final TenantContext tenant;

    public ConsentResource(ConsentService service, ConsentFlowService flow, TenantContext tenant) {
        this.service = service;
        this.flow = flow;
        this.tenant = tenant;
    }

    @Schema(name = "AuthorisationRequest", description = "Which bank to connect, through which provider, until when")
    public record StartRequest(
            @Schema(example = "SANDBOX_BANK_SNDBBEBB")
            @NotBlank
            @Size(max = 64)
            @Pattern(regexp = "[A-Za-z0-9_.\\-]*", message = "letters, digits, '_', '.' and '-' only")
            String institutionId,

            @Schema(example = "SANDBOX") @NotNull Provider provider,

            @Schema(description = "Last day of access; at most 180 days ahead (less if the bank says so)") @NotNull
            LocalDate validUntil) {}

    @Schema(name = "ReauthorisationRequest")
    public record RenewRequest(@NotNull LocalDate validUntil) {}

    @Schema(name = "CallbackRequest", description = "What the bank sent the user back with")
    public record CallbackRequest(
            @NotBlank @Size(max = 128) String state,
            @Size(max = 200) String error) {}

    @Schema(name = "Authorisation", description = "A consent awaiting the user at the bank, and where to send them")
    public record AuthorisationView(ConsentView consent, String authorisationUrl) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(
            summary = "Record a consent with its accounts (active at once in this version) and publish ConsentGranted")
    public Uni<Response> create(@Valid @NotNull ConsentRequest request) {
        return service.grant(tenant.tenantId(), tenant.username(), request.toNewConsent())
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
        return service.list(tenant.tenantId(), status(status), page, size)
                .map(list -> Response.ok(list.stream().map(ConsentView::summary).toList())
                        .build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "Get a consent with its accounts")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return service.get(tenant.tenantId(), id)
                .onItem()
                .ifNotNull()
                .transform(d -> Response.ok(ConsentView.of(d)).build())
                .replaceIfNullWith(() -> notFound(id));
    }

    @POST
    @Path("/authorisations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(
            summary = "Start connecting a bank: creates the consent at the provider; send the user to authorisationUrl")
    public Uni<Response> start(@Valid @NotNull StartRequest request, @Context HttpServerRequest http) {
        return flow.start(
                        tenant.tenantId(),
                        tenant.username(),
                        request.provider(),
                        request.institutionId().trim(),
                        request.validUntil(),
                        ip(http))
                .map(s -> Response.created(
                                URI.create("/api/consents/" + s.consent().consent().id))
                        .entity(new AuthorisationView(ConsentView.of(s.consent()), s.authorisationUrl()))
                        .build());
    }

    @POST
    @Path("/{id}/reauthorise")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Renew a consent (before or after it expired): same consent, same accounts once authorised")
    public Uni<Response> reauthorise(
            @PathParam("id") UUID id, @Valid @NotNull RenewRequest request, @Context HttpServerRequest http) {
        return flow.reauthorise(tenant.tenantId(), tenant.username(), id, request.validUntil(), ip(http))
                .onItem()
                .ifNotNull()
                .transform(s -> Response.ok(new AuthorisationView(ConsentView.of(s.consent()), s.authorisationUrl()))
                        .build())
                .replaceIfNullWith(() -> {
                    throw ProblemException.notFound("consent", id.toString());
                });
    }

    @POST
    @Path("/callback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(
            summary =
                    "The user is back from the bank: completes the authorisation started by the same user (single use)")
    public Uni<Response> callback(@Valid @NotNull CallbackRequest request) {
        return flow.callback(tenant.tenantId(), tenant.username(), request.state(), request.error())
                .map(d -> Response.ok(ConsentView.of(d)).build());
    }

    @POST
    @Path("/{id}/revoke")
    @RolesAllowed("admin")
    @Operation(
            summary =
                    "Revoke a consent at the provider and here, and publish ConsentRevoked; a consent already over is a 409")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        String t = tenant.tenantId();
        String user = tenant.username();
        return flow.revokeAtProvider(t, id)
                .flatMap(x -> service.revoke(t, user, id))
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
        return service.audit(tenant.tenantId(), id)
                .onItem()
                .ifNotNull()
                .transform(list -> Response.ok(
                                list.stream().map(AuditEntryView::of).toList())
                        .build())
                .replaceIfNullWith(() -> notFound(id));
    }

    /** The user's address for the bank (PSU-IP-Address): the first X-Forwarded-For hop, else the peer. */
    private static String ip(HttpServerRequest http) {
        String fwd = http.getHeader("X-Forwarded-For");
        if (fwd != null && !fwd.isBlank()) {
            return Arrays.stream(fwd.split(",")).map(String::trim).findFirst().orElse(null);
        }
        return http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
    }

    /** A bad filter is the client's error (400 naming it), not the 404 JAX-RS gives a failed conversion. */
    private static ConsentStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ConsentStatus.valueOf(status.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("status", "one of " + java.util.Arrays.toString(ConsentStatus.values()));
        }
    }

    private static Response notFound(UUID id) {
        throw ProblemException.notFound("consent", id.toString());
    }
}
