package app.lettrage.invoice.rest;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.InvoiceStatus;
import app.lettrage.invoice.repository.InvoiceFilter;
import app.lettrage.invoice.service.InvoiceService;
import app.lettrage.platform.money.Iban;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/invoices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Invoices")
public class InvoiceResource {

    private final InvoiceService service;
    private final TenantContext tenant;

    public InvoiceResource(InvoiceService service, TenantContext tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(summary = "Create an invoice draft")
    public Uni<Response> create(@Valid @NotNull InvoiceRequest request) {
        String tenantId = tenant.tenantId();
        InvoiceDirection direction = request.direction() == null ? InvoiceDirection.SALES : request.direction();
        BigDecimal total = amount(request.totalAmount(), request.currency());
        String iban = Iban.normalize(request.counterpartyIban());
        if (iban != null && !Iban.isValid(iban)) {
            throw ProblemException.badRequest("counterpartyIban", "not a valid IBAN (check digits or length)");
        }
        if (direction == InvoiceDirection.PURCHASE && (request.supplierNumber() == null || request.supplierNumber().isBlank())) {
            throw ProblemException.badRequest("supplierNumber", "a purchase invoice keeps the supplier's number: required");
        }
        return service.createDraft(tenantId, direction, request.counterpartyName(), iban, request.currency(), total,
                        request.dueDate(), request.supplierNumber())
                .map(inv -> Response.created(URI.create("/api/invoices/" + inv.id))
                        .entity(InvoiceView.of(inv, service.today())).build());
    }

    @POST
    @Path("/{id}/issue")
    @RolesAllowed({"accountant", "admin"})
    @Operation(summary = "Issue a draft: number it, give it a payment reference, publish InvoiceIssued")
    public Uni<Response> issue(@PathParam("id") UUID id) {
        return service.issue(tenant.tenantId(), id)
                .onItem().ifNotNull().transform(inv -> Response.ok(InvoiceView.of(inv, service.today())).build())
                .replaceIfNullWith(() -> notFound(id));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "Get an invoice")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return service.get(tenant.tenantId(), id)
                .onItem().ifNotNull().transform(inv -> Response.ok(InvoiceView.of(inv, service.today())).build())
                .replaceIfNullWith(() -> notFound(id));
    }

    @GET
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "List invoices, newest first by default; status OVERDUE selects open invoices past due",
            description = "Filters: status, direction, counterparty (part of the name), q (part of the number or name), "
                    + "dueFrom/dueTo (inclusive), minTotal/maxTotal; sort: number, dueDate, issueDate, totalAmount, "
                    + "amountDue, counterpartyName, createdAt, descending with a leading '-'.")
    public Uni<Response> list(@QueryParam("status") String status, @QueryParam("direction") String direction,
            @QueryParam("counterparty") @Size(max = 200) String counterparty, @QueryParam("q") @Size(max = 200) String text,
            @QueryParam("dueFrom") String dueFrom, @QueryParam("dueTo") String dueTo,
            @QueryParam("minTotal") String minTotal, @QueryParam("maxTotal") String maxTotal,
            @QueryParam("sort") String sort,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        InvoiceFilter filter = new InvoiceFilter(
                parseEnum("status", status, InvoiceStatus.class), parseEnum("direction", direction, InvoiceDirection.class),
                blankToNull(counterparty), blankToNull(text), parseDate("dueFrom", dueFrom), parseDate("dueTo", dueTo),
                parseAmount("minTotal", minTotal), parseAmount("maxTotal", maxTotal), parseSort(sort));
        return service.list(tenant.tenantId(), filter, page, size)
                .map(list -> Response.ok(list.stream().map(i -> InvoiceView.of(i, service.today())).toList()).build());
    }

    private static <E extends Enum<E>> E parseEnum(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static LocalDate parseDate(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be a date as YYYY-MM-DD");
        }
    }

    private static BigDecimal parseAmount(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "must be a decimal number such as 1250.00");
        }
    }

    private static String parseSort(String sort) {
        if (sort == null || sort.isBlank()) {
            return null;
        }
        String field = sort.trim().startsWith("-") ? sort.trim().substring(1) : sort.trim();
        if (!InvoiceFilter.SORTABLE.containsKey(field)) {
            throw ProblemException.badRequest("sort", "must be one of " + new java.util.TreeSet<>(InvoiceFilter.SORTABLE.keySet())
                    + ", with a leading '-' for descending");
        }
        return sort.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @GET
    @Path("/{id}/payments")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The payments applied to an invoice (and reversed ones)")
    public Uni<Response> payments(@PathParam("id") UUID id) {
        String tenantId = tenant.tenantId();
        return service.get(tenantId, id).onItem().ifNotNull().transformToUni(inv -> service.payments(tenantId, id)
                        .map(ps -> Response.ok(ps.stream().map(p -> PaymentView.of(p, inv.currency)).toList()).build()))
                .replaceIfNullWith(() -> notFound(id));
    }

    private static BigDecimal amount(BigDecimal amount, String currency) {
        try {
            return Money.of(amount, currency);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage().contains("currency") ? "currency" : "totalAmount", e.getMessage());
        }
    }

    private static Response notFound(UUID id) {
        throw ProblemException.notFound("invoice", id.toString());
    }
}
