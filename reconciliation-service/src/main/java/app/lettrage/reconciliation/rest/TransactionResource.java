package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.problem.QueryParams;
import app.lettrage.platform.tenant.TenantContext;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import app.lettrage.reconciliation.rest.Views.CandidateView;
import app.lettrage.reconciliation.rest.Views.MatchView;
import app.lettrage.reconciliation.rest.Views.TransactionView;
import app.lettrage.reconciliation.service.BulkDecisions;
import app.lettrage.reconciliation.service.LinkReversalByHand;
import app.lettrage.reconciliation.service.MatchByHand;
import app.lettrage.reconciliation.service.ReconciliationQueries;
import app.lettrage.reconciliation.service.ReconciliationWorkflow;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A tenant's imported transactions for a frontend: by state, with their candidates; confirm, reject, match by hand.
 * Tenant from the token; another tenant's transaction is a 404; every error is application/problem+json.
 */
@Path("/api/transactions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reconciliation")
public class TransactionResource {

    private final ReconciliationQueries queries;
    private final ReconciliationWorkflow workflow;
    private final MatchByHand matchByHand;
    private final BulkDecisions bulk;
    private final LinkReversalByHand linkReversal;
    private final TenantContext tenant;

    public TransactionResource(
            ReconciliationQueries queries,
            ReconciliationWorkflow workflow,
            MatchByHand matchByHand,
            BulkDecisions bulk,
            LinkReversalByHand linkReversal,
            TenantContext tenant) {
        this.queries = queries;
        this.workflow = workflow;
        this.matchByHand = matchByHand;
        this.bulk = bulk;
        this.linkReversal = linkReversal;
        this.tenant = tenant;
    }

