package app.lettrage.invoice.rest;

import static app.lettrage.invoice.rest.InvoiceResponses.notFound;
import static app.lettrage.invoice.rest.InvoiceResponses.version;
import static app.lettrage.invoice.rest.InvoiceResponses.withTag;

import app.lettrage.invoice.service.IdempotencyService;
import app.lettrage.invoice.service.IssueInvoice;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An accountant issues a draft; an Idempotency-Key makes a retry answer the first result. */
@Path("/api/invoices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invoices")
public class IssueInvoiceResource {

    private final IssueInvoice invoices;
    private final IdempotencyService idempotency;
    private final TenantContext tenant;

    public IssueInvoiceResource(IssueInvoice invoices, IdempotencyService idempotency, TenantContext tenant) {
        this.invoices = invoices;
        this.idempotency = idempotency;
        this.tenant = tenant;
    }

    @POST
    @Path("/{id}/issue")
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "Issue a draft: number it, give it a payment reference, publish InvoiceIssued",
            description =
                    "Sales: the next number of the tenant's gapless series (<prefix>-<year>-<n>), dated today in the "
                            + "tenant's zone, with an RF or Belgian structured reference. Purchase: keeps the supplier's number. "
                            + "If-Match is optional here (412 when given and stale).")
    @APIResponse(
            responseCode = "200",
            description = "The issued invoice",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvoiceView.class),
                            examples = @ExampleObject(name = "issued", value = Examples.ISSUED_RESPONSE)))
    @APIResponse(responseCode = "409", description = "Not a draft")
    public Uni<Response> issue(
            @PathParam("id") UUID id,
            @HeaderParam("If-Match") @Parameter(description = "The ETag of the last GET, e.g. \"3\"") String ifMatch,
            @HeaderParam(IdempotencyService.HEADER)
                    @Parameter(
                            description = "Makes the POST safe to retry: the same key and body answer the first result",
                            example = "9b2f6c1e-7d1a-4f7e-9f53-2a1c0e4b8d10")
                    String key) {
        String tenantId = tenant.tenantId();
        Long version = ifMatch == null ? null : version(ifMatch);
        return idempotency.once(
                tenantId,
                key,
                idempotency.fingerprint("POST", "/api/invoices/" + id + "/issue", null),
                () -> invoices.issue(tenantId, id, version)
                        .onItem()
                        .ifNotNull()
                        .transform(d -> withTag(Response.ok(), d))
                        .replaceIfNullWith(() -> notFound(id)));
    }
}
