package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.problem.QueryParams;
import app.lettrage.platform.tenant.TenantContext;
import app.lettrage.reconciliation.MatchingSettingsRow;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import app.lettrage.reconciliation.rest.Views.CandidateView;
import app.lettrage.reconciliation.rest.Views.ManualMatchRequest;
import app.lettrage.reconciliation.rest.Views.MatchView;
import app.lettrage.reconciliation.rest.Views.SettingsView;
import app.lettrage.reconciliation.rest.Views.TransactionView;
import app.lettrage.reconciliation.service.ReconciliationService;
import app.lettrage.reconciliation.service.ReconciliationService.ManualAllocation;
import app.lettrage.reconciliation.service.StoredCandidate;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The reconciliation workflow for a frontend: transactions by state, their candidates, confirm, reject, match by
 * hand, undo, and the tenant's matching settings. Tenant from the token; another tenant's data is a 404; every error
 * is application/problem+json.
 */
@Path("/api")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reconciliation")
public class ReconciliationResource {

    static final int MAX_ALLOCATIONS = 100;

    private final ReconciliationService service;
    private final TenantContext tenant;

    public ReconciliationResource(ReconciliationService service, TenantContext tenant) {
        this.service = service;
        this.tenant = tenant;
    }

    @GET
    @Path("/transactions")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(
            summary = "Imported transactions with their reconciliation state, newest booking first",
            description = "Filters: state (PENDING, UNMATCHED, SUGGESTED, MATCHED, SUPERSEDED), from/to (booking date, "
                    + "inclusive), minAmount/maxAmount (on the absolute amount), q (part of the payer's name or IBAN, the "
                    + "remittance text or the structured reference). The total count is in the X-Total-Count header.")
    @APIResponse(responseCode = "200", description = "A page of transactions")
    @APIResponse(responseCode = "400", description = "A bad parameter, named in the problem")
    public Uni<Response> transactions(
            @QueryParam("state") String state,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("minAmount") String minAmount,
            @QueryParam("maxAmount") String maxAmount,
            @QueryParam("q") @Size(max = 200) String text,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        LocalDate fromDate = QueryParams.date("from", from);
        LocalDate toDate = QueryParams.date("to", to);
        if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
            throw ProblemException.badRequest("to", "must not be before from");
        }
        BigDecimal min = nonNegative("minAmount", QueryParams.decimal("minAmount", minAmount));
        BigDecimal max = nonNegative("maxAmount", QueryParams.decimal("maxAmount", maxAmount));
        if (min != null && max != null && max.compareTo(min) < 0) {
            throw ProblemException.badRequest("maxAmount", "must not be less than minAmount");
        }
        var filter = new ReconTransactionRepository.Filter(
                QueryParams.enumValue("state", state, ReconTransaction.State.class),
                fromDate,
                toDate,
                min,
                max,
                QueryParams.text("q", text));
        return service.transactions(tenant.tenantId(), filter, page, size)
                .map(p -> Response.ok(p.items().stream()
                                .map(t ->
                                        TransactionView.of(t, p.activeMatches().get(t.transactionId)))
                                .toList())
                        .header("X-Total-Count", p.total())
                        .build());
    }

    @GET
    @Path("/transactions/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "One transaction with its state, reasons, candidates and active match")
    @APIResponse(responseCode = "404", description = "No such transaction of the tenant")
    public Uni<Response> transaction(@PathParam("id") String id) {
        return service.transaction(tenant.tenantId(), id)
                .onItem()
                .ifNotNull()
                .transform(t -> Response.ok(TransactionView.of(t.transaction(), t.activeMatchId()))
                        .build())
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("transaction", id));
    }

    @GET
    @Path("/transactions/{id}/candidates")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The engine's candidates for a transaction, best first, each with its allocations and reasons")
    @APIResponse(responseCode = "404", description = "No such transaction of the tenant")
    public Uni<Response> candidates(@PathParam("id") String id) {
        return service.transaction(tenant.tenantId(), id)
                .onItem()
                .ifNotNull()
                .transform(t -> Response.ok(CandidateView.of(StoredCandidate.read(t.transaction().candidates)))
                        .build())
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("transaction", id));
    }

    @POST
    @Path("/transactions/{id}/confirm")
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "Confirm a suggestion (candidate 0 unless another index is given): PaymentMatched, CONFIRMED",
            description = "The payer's IBAN and name are learned for the invoices' counterparty.")
    @APIResponse(responseCode = "200", description = "The match")
    @APIResponse(responseCode = "404", description = "No such transaction of the tenant")
    @APIResponse(
            responseCode = "409",
            description = "The transaction is not SUGGESTED, or an invoice is no longer open for the amount")
    public Uni<Response> confirm(
            @PathParam("id") String id,
            @Parameter(description = "index of the candidate, from GET .../candidates") @QueryParam("candidate")
                    String candidate) {
        Integer index = QueryParams.integer("candidate", candidate);
        return service.confirm(tenant.tenantId(), id, index, tenant.username())
                .map(m -> Response.ok(MatchView.of(m)).build());
    }

    @POST
    @Path("/transactions/{id}/reject")
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary =
                    "Reject a suggestion: its invoices (or only those named) are not proposed for this transaction again")
    @APIResponse(responseCode = "200", description = "The transaction, UNMATCHED unless other candidates remain")
    @APIResponse(responseCode = "409", description = "The transaction is not SUGGESTED")
    public Uni<Response> reject(
            @PathParam("id") String id,
            @Parameter(description = "invoices to reject (repeatable); all candidates' when absent")
                    @QueryParam("invoiceId")
                    List<String> invoiceIds) {
        return service.reject(tenant.tenantId(), id, invoiceIds, tenant.username())
                .map(t -> Response.ok(TransactionView.of(t, null)).build());
    }

    @POST
    @Path("/transactions/{id}/match")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary =
                    "Match a transaction by hand: chosen invoices and amounts, partial allocations allowed (PaymentMatched, MANUAL)",
            description =
                    "Each invoice must be the tenant's, open, of the transaction's direction and currency; each amount "
                            + "at most its amount due; the total at most the transaction's absolute amount.")
    @APIResponse(responseCode = "200", description = "The match")
    @APIResponse(responseCode = "400", description = "A malformed allocation, named in the problem")
    @APIResponse(responseCode = "409", description = "The transaction is already matched, pending or superseded")
    @APIResponse(
            responseCode = "422",
            description = "An allocation that cannot settle the invoice, named in the problem")
    public Uni<Response> matchManually(@PathParam("id") String id, ManualMatchRequest request) {
        List<ManualAllocation> allocations = validate(request);
        return service.matchManually(tenant.tenantId(), id, allocations, tenant.username())
                .map(m -> Response.ok(MatchView.of(m)).build());
    }

    private static List<ManualAllocation> validate(ManualMatchRequest request) {
        if (request == null
                || request.allocations() == null
                || request.allocations().isEmpty()) {
            throw ProblemException.badRequest("allocations", "at least one allocation is required");
        }
        if (request.allocations().size() > MAX_ALLOCATIONS) {
            throw ProblemException.badRequest("allocations", "at most " + MAX_ALLOCATIONS + " allocations");
        }
        List<ManualAllocation> out = new ArrayList<>();
        for (int i = 0; i < request.allocations().size(); i++) {
            var a = request.allocations().get(i);
            if (a == null) {
                throw ProblemException.badRequest("allocations[" + i + "]", "is required");
            }
            if (a.invoiceId() == null
                    || a.invoiceId().isBlank()
                    || a.invoiceId().length() > 64) {
                throw ProblemException.badRequest(
                        "allocations[" + i + "].invoiceId", "is required (at most 64 characters)");
            }
            if (a.amount() == null || a.amount().signum() <= 0) {
                throw ProblemException.badRequest("allocations[" + i + "].amount", "must be a positive amount");
            }
            out.add(new ManualAllocation(a.invoiceId().trim(), a.amount()));
        }
        return out;
    }

    @GET
    @Path("/matches")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "Matches, newest first (undone ones included, with undoneAt)")
    public Uni<Response> matches(
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        return service.matches(tenant.tenantId(), page, size)
                .map(list ->
                        Response.ok(list.stream().map(MatchView::of).toList()).build());
    }

    @GET
    @Path("/matches/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "One match with its allocations and reasons")
    @APIResponse(responseCode = "404", description = "No such match of the tenant")
    public Uni<Response> match(@PathParam("id") String id) {
        UUID matchId = parseUuid(id);
        return service.match(tenant.tenantId(), matchId)
                .onItem()
                .ifNotNull()
                .transform(m -> Response.ok(MatchView.of(m)).build())
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("match", id));
    }

    @POST
    @Path("/matches/{id}/undo")
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary =
                    "Undo a match: invoices get their amount due back (PaymentUnmatched); the transaction is unmatched "
                            + "and its invoices are not proposed for it again")
    @APIResponse(responseCode = "404", description = "No such match of the tenant")
    @APIResponse(responseCode = "409", description = "Already undone")
    public Uni<Response> undo(@PathParam("id") String id, @QueryParam("reason") @Size(max = 500) String reason) {
        UUID matchId = parseUuid(id);
        return service.undo(tenant.tenantId(), matchId, tenant.username(), reason)
                .onItem()
                .ifNotNull()
                .transform(m -> Response.ok(MatchView.of(m)).build())
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("match", id));
    }

    @GET
    @Path("/settings")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The tenant's matching settings (the engine's defaults until an admin saves some)")
    public Uni<Response> settings() {
        return service.settingsRow(tenant.tenantId())
                .map(row -> Response.ok(row == null ? SettingsView.defaults() : SettingsView.of(row))
                        .build());
    }

    @PUT
    @Path("/settings")
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
        MatchingSettingsRow row = validate(request);
        row.tenantId = tenant.tenantId();
        row.updatedBy = tenant.username();
        row.updatedAt = Instant.now();
        return service.saveSettings(row)
                .map(saved -> Response.ok(SettingsView.of(saved)).build());
    }

    private static MatchingSettingsRow validate(SettingsView r) {
        if (r == null) {
            throw ProblemException.badRequest("body", "the settings are required");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        ratio(errors, "autoMatchThreshold", r.autoMatchThreshold(), "0.5", "1");
        ratio(errors, "suggestThreshold", r.suggestThreshold(), "0", "1");
        ratio(errors, "ambiguityMargin", r.ambiguityMargin(), "0", "0.5");
        ratio(errors, "feeToleranceAbsolute", r.feeToleranceAbsolute(), "0", "1000000");
        ratio(errors, "feeToleranceRelative", r.feeToleranceRelative(), "0", "0.5");
        ratio(errors, "discountTolerance", r.discountTolerance(), "0", "0.2");
        ratio(errors, "overpaymentToleranceAbsolute", r.overpaymentToleranceAbsolute(), "0", "1000000");
        ratio(errors, "overpaymentToleranceRelative", r.overpaymentToleranceRelative(), "0", "0.2");
        ratio(errors, "nameSimilarityThreshold", r.nameSimilarityThreshold(), "0.5", "1");
        if (r.maxDaysBeforeIssue() == null || r.maxDaysBeforeIssue() < 0 || r.maxDaysBeforeIssue() > 365) {
            errors.add(new Problem.FieldError("maxDaysBeforeIssue", "is required, between 0 and 365"));
        }
        if (errors.isEmpty() && r.suggestThreshold().compareTo(r.autoMatchThreshold()) > 0) {
            errors.add(new Problem.FieldError("suggestThreshold", "must not be above autoMatchThreshold"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    400,
                    "validation",
                    "Invalid request",
                    errors.stream()
                            .map(e -> e.field() + ": " + e.message())
                            .reduce((a, b) -> a + "; " + b)
                            .orElse(""),
                    errors);
        }
        MatchingSettingsRow row = new MatchingSettingsRow();
        row.autoMatchThreshold = r.autoMatchThreshold();
        row.suggestThreshold = r.suggestThreshold();
        row.ambiguityMargin = r.ambiguityMargin();
        row.feeToleranceAbsolute = r.feeToleranceAbsolute();
        row.feeToleranceRelative = r.feeToleranceRelative();
        row.discountTolerance = r.discountTolerance();
        row.overpaymentToleranceAbsolute = r.overpaymentToleranceAbsolute();
        row.overpaymentToleranceRelative = r.overpaymentToleranceRelative();
        row.nameSimilarityThreshold = r.nameSimilarityThreshold();
        row.maxDaysBeforeIssue = r.maxDaysBeforeIssue();
        return row;
    }

    private static void ratio(List<Problem.FieldError> errors, String field, BigDecimal v, String min, String max) {
        if (v == null) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else if (v.compareTo(new BigDecimal(min)) < 0 || v.compareTo(new BigDecimal(max)) > 0) {
            errors.add(new Problem.FieldError(field, "must be between " + min + " and " + max));
        } else if (v.stripTrailingZeros().scale() > 4) {
            errors.add(new Problem.FieldError(field, "at most 4 decimals"));
        }
    }

    // ---- parameters: parsed here so that a bad one is a 400 naming it

    private static BigDecimal nonNegative(String field, BigDecimal value) {
        if (value != null && value.signum() < 0) {
            throw ProblemException.badRequest(field, "must not be negative (it applies to the absolute amount)");
        }
        return value;
    }

    private static UUID parseUuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("match", id);
        }
    }
}