    @GET
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
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
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
        return queries.transactions(tenant.tenantId(), filter, page, size)
                .map(p -> Response.ok(p.items().stream()
                                .map(t ->
                                        TransactionView.of(t, p.activeMatches().get(t.transactionId())))
                                .toList())
                        .header("X-Total-Count", p.total())
                        .build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "One transaction with its state, reasons, candidates and active match")
    @APIResponse(responseCode = "404", description = "No such transaction of the tenant")
    public Uni<Response> transaction(@PathParam("id") String id) {
        return queries.transaction(tenant.tenantId(), TransactionIds.inPath(id))
                .onItem()
                .ifNotNull()
                .transform(t -> Response.ok(TransactionView.of(t.transaction(), t.activeMatchId()))
                        .build())
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("transaction", id));
    }

    @GET
    @Path("/{id}/candidates")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The engine's candidates for a transaction, best first, each with its allocations and reasons")
    @APIResponse(responseCode = "404", description = "No such transaction of the tenant")
    public Uni<Response> candidates(@PathParam("id") String id) {
        return queries.transaction(tenant.tenantId(), TransactionIds.inPath(id))
                .onItem()
                .ifNotNull()
                .transform(t -> Response.ok(CandidateView.of(t.transaction().candidates()))
                        .build())
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("transaction", id));
    }

    @POST
    @Path("/{id}/confirm")
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
        return workflow.confirm(tenant.tenantId(), TransactionIds.inPath(id), index, tenant.username())
                .map(m -> Response.ok(MatchView.of(m)).build());
    }

    @POST
    @Path("/{id}/reject")
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
        return workflow.reject(tenant.tenantId(), TransactionIds.inPath(id), invoiceIds, tenant.username())
                .map(t -> Response.ok(TransactionView.of(t, null)).build());
    }

    @POST
    @Path("/bulk-confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "Confirm many suggestions at once (at most " + BulkDecisions.MAX_ITEMS
                    + "), each as POST .../{id}/confirm would: PaymentMatched, CONFIRMED, per confirmed transaction",
            description =
                    "Body {\"items\":[{\"transactionId\":…,\"candidate\":0}]} (candidate optional, 0 by default). "
                            + "Each transaction is confirmed in its own transaction: one that is refused does not stop nor "
                            + "undo the others. The answer lists each item in the request's order: CONFIRMED with its "
                            + "matchId, or ERROR with the problem the single confirm would give (404 another tenant's or "
                            + "unknown transaction, 409 wrong-state or stale-suggestion, 400 candidate). Sent again, an "
                            + "already confirmed item is a 409 and publishes nothing.")
    @APIResponse(responseCode = "200", description = "Each item's outcome, and how many succeeded and failed")
    @APIResponse(
            responseCode = "400",
            description = "No items, more than " + BulkDecisions.MAX_ITEMS
                    + ", a malformed or repeated transaction id, named in the problem; nothing is decided")
    public Uni<Response> bulkConfirm(BulkConfirmRequest request) {
        return bulk.confirm(tenant.tenantId(), BulkConfirmRequest.validated(request), tenant.username())
                .map(outcomes -> Response.ok(BulkOutcomeView.Batch.of(outcomes, "/api/transactions/bulk-confirm"))
                        .build());
    }

    @POST
    @Path("/bulk-reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "Reject many suggestions at once (at most " + BulkDecisions.MAX_ITEMS
                    + "): all candidates' invoices of each, as POST .../{id}/reject without invoiceId",
            description = "Body {\"transactionIds\":[…]}. Each transaction is rejected in its own transaction. The "
                    + "answer lists each item in the request's order: REJECTED with the transaction's new state, or "
                    + "ERROR with the problem the single reject would give (404, 409 wrong-state).")
    @APIResponse(responseCode = "200", description = "Each item's outcome, and how many succeeded and failed")
    @APIResponse(
            responseCode = "400",
            description = "No ids, more than " + BulkDecisions.MAX_ITEMS
                    + ", a malformed or repeated transaction id, named in the problem; nothing is decided")
    public Uni<Response> bulkReject(BulkRejectRequest request) {
        return bulk.reject(tenant.tenantId(), BulkRejectRequest.validated(request), tenant.username())
                .map(outcomes -> Response.ok(BulkOutcomeView.Batch.of(outcomes, "/api/transactions/bulk-reject"))
                        .build());
    }

    @POST
    @Path("/{id}/match")
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
        return matchByHand
                .match(
                        tenant.tenantId(),
                        TransactionIds.inPath(id),
                        ManualMatchRequest.validated(request),
                        tenant.username())
                .map(m -> Response.ok(MatchView.of(m)).build());
    }

    @POST
    @Path("/{id}/reverses")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "Link a reversal the rules left waiting to the matched payment it undoes (PaymentReversed)",
            description =
                    "Body {\"paymentTransactionId\":…}. As the automatic link: the payment's match is undone, its "
                            + "invoices' amount due restored, the payment REVERSED, the reversal REVERSAL, and PaymentReversed "
                            + "published with the return reason. The reversal must move exactly the payment's amount back, on "
                            + "the same account and in the same currency, booked on or after it. The same link asked again "
                            + "answers the same and publishes nothing.")
    @APIResponse(responseCode = "200", description = "The reversal, REVERSAL, naming the payment it undoes")
    @APIResponse(responseCode = "400", description = "No paymentTransactionId, or a malformed one")
    @APIResponse(responseCode = "404", description = "No such transaction of the tenant (the reversal or the payment)")
    @APIResponse(
            responseCode = "409",
            description = "The line is not a reversal or already undoes another payment (already-linked); the payment"
                    + " was already reversed (already-reversed) or is not matched (not-matched)")
    @APIResponse(
            responseCode = "422",
            description = "The reversal cannot undo that payment (cannot-undo): another account or currency, money"
                    + " moved the same way, more or less than the payment, or booked before it")
    public Uni<Response> linkReversal(@PathParam("id") String id, ReversalLinkRequest request) {
        return linkReversal
                .link(
                        tenant.tenantId(),
                        TransactionIds.inPath(id),
                        ReversalLinkRequest.validated(request),
                        tenant.username())
                .map(t -> Response.ok(TransactionView.of(t, null)).build());
    }

    /** Parsed here so that a bad amount bound is a 400 naming it. */
    private static BigDecimal nonNegative(String field, BigDecimal value) {
        if (value != null && value.signum() < 0) {
            throw ProblemException.badRequest(field, "must not be negative (it applies to the absolute amount)");
        }
        return value;
    }
}
