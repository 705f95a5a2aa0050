package app.lettrage.consent.rest;

import app.lettrage.consent.service.ReadAccountTransactions;
import app.lettrage.platform.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * For bank-sync-service only: reads an account's transactions through the consent, so provider references and secrets
 * never leave this service. The token must be bank-sync-service's own (client credentials: {@code azp}), carry the
 * dedicated realm role {@value #ROLE} and name this service in its audience; a user's token, another service's, or
 * one issued for another audience is refused.
 */
@Path("/internal/consents")
@RolesAllowed(InternalResource.ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Internal", description = "Service-to-service calls (bank-sync-service)")
public class InternalResource {

    static final String ROLE = "consent-reader";
    private static final String AUDIENCE = "consent-service";
    private static final Set<String> CLIENTS = Set.of("bank-sync-service");

    private final ReadAccountTransactions read;
    private final JsonWebToken token;

    public InternalResource(ReadAccountTransactions read, JsonWebToken token) {
        this.read = read;
        this.token = token;
    }

    public record FetchRequest(
            @NotBlank @Size(max = 64) String tenantId,
            @NotBlank @Size(max = 128) String accountId,
            @NotNull LocalDate dateFrom,
            @Size(max = 64) String psuIpAddress) {}

    @POST
    @Path("/{id}/transactions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "An account's booked and pending transactions since dateFrom, through the consent")
    public Uni<Response> transactions(@PathParam("id") UUID id, @Valid @NotNull FetchRequest request) {
        Object azp = token.getClaim("azp");
        Set<String> audience = token.getAudience();
        if (azp == null
                || !CLIENTS.contains(azp.toString().replace("\"", ""))
                || audience == null
                || !audience.contains(AUDIENCE)) {
            throw new ProblemException(403, "not-a-service", "Forbidden", "for bank-sync-service's own token only");
        }
        return read.read(request.tenantId(), id, request.accountId(), request.dateFrom(), request.psuIpAddress())
                .map(r -> Response.ok(r).build());
    }
}
