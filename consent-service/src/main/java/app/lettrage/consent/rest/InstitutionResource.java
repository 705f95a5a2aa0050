package app.lettrage.consent.rest;

import app.lettrage.consent.provider.InstitutionDirectory;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.ratelimit.TenantRateLimiter;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The banks this deployment can connect, through which provider, with their capabilities. */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open banking", description = "Banks that can be connected")
public class InstitutionResource {

    private final InstitutionDirectory institutions;
    private final Vertx vertx;
    private final TenantContext tenant;
    private final TenantRateLimiter limiter;

    public InstitutionResource(
            InstitutionDirectory institutions, Vertx vertx, TenantContext tenant, TenantRateLimiter limiter) {
        this.institutions = institutions;
        this.vertx = vertx;
        this.tenant = tenant;
        this.limiter = limiter;
    }

    public record InstitutionView(
            String id,
            String name,
            String bic,
            String provider,
            int historyDays,
            int maxConsentDays,
            List<String> countries) {}

    @GET
    @Path("/institutions")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(
            summary =
                    "Banks that can be connected in a country, with their capabilities (rate-limited per tenant: 429)")
    public Uni<Response> institutions(@QueryParam("country") String country) {
        if (country == null || !country.trim().matches("[A-Za-z]{2}")) {
            throw ProblemException.badRequest("country", "an ISO 3166 alpha-2 code such as BE");
        }
        String c = country.trim().toUpperCase(Locale.ROOT);
        // each call asks every provider: one tenant must not spend the provider quota every tenant shares
        limiter.acquire("institutions", tenant.tenantId());
        return vertx.executeBlocking(Uni.createFrom().item(() -> institutions.inCountry(c)))
                .map(list -> Response.ok(list.stream()
                                .map(i -> new InstitutionView(
                                        i.id(),
                                        i.name(),
                                        i.bic(),
                                        i.provider(),
                                        i.historyDays(),
                                        i.maxConsentDays(),
                                        i.countries()))
                                .toList())
                        .build());
    }
}
