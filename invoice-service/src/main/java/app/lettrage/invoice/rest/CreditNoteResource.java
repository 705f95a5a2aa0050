package app.lettrage.invoice.rest;

import static app.lettrage.invoice.rest.InvoiceResponses.notFound;
import static app.lettrage.invoice.rest.InvoiceResponses.withTag;

import app.lettrage.invoice.service.CreditInvoice;
import app.lettrage.invoice.service.IdempotencyService;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * An accountant takes part of an issued invoice off by a partial credit note; an Idempotency-Key makes a retry answer
 * the first result, an If-Match (optional) makes it apply only to the version the accountant read.
 */
@Path("/api/invoices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invoices")
public class CreditNoteResource {

    private final CreditInvoice invoices;
    private final IdempotencyService idempotency;
    private final TenantContext tenant;

    public CreditNoteResource(CreditInvoice invoices, IdempotencyService idempotency, TenantContext tenant) {
        this.invoices = invoices;
        this.idempotency = idempotency;
        this.tenant = tenant;
    }

    @POST
    @Path("/{id}/credit-notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "Credit part of an issued invoice",
            description =
                    "Creates a credit note of the given gross amount (sales: numbered in the tenant's credit note "
                            + "series; purchase: the supplier's credit note number) which references the invoice in "
                            + "creditNoteFor. The invoice's amount due drops by the amount (PAID when nothing is left) and "
                            + "InvoiceChanged (change CREDITED) lists its credit note numbers. An amount above the amount due "
                            + "is a 422 naming amount; a draft, cancelled or settled invoice or a credit note is a 409.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CreditNoteRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "partial credit note",
                                            value =
                                                    "{\"amount\": \"200.00\", \"reason\": \"Two days not delivered\"}")))
    @APIResponse(
            responseCode = "201",
            description = "The credit note (Location), which references the invoice in creditNoteFor",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvoiceView.class)))
    @APIResponse(responseCode = "409", description = "Not issued, cancelled, settled, a credit note, or too many")
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version")
    @APIResponse(responseCode = "422", description = "The amount is not above 0 or exceeds the amount due")
    public Uni<Response> credit(
            @PathParam("id") UUID id,
            @Valid @NotNull CreditNoteRequest request,
            @HeaderParam(IdempotencyService.HEADER)
                    @Parameter(
                            description = "Makes the POST safe to retry: the same key and body answer the first result",
                            example = "9b2f6c1e-7d1a-4f7e-9f53-2a1c0e4b8d10")
                    String key,
            @HeaderParam("If-Match")
                    @Parameter(description = "Optional: the ETag of the invoice's last GET, e.g. \"3\"")
                    String ifMatch) {
        String tenantId = tenant.tenantId();
        Long version = ifMatch == null || ifMatch.isBlank() ? null : InvoiceResponses.version(ifMatch);
        return idempotency.once(
                tenantId,
                key,
                idempotency.fingerprint("POST", "/api/invoices/" + id + "/credit-notes", request),
                () -> invoices.credit(
                                tenantId,
                                id,
                                request.amount(),
                                request.reason().trim(),
                                request.creditNoteNumber(),
                                version)
                        .onItem()
                        .ifNotNull()
                        .transform(d -> withTag(Response.created(URI.create("/api/invoices/" + d.invoice().id)), d))
                        .replaceIfNullWith(() -> notFound(id)));
    }
}
