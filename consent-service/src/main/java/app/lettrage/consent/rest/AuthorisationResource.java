package app.lettrage.consent.rest;

import app.lettrage.consent.Provider;
import app.lettrage.consent.service.CompleteAuthorisation;
import app.lettrage.consent.service.RenewConsent;
import app.lettrage.consent.service.StartAuthorisation;
import app.lettrage.platform.http.ClientAddress;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The PSD2 redirect flow: start connecting a bank, renew a consent, and come back from the bank. */
@Path("/api/consents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consents", description = "PSD2 account-information consents of the caller's tenant")
public class AuthorisationResource {

    private final StartAuthorisation start;
    private final RenewConsent renew;
    private final CompleteAuthorisation complete;
    private final TenantContext tenant;

    public AuthorisationResource(
            StartAuthorisation start, RenewConsent renew, CompleteAuthorisation complete, TenantContext tenant) {
        this.start = start;
        this.renew = renew;
        this.complete = complete;
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
    @Path("/authorisations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(
            summary = "Start connecting a bank: creates the consent at the provider; send the user to authorisationUrl")
    public Uni<Response> start(@Valid @NotNull StartRequest request, @Context HttpServerRequest http) {
        return start.start(
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
        return renew.renew(tenant.tenantId(), tenant.username(), id, request.validUntil(), ip(http))
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
        return complete.complete(tenant.tenantId(), tenant.username(), request.state(), request.error())
                .map(d -> Response.ok(ConsentView.of(d)).build());
    }

    /** The user's address for the bank (PSU-IP-Address): see {@link ClientAddress}. */
    private static String ip(HttpServerRequest http) {
        return ClientAddress.of(http);
    }
}
