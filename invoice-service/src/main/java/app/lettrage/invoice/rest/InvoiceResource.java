package app.lettrage.invoice.rest;

import static app.lettrage.invoice.rest.InvoiceResponses.notFound;
import static app.lettrage.invoice.rest.InvoiceResponses.withTag;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.InvoiceKind;
import app.lettrage.invoice.InvoiceStatus;
import app.lettrage.invoice.repository.InvoiceFilter;
import app.lettrage.invoice.service.InvoiceQueries;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.problem.QueryParams;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.TreeSet;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Invoices as a person reads them: one with its lines (its ETag is its version), a page of them, its payments. */
@Path("/api/invoices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invoices")
public class InvoiceResource {

    private final InvoiceQueries queries;
    private final TenantContext tenant;

    public InvoiceResource(InvoiceQueries queries, TenantContext tenant) {
        this.queries = queries;
        this.tenant = tenant;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "Get an invoice with its lines and VAT per rate; ETag is its version")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvoiceView.class),
                            examples = @ExampleObject(name = "issued", value = Examples.ISSUED_RESPONSE)))
    public Uni<Response> get(@PathParam("id") UUID id) {
        return queries.get(tenant.tenantId(), id)
                .onItem()
                .ifNotNull()
                .transform(d -> withTag(Response.ok(), d))
                .replaceIfNullWith(() -> notFound(id));
    }

    @GET
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(
            summary = "List invoices, a page at a time, newest first by default",
            description =
                    "Filters: status (OVERDUE selects open invoices past due; ISSUED and PARTIALLY_PAID exclude them, and list credit notes only with kind=CREDIT_NOTE), "
                            + "direction, kind (INVOICE, CREDIT_NOTE), counterparty (every word of it is a word of the counterparty's name, "
                            + "in any order, case aside: 'dupont sarl' finds 'Dupont SARL 12', 'dup' does not), q (the number starts with it, "
                            + "case aside, or every word of it is a word of the counterparty's name), "
                            + "dueFrom/dueTo and issueFrom/issueTo (inclusive), minTotal/maxTotal; sort: number, dueDate, issueDate, "
                            + "totalAmount, amountDue, counterpartyName, createdAt, descending with a leading '-'. Pages: page (from 0) "
                            + "and size (1..500); total counts matches up to 1000 (totalExact false beyond). Drafts (no number, no issue date) sort last.")
    @APIResponse(
            responseCode = "200",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = InvoiceListView.class),
                            examples = @ExampleObject(name = "page", value = Examples.PAGE_RESPONSE)))
    public Uni<Response> list(
            @QueryParam("status") String status,
            @QueryParam("direction") String direction,
            @QueryParam("kind") String kind,
            @QueryParam("counterparty") @Size(max = 200) String counterparty,
            @QueryParam("q") @Size(max = 200) String text,
            @QueryParam("dueFrom") String dueFrom,
            @QueryParam("dueTo") String dueTo,
            @QueryParam("issueFrom") String issueFrom,
            @QueryParam("issueTo") String issueTo,
            @QueryParam("minTotal") String minTotal,
            @QueryParam("maxTotal") String maxTotal,
            @QueryParam("sort") String sort,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        InvoiceFilter filter = new InvoiceFilter(
                QueryParams.enumValue("status", status, InvoiceStatus.class),
                QueryParams.enumValue("direction", direction, InvoiceDirection.class),
                QueryParams.enumValue("kind", kind, InvoiceKind.class),
                QueryParams.text("counterparty", counterparty),
                QueryParams.text("q", text),
                QueryParams.date("dueFrom", dueFrom),
                QueryParams.date("dueTo", dueTo),
                QueryParams.date("issueFrom", issueFrom),
                QueryParams.date("issueTo", issueTo),
                QueryParams.decimal("minTotal", minTotal),
                QueryParams.decimal("maxTotal", maxTotal),
                parseSort(sort));
        return queries.list(tenant.tenantId(), filter, page, size)
                .map(p -> Response.ok(new InvoiceListView(
                                p.items().stream()
                                        .map(i -> InvoiceView.of(i, p.today()))
                                        .toList(),
                                page,
                                size,
                                p.total(),
                                p.totalExact()))
                        .build());
    }

    @GET
    @Path("/{id}/payments")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(
            summary =
                    "The invoice's payment history: payments applied (amount, of which written off) and reversed ones")
    public Uni<Response> payments(@PathParam("id") UUID id) {
        String tenantId = tenant.tenantId();
        return queries.get(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(d -> queries.payments(tenantId, id)
                        .map(ps -> Response.ok(ps.stream()
                                        .map(p -> PaymentView.of(p, d.invoice().currency))
                                        .toList())
                                .build()))
                .replaceIfNullWith(() -> notFound(id));
    }

    private static String parseSort(String sort) {
        if (sort == null || sort.isBlank()) {
            return null;
        }
        String field = sort.trim().startsWith("-") ? sort.trim().substring(1) : sort.trim();
        if (!InvoiceFilter.SORTABLE.containsKey(field)) {
            throw ProblemException.badRequest(
                    "sort",
                    "must be one of " + new TreeSet<>(InvoiceFilter.SORTABLE.keySet())
                            + ", with a leading '-' for descending");
        }
        return sort.trim();
    }
}
