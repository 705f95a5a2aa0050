package app.lettrage.invoice.rest;

import static app.lettrage.invoice.rest.InvoiceResponses.notFound;
import static app.lettrage.invoice.rest.InvoiceResponses.requiredVersion;
import static app.lettrage.invoice.rest.InvoiceResponses.withTag;

import app.lettrage.invoice.Draft;
import app.lettrage.invoice.service.DraftInvoices;
import app.lettrage.invoice.service.IdempotencyService;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.tenant.TenantContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
 * An accountant writes invoice drafts: POST creates one (Idempotency-Key makes a retry answer the first result), PUT
 * replaces one, PATCH changes some fields. PUT and PATCH require {@code If-Match} with the ETag of the last GET (428
 * without, 412 when the invoice changed since).
 */
@Path("/api/invoices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invoices")
public class DraftInvoiceResource {

    private final DraftInvoices drafts;
    private final DraftRequests requests;
    private final IdempotencyService idempotency;
    private final TenantContext tenant;

    public DraftInvoiceResource(
            DraftInvoices drafts, DraftRequests requests, IdempotencyService idempotency, TenantContext tenant) {
        this.drafts = drafts;
        this.requests = requests;
        this.idempotency = idempotency;
        this.tenant = tenant;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(summary = "Create an invoice draft (sales or purchase); totals are computed from the lines")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvoiceRequest.class),
                            examples = {
                                @ExampleObject(
                                        name = "sales",
                                        summary = "A sales invoice with two VAT rates",
                                        value = Examples.SALES_REQUEST),
                                @ExampleObject(
                                        name = "purchase",
                                        summary = "A supplier's invoice, keeping its number",
                                        value = Examples.PURCHASE_REQUEST)
                            }))
    @APIResponse(
            responseCode = "201",
            description = "The draft, with ETag and Location",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvoiceView.class),
                            examples = @ExampleObject(name = "draft", value = Examples.DRAFT_RESPONSE)))
    @APIResponse(
            responseCode = "400",
            description = "A field is invalid: errors[].field names it (lines[1].vatRate, ...)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            examples = @ExampleObject(name = "validation", value = Examples.PROBLEM)))
    @APIResponse(responseCode = "409", description = "The supplier's number is already recorded for this supplier")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for another request")
    public Uni<Response> create(
            @Valid @NotNull InvoiceRequest request,
            @HeaderParam(IdempotencyService.HEADER)
                    @Parameter(
                            description = "Makes the POST safe to retry: the same key and body answer the first result",
                            example = "9b2f6c1e-7d1a-4f7e-9f53-2a1c0e4b8d10")
                    String key) {
        String tenantId = tenant.tenantId();
        Draft draft = requests.draft(request);
        return idempotency.once(
                tenantId,
                key,
                idempotency.fingerprint("POST", "/api/invoices", request),
                () -> drafts.create(tenantId, draft)
                        .map(d -> withTag(Response.created(URI.create("/api/invoices/" + d.invoice().id)), d)));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "Replace a draft's whole content",
            description =
                    "Requires If-Match with the ETag of the last GET "
                            + "(428 without it, 412 when the invoice changed since). Only a draft: an issued invoice is frozen (409).")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvoiceRequest.class),
                            examples = @ExampleObject(name = "sales", value = Examples.SALES_REQUEST)))
    @APIResponse(
            responseCode = "200",
            description = "The draft with its new ETag",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvoiceView.class)))
    @APIResponse(responseCode = "412", description = "If-Match does not name the current version")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Uni<Response> replace(
            @PathParam("id") UUID id,
            @Valid @NotNull InvoiceRequest request,
            @HeaderParam("If-Match") @Parameter(description = "The ETag of the last GET, e.g. \"3\"") String ifMatch) {
        String tenantId = tenant.tenantId();
        long version = requiredVersion(ifMatch);
        Draft draft = requests.draft(request);
        return drafts.replace(tenantId, id, version, draft)
                .onItem()
                .ifNotNull()
                .transform(d -> withTag(Response.ok(), d))
                .replaceIfNullWith(() -> notFound(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "Change some fields (JSON merge patch)",
            description =
                    "A draft may change any field (lines are "
                            + "replaced as a whole). An issued, unpaid or partly paid invoice may change only dueDate and counterpartyIban, "
                            + "which publishes InvoiceChanged; other fields are a 409 naming them. Requires If-Match (428/412).")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            examples = @ExampleObject(name = "new due date", value = "{\"dueDate\": \"2027-01-15\"}")))
    @APIResponse(
            responseCode = "200",
            description = "The invoice with its new ETag",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvoiceView.class)))
    public Uni<Response> patch(
            @PathParam("id") UUID id,
            @NotNull ObjectNode body,
            @HeaderParam("If-Match") @Parameter(description = "The ETag of the last GET, e.g. \"3\"") String ifMatch)
            throws JsonProcessingException {
        String tenantId = tenant.tenantId();
        long version = requiredVersion(ifMatch);
        DraftRequests.Patch patch = requests.patch(body);
        return drafts.patch(tenantId, id, version, patch.draft(), patch.present())
                .onItem()
                .ifNotNull()
                .transform(d -> withTag(Response.ok(), d))
                .replaceIfNullWith(() -> notFound(id));
    }
}
