package app.lettrage.invoice.rest;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.Draft;
import app.lettrage.invoice.InvoiceKind;
import app.lettrage.invoice.InvoiceStatus;
import app.lettrage.invoice.repository.InvoiceFilter;
import app.lettrage.invoice.service.CancelInvoice;
import app.lettrage.invoice.service.DraftInvoices;
import app.lettrage.invoice.service.IdempotencyService;
import app.lettrage.invoice.service.InvoiceDetail;
import app.lettrage.invoice.service.InvoiceQueries;
import app.lettrage.invoice.service.IssueInvoice;
import app.lettrage.platform.money.Iban;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.problem.QueryParams;
import app.lettrage.platform.tenant.TenantContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
 * Invoices for frontend teams. Optimistic concurrency is by ETag: GET answers {@code ETag: "<version>"}; PUT and
 * PATCH require {@code If-Match} with it (428 without, 412 when the invoice changed since). POSTs accept an
 * {@code Idempotency-Key}: a retry with the same key and body answers the first result.
 */
@Path("/api/invoices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invoices")
public class InvoiceResource {

    private static final Set<String> FIELDS = Arrays.stream(InvoiceRequest.class.getRecordComponents())
            .map(java.lang.reflect.RecordComponent::getName)
            .collect(java.util.stream.Collectors.toSet());

    private final DraftInvoices drafts;
    private final IssueInvoice issuing;
    private final CancelInvoice cancelling;
    private final InvoiceQueries queries;
    private final IdempotencyService idempotency;
    private final TenantContext tenant;
    private final ObjectMapper json;
    private final Validator validator;

