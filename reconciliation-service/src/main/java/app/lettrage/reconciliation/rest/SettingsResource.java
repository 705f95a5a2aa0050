package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.tenant.TenantContext;
import app.lettrage.reconciliation.MatchingSettingsRow;
import app.lettrage.reconciliation.service.MatchingSettingsService;
import app.lettrage.reconciliation.service.SettingsDryRun;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's matching settings: anyone of the tenant reads them, an admin replaces them. */
@Path("/api/settings")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reconciliation")
public class SettingsResource {

    private final MatchingSettingsService settings;
    private final SettingsDryRun dryRun;
    private final ObjectMapper json;
    private final TenantContext tenant;

    public SettingsResource(
            MatchingSettingsService settings, SettingsDryRun dryRun, ObjectMapper json, TenantContext tenant) {
        this.settings = settings;
        this.dryRun = dryRun;
        this.json = json;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The tenant's matching settings (the engine's defaults until an admin saves some)")
    public Uni<Response> settings() {
        return settings.current(tenant.tenantId())
                .map(c -> Response.ok(SettingsView.of(c.row(), c.calibration())).build());
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
                            + "maxDaysBeforeIssue 0..365. Ratios at most 4 decimals. calibrationEnabled (false when left out) lets "
                            + "the auto-match threshold follow the tenant's outcomes; calibration is read only.")
    @APIResponse(responseCode = "400", description = "Every bad field, named in the problem")
    @APIResponse(responseCode = "403", description = "Not an admin")
    public Uni<Response> saveSettings(SettingsView request) {
        MatchingSettingsRow row = SettingsView.validated(request, tenant.tenantId());
        return settings.save(row, tenant.username())
                .flatMap(saved -> settings.current(tenant.tenantId()))
                .map(c -> Response.ok(SettingsView.of(c.row(), c.calibration())).build());
    }

    @POST
    @Path("/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "What proposed settings would have changed on the tenant's last decided transactions",
            description = "The body is the settings as for PUT (same validation) plus last: how many of the tenant's"
                    + " last decided transactions to replay (1..5000, default 500). Each is decided again under the"
                    + " proposed settings against the current book with its own match given back, and compared with"
                    + " what the engine decided then and with what a person decided since. Writes and publishes"
                    + " nothing.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples =
                                    @ExampleObject(
                                            name = "stricter",
                                            value =
                                                    "{\"autoMatchThreshold\":0.95,\"suggestThreshold\":0.3,\"ambiguityMargin\":0.03,"
                                                            + "\"feeToleranceAbsolute\":50,\"feeToleranceRelative\":0.05,\"discountTolerance\":0.03,"
                                                            + "\"overpaymentToleranceAbsolute\":5,\"overpaymentToleranceRelative\":0.01,"
                                                            + "\"nameSimilarityThreshold\":0.84,\"maxDaysBeforeIssue\":3,\"fxTolerance\":0.02,"
                                                            + "\"calibrationEnabled\":false,\"last\":500}")))
    @APIResponse(
            responseCode = "200",
            description = "The report",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SettingsDryRun.Report.class),
                            examples =
                                    @ExampleObject(
                                            name = "stricter",
                                            value = "{\"replayed\":500,\"autoMatchThreshold\":0.95,"
                                                    + "\"transitions\":{\"AUTO_MATCHED->SUGGESTED\":41},\"unchanged\":459,"
                                                    + "\"decidedByPerson\":120,\"wouldAutoMatchCorrectly\":52,"
                                                    + "\"wouldAutoMatchWrongly\":0}")))
    @APIResponse(responseCode = "400", description = "Every bad field, named in the problem (last included)")
    @APIResponse(responseCode = "403", description = "Neither accountant nor admin")
    public Uni<Response> dryRun(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "the proposed settings are required");
        }
        JsonNode last = body.get("last");
        int n = SettingsDryRun.DEFAULT_LAST;
        if (last != null && !last.isNull()) {
            if (!last.isIntegralNumber()
                    || !last.canConvertToInt()
                    || last.intValue() < 1
                    || last.intValue() > SettingsDryRun.MAX_LAST) {
                throw ProblemException.badRequest(
                        "last", "must be an integer between 1 and " + SettingsDryRun.MAX_LAST);
            }
            n = last.intValue();
        }
        SettingsView proposed;
        try {
            proposed = json.treeToValue(body, SettingsView.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().isEmpty() ? "body" : e.getPath().get(0).getFieldName();
            throw ProblemException.badRequest(field, "unreadable: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("body", "unreadable: " + e.getOriginalMessage());
        }
        MatchingSettingsRow row = SettingsView.validated(proposed, tenant.tenantId());
        return dryRun.replay(row, n).map(r -> Response.ok(r).build());
    }
}
