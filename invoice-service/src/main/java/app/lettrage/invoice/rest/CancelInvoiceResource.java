package app.lettrage.invoice.rest;

import static app.lettrage.invoice.rest.InvoiceResponses.notFound;
import static app.lettrage.invoice.rest.InvoiceResponses.withTag;

import app.lettrage.invoice.service.CancelInvoice;
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

/** An accountant cancels an issued invoice by a credit note; an Idempotency-Key makes a retry answer the first result. */
@Path("/api/invoices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invoices")
public class CancelInvoiceResource {

    private final CancelInvoice invoices;
    private final IdempotencyService idempotency;
    private final TenantContext tenant;

    public CancelInvoiceResource(CancelInvoice invoices, IdempotencyService idempotency, TenantContext tenant) {
        this.invoices = invoices;
        this.idempotency = idempotency;
        this.tenant = tenant;
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "Cancel an issued invoice by a credit note",
            description = "Creates a credit note for the whole "
                    + "amount (sales: numbered in the tenant's credit note series; purchase: the supplier's credit note number), "
                    + "marks the invoice CANCELLED (no longer matchable) and publishes InvoiceCancelled. An invoice with payments "
                    + "applied (PARTIALLY_PAID, PAID) is refused with 409 invoice-has-payments: unmatch them first.")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CancelRequest.class),
                            examples =
                                    @ExampleObject(
                                            name = "cancel",
                                            value = "{\"reason\": \"Billed twice, see FV-2026-00041\"}")))
    @APIResponse(
            responseCode = "201",
            description = "The credit note (Location), which references the invoice in creditNoteFor",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvoiceView.class)))
    @APIResponse(responseCode = "409", description = "Not issued, already cancelled, or has payments applied")
    public Uni<Response> cancel(
            @PathParam("id") UUID id,
            @Valid @NotNull CancelRequest request,
            @HeaderParam(IdempotencyService.HEADER)
                    @Parameter(
                            description = "Makes the POST safe to retry: the same key and body answer the first result",
                            example = "9b2f6c1e-7d1a-4f7e-9f53-2a1c0e4b8d10")
                    String key) {
        String tenantId = tenant.tenantId();
        return idempotency.once(
                tenantId,
                key,
                idempotency.fingerprint("POST", "/api/invoices/" + id + "/cancel", request),
                () -> invoices.cancel(tenantId, id, request.reason().trim(), request.creditNoteNumber())
                        .onItem()
                        .ifNotNull()
                        .transform(d -> withTag(Response.created(URI.create("/api/invoices/" + d.invoice().id)), d))
                        .replaceIfNullWith(() -> notFound(id)));
    }
}