    public InvoiceResource(
            DraftInvoices drafts,
            IssueInvoice issuing,
            CancelInvoice cancelling,
            InvoiceQueries queries,
            IdempotencyService idempotency,
            TenantContext tenant,
            ObjectMapper json,
            Validator validator) {
        this.drafts = drafts;
        this.issuing = issuing;
        this.cancelling = cancelling;
        this.queries = queries;
        this.idempotency = idempotency;
        this.tenant = tenant;
        this.json = json;
        this.validator = validator;
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
        Draft draft = toDraft(request, null);
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
        Draft draft = toDraft(request, null);
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
            @HeaderParam("If-Match") @Parameter(description = "The ETag of the last GET, e.g. \"3\"") String ifMatch) {
        String tenantId = tenant.tenantId();
        long version = requiredVersion(ifMatch);
        Set<String> present = new LinkedHashSet<>();
        body.fieldNames().forEachRemaining(present::add);
        List<String> unknown =
                present.stream().filter(f -> !FIELDS.contains(f)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new ProblemException(
                    400,
                    "validation",
                    "Invalid request",
                    "unknown or read-only fields: " + unknown,
                    unknown.stream()
                            .map(f -> new Problem.FieldError(f, "is not a field of an invoice draft"))
                            .toList());
        }
        if (present.contains("direction")) {
            throw ProblemException.badRequest("direction", "a draft keeps its direction");
        }
        InvoiceRequest request;
        try {
            request = json.treeToValue(body, InvoiceRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e); // not reached: mapping errors surface as JsonMappingException below
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<InvoiceRequest> v : validator.validate(request)) {
            String path = v.getPropertyPath().toString();
            String root = path.replaceAll("[\\[.].*", "");
            if (present.contains(root)) {
                errors.add(new Problem.FieldError(path.replace("<list element>", ""), v.getMessage()));
            }
        }
        throwIfAny(errors);
        Draft draft = toDraft(request, present);
        return drafts.patch(tenantId, id, version, draft, present)
                .onItem()
                .ifNotNull()
                .transform(d -> withTag(Response.ok(), d))
                .replaceIfNullWith(() -> notFound(id));
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
                () -> issuing.issue(tenantId, id, version)
                        .onItem()
                        .ifNotNull()
                        .transform(d -> withTag(Response.ok(), d))
                        .replaceIfNullWith(() -> notFound(id)));
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
                () -> cancelling
                        .cancel(tenantId, id, request.reason().trim(), request.creditNoteNumber())
                        .onItem()
                        .ifNotNull()
                        .transform(d -> withTag(Response.created(URI.create("/api/invoices/" + d.invoice().id)), d))
                        .replaceIfNullWith(() -> notFound(id)));
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

    // ------------------------------------------------------------------ request checks

    /**
     * The request as a draft, every field checked with a problem naming it. With {@code only} (PATCH), only the
     * fields present are checked here; required ones are checked once merged with the invoice.
     */
    private static Draft toDraft(InvoiceRequest r, Set<String> only) {
        List<Problem.FieldError> errors = new ArrayList<>();
        InvoiceDirection direction = r.direction() == null ? InvoiceDirection.SALES : r.direction();
        String currency = r.currency();
        boolean currencyOk = true;
        if (currency != null) {
            try {
                Money.currency(currency);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("currency", e.getMessage()));
                currencyOk = false;
            }
        }
        BigDecimal total = r.totalAmount();
        if (total != null && currency != null && currencyOk) {
            try {
                total = Money.of(total, currency);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("totalAmount", e.getMessage()));
            }
        }
        String iban = null;
        if (r.counterpartyIban() != null && !r.counterpartyIban().isBlank()) {
            iban = Iban.normalize(r.counterpartyIban());
            if (!Iban.isValid(iban)) {
                errors.add(new Problem.FieldError("counterpartyIban", "not a valid IBAN (check digits or length)"));
            }
        }
        String vat = blankToNull(r.counterpartyVatNumber());
        if (vat != null && !vat.replaceAll("[\\s.\\-]", "").toUpperCase().matches("[A-Z]{2}[A-Z0-9]{2,13}")) {
            errors.add(new Problem.FieldError(
                    "counterpartyVatNumber", "must be a VAT number with its country prefix, such as FR40303265045"));
        }
        if (only == null && direction == InvoiceDirection.PURCHASE && blankToNull(r.supplierNumber()) == null) {
            errors.add(new Problem.FieldError(
                    "supplierNumber", "a purchase invoice keeps the supplier's number: required"));
        }
        if (only == null && direction == InvoiceDirection.SALES && r.supplierNumber() != null) {
            errors.add(new Problem.FieldError(
                    "supplierNumber", "only for a purchase invoice: a sales invoice is numbered when issued"));
        }
        if (only == null && direction == InvoiceDirection.SALES && r.issueDate() != null) {
            errors.add(new Problem.FieldError("issueDate", "a sales invoice is dated when it is issued"));
        }
        if (only == null && (r.lines() == null || r.lines().isEmpty()) && r.totalAmount() == null) {
            errors.add(new Problem.FieldError("lines", "an invoice needs lines (or, without lines, a totalAmount)"));
        }
        List<Draft.DraftLine> lines = null;
        if (r.lines() != null) {
            lines = new ArrayList<>();
            for (int i = 0; i < r.lines().size(); i++) {
                InvoiceRequest.LineRequest l = r.lines().get(i);
                String at = "lines[" + i + "].";
                if (l == null) {
                    errors.add(new Problem.FieldError("lines[" + i + "]", "must not be null"));
                    continue;
                }
                if (l.description() == null || l.description().isBlank()) {
                    errors.add(new Problem.FieldError(at + "description", "must not be blank"));
                } else if (l.description().length() > 500) {
                    errors.add(new Problem.FieldError(at + "description", "at most 500 characters"));
                }
                if (l.quantity() == null || l.quantity().signum() <= 0) {
                    errors.add(new Problem.FieldError(at + "quantity", "must be a positive number"));
                }
                if (l.unitPrice() == null) {
                    errors.add(new Problem.FieldError(at + "unitPrice", "must not be null"));
                }
                if (l.vatRate() == null) {
                    errors.add(new Problem.FieldError(at + "vatRate", "must not be null (0 for no VAT)"));
                }
                scale(errors, at + "quantity", l.quantity(), 6);
                scale(errors, at + "unitPrice", l.unitPrice(), 6);
                if (l.unitPrice() != null && l.unitPrice().signum() < 0) {
                    errors.add(new Problem.FieldError(
                            at + "unitPrice", "must not be negative (a credit goes through a credit note)"));
                }
                if (l.unitPrice() != null && l.unitPrice().abs().compareTo(new BigDecimal("1000000000000")) >= 0) {
                    errors.add(new Problem.FieldError(at + "unitPrice", "is too large"));
                }
                if (l.quantity() != null && l.quantity().compareTo(new BigDecimal("1000000000")) >= 0) {
                    errors.add(new Problem.FieldError(at + "quantity", "is too large"));
                }
                percent(errors, at + "vatRate", l.vatRate(), false);
                percent(errors, at + "discount", l.discount(), true);
                lines.add(new Draft.DraftLine(l.description(), l.quantity(), l.unitPrice(), l.vatRate(), l.discount()));
            }
        }
        throwIfAny(errors);
        return new Draft(
                direction,
                blankToNull(r.supplierNumber()),
                r.counterpartyName(),
                blankToNull(r.counterpartyAddress()),
                vat == null ? null : vat.replaceAll("[\\s.\\-]", "").toUpperCase(),
                iban,
                currency,
                lines,
                total,
                r.issueDate(),
                r.dueDate(),
                blankToNull(r.paymentTerms()),
                blankToNull(r.notes()));
    }

    private static void scale(List<Problem.FieldError> errors, String field, BigDecimal v, int max) {
        if (v != null && v.stripTrailingZeros().scale() > max) {
            errors.add(new Problem.FieldError(field, "at most " + max + " decimals"));
        }
    }

    private static void percent(List<Problem.FieldError> errors, String field, BigDecimal v, boolean below100) {
        if (v == null) {
            return;
        }
        if (v.signum() < 0
                || (below100 ? v.compareTo(BigDecimal.valueOf(100)) >= 0 : v.compareTo(BigDecimal.valueOf(100)) > 0)) {
            errors.add(new Problem.FieldError(
                    field, below100 ? "a percentage from 0 to less than 100" : "a percentage from 0 to 100"));
        } else if (v.stripTrailingZeros().scale() > 4) {
            errors.add(new Problem.FieldError(field, "at most 4 decimals"));
        }
    }

    private static void throwIfAny(List<Problem.FieldError> errors) {
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
    }

    private static long requiredVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(
                    428,
                    "precondition-required",
                    "Precondition required",
                    "send If-Match with the invoice's ETag (from GET) to update it",
                    List.of(new Problem.FieldError("If-Match", "required")));
        }
        return version(ifMatch);
    }

    /** The version an If-Match names: "3", W/"3" or 3; anything else matches no version (412). */
    private static long version(String ifMatch) {
        String v = ifMatch.trim().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ProblemException(
                    412,
                    "precondition-failed",
                    "Precondition failed",
                    "If-Match " + ifMatch + " names no version of this invoice",
                    List.of(new Problem.FieldError("If-Match", "not an ETag of this API")));
        }
    }

    private static Response withTag(Response.ResponseBuilder b, InvoiceDetail d) {
        return b.tag(new EntityTag(Long.toString(d.invoice().version)))
                .entity(InvoiceView.of(d))
                .build();
    }

    private static String parseSort(String sort) {
        if (sort == null || sort.isBlank()) {
            return null;
        }
        String field = sort.trim().startsWith("-") ? sort.trim().substring(1) : sort.trim();
        if (!InvoiceFilter.SORTABLE.containsKey(field)) {
            throw ProblemException.badRequest(
                    "sort",
                    "must be one of " + new java.util.TreeSet<>(InvoiceFilter.SORTABLE.keySet())
                            + ", with a leading '-' for descending");
        }
        return sort.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Response notFound(UUID id) {
        throw ProblemException.notFound("invoice", id.toString());
    }
}
