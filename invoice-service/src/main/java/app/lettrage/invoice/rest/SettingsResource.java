package app.lettrage.invoice.rest;

import app.lettrage.events.ReferenceType;
import app.lettrage.invoice.Rounding;
import app.lettrage.invoice.TenantSettings;
import app.lettrage.invoice.service.InvoiceSettings;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's invoicing settings: payment reference type, VAT rounding, numbering series, time zone. */
@Path("/api/settings")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Settings")
public class SettingsResource {

    @Schema(name = "TenantSettings")
    public record SettingsView(
            @Schema(
                    description = "ISO11649 (RF, default) or BE_STRUCTURED (+++123/4567/89012+++)",
                    example = "ISO11649")
            ReferenceType paymentReferenceType,

            @Schema(
                    description =
                            "VAT rounded per line or once per rate (default PER_TOTAL); applies to drafts created afterwards",
                    example = "PER_TOTAL")
            Rounding rounding,

            @Schema(
                    description = "Sales invoices are numbered <prefix>-<year>-<n>, gapless per prefix and year",
                    example = "FV")
            String invoicePrefix,

            @Schema(description = "Credit notes: their own series", example = "AV")
            String creditNotePrefix,

            @Schema(description = "Zone of 'today' (issue dates, OVERDUE, cash view)", example = "Europe/Paris")
            String timeZone) {

        static SettingsView of(TenantSettings s) {
            return new SettingsView(s.referenceType, s.rounding, s.invoicePrefix, s.creditNotePrefix, s.timeZone);
        }
    }

    private final InvoiceSettings settings;
    private final TenantContext tenant;

    public SettingsResource(InvoiceSettings settings, TenantContext tenant) {
        this.settings = settings;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The tenant's invoicing settings (defaults until changed)")
    public Uni<SettingsView> get() {
        return settings.read(tenant.tenantId()).map(SettingsView::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("admin")
    @Operation(summary = "Change the tenant's invoicing settings; a field left out (or null) keeps its value")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = SettingsView.class),
                            examples =
                                    @ExampleObject(
                                            name = "Belgian references",
                                            value =
                                                    "{\"paymentReferenceType\": \"BE_STRUCTURED\", \"rounding\": \"PER_LINE\"}")))
    public Uni<SettingsView> update(@NotNull SettingsView request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.paymentReferenceType() != null
                && request.paymentReferenceType() != ReferenceType.ISO11649
                && request.paymentReferenceType() != ReferenceType.BE_STRUCTURED) {
            errors.add(new Problem.FieldError("paymentReferenceType", "must be ISO11649 or BE_STRUCTURED"));
        }
        prefix(errors, "invoicePrefix", request.invoicePrefix());
        prefix(errors, "creditNotePrefix", request.creditNotePrefix());
        if (request.timeZone() != null) {
            try {
                ZoneId.of(request.timeZone());
            } catch (RuntimeException e) {
                errors.add(new Problem.FieldError("timeZone", "must be a region id such as Europe/Paris"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    400,
                    "validation",
                    "Invalid request",
                    String.join(
                            "; ",
                            errors.stream()
                                    .map(e -> e.field() + ": " + e.message())
                                    .toList()),
                    errors);
        }
        return settings.update(
                        tenant.tenantId(),
                        request.paymentReferenceType(),
                        request.rounding(),
                        request.invoicePrefix(),
                        request.creditNotePrefix(),
                        request.timeZone())
                .map(SettingsView::of);
    }

    /** Letters only, so an RF reference (21 characters at most) still fits prefix + year + sequence. */
    private static void prefix(List<Problem.FieldError> errors, String field, String value) {
        if (value != null && !value.matches("[A-Z]{1,6}")) {
            errors.add(new Problem.FieldError(field, "1 to 6 capital letters"));
        }
    }
}
