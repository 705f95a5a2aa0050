package app.lettrage.reconciliation.rest;

import app.lettrage.platform.tenant.TenantContext;
import app.lettrage.reconciliation.MatchingSettingsRow;
import app.lettrage.reconciliation.service.MatchingSettingsService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's matching settings: anyone of the tenant reads them, an admin replaces them. */
@Path("/api/settings")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reconciliation")
public class SettingsResource {

    private final MatchingSettingsService settings;
    private final TenantContext tenant;

    public SettingsResource(MatchingSettingsService settings, TenantContext tenant) {
        this.settings = settings;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The tenant's matching settings (the engine's defaults until an admin saves some)")
    public Uni<Response> settings() {
        return settings.saved(tenant.tenantId())
                .map(row -> Response.ok(row == null ? SettingsView.defaults() : SettingsView.of(row))
                        .build());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(
            summary = "Replace the tenant's matching settings (admin)",
            description =
                    "Ranges: autoMatchThreshold 0.5..1 and ≥ suggestThreshold; suggestThreshold 0..1; ambiguityMargin "
                            + "0..0.5; feeToleranceAbsolute and overpaymentToleranceAbsolute 0..1000000; feeToleranceRelative 0..0.5; "
                            + "discountTolerance and overpaymentToleranceRelative 0..0.2; nameSimilarityThreshold 0.5..1; "
                            + "maxDaysBeforeIssue 0..365. Ratios at most 4 decimals.")
    @APIResponse(responseCode = "400", description = "Every bad field, named in the problem")
    @APIResponse(responseCode = "403", description = "Not an admin")
    public Uni<Response> saveSettings(SettingsView request) {
        MatchingSettingsRow row = SettingsView.validated(request, tenant.tenantId());
        return settings.save(row, tenant.username())
                .map(saved -> Response.ok(SettingsView.of(saved)).build());
    }
}
