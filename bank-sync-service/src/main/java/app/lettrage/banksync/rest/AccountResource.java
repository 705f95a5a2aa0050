package app.lettrage.banksync.rest;

import app.lettrage.banksync.BankAccount;
import app.lettrage.banksync.service.AccountService;
import app.lettrage.banksync.service.ImportJob;
import app.lettrage.banksync.service.ImportJobStore;
import app.lettrage.banksync.service.IncomingTransaction;
import app.lettrage.banksync.service.StatementFiles;
import app.lettrage.banksync.service.StatementUploads;
import app.lettrage.banksync.service.SubmitStatement;
import app.lettrage.banksync.service.TransactionImportService;
import app.lettrage.events.TransactionImported.Source;
import app.lettrage.identifiers.Iban;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.problem.QueryParams;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/api/accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bank accounts and transactions")
public class AccountResource {

    private final AccountService accounts;
    private final TransactionImportService imports;
    private final TenantContext tenant;
    private final int maxBatchSize;
    private final long maxStatementBytes;
    private final StatementUploads uploads;
    private final SubmitStatement submit;
    private final ImportJobStore jobs;

    public AccountResource(
            AccountService accounts,
            TransactionImportService imports,
            TenantContext tenant,
            @ConfigProperty(name = "lettrage.banksync.max-batch-size", defaultValue = "1000") int maxBatchSize,
            @ConfigProperty(name = "lettrage.banksync.max-statement-bytes") long maxStatementBytes,
            StatementUploads uploads,
            SubmitStatement submit,
            ImportJobStore jobs) {
        this.accounts = accounts;
        this.imports = imports;
        this.tenant = tenant;
        this.maxBatchSize = maxBatchSize;
        this.maxStatementBytes = maxStatementBytes;
        this.uploads = uploads;
        this.submit = submit;
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(summary = "Add a bank account to the tenant (IBAN unique within the tenant)")
    public Uni<Response> create(@Valid @NotNull AccountRequest request) {
        String tenantId = tenant.tenantId();
        String iban = Iban.normalize(request.iban());
        if (!Iban.isValid(iban)) {
            throw ProblemException.badRequest(
                    "iban", "not a valid IBAN (country, length, account format or check digits)");
        }
        try {
            Money.currency(request.currency());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("currency", e.getMessage());
        }
        String name = request.name() == null || request.name().isBlank()
                ? null
                : request.name().strip();
        return accounts.create(tenantId, iban, request.currency(), name)
                .onFailure(AccountResource::isDuplicateIban)
                .transform(e -> AccountService.accountExists(iban, null))
                .map(a -> Response.created(URI.create("/api/accounts/" + a.id))
                        .entity(AccountView.of(a))
                        .build());
    }

    @GET
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The tenant's bank accounts, oldest first")
    public Uni<List<AccountView>> list() {
        return accounts.list(tenant.tenantId())
                .map(l -> l.stream().map(AccountView::of).toList());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "Get a bank account")
    public Uni<AccountView> get(@PathParam("id") UUID id) {
        return accounts.get(tenant.tenantId(), id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("account", id.toString()))
                .map(AccountView::of);
    }

    @POST
    @Path("/{id}/transactions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(
            summary = "Import a batch of transactions: new ones are stored and published as TransactionImported,"
                    + " ones already imported are skipped; one invalid entry rejects the whole batch")
    public Uni<ImportSummary> importBatch(@PathParam("id") UUID id, @NotNull TransactionBatch batch) {
        String tenantId = tenant.tenantId();
        if (batch.transactions() == null) {
            throw ProblemException.badRequest("transactions", "is required (an array of transactions)");
        }
        int received = batch.transactions().size();
        if (received > maxBatchSize) {
            throw new ProblemException(
                    413,
                    "batch-too-large",
                    "Batch too large",
                    "a batch holds at most " + maxBatchSize + " transactions, this one " + received + ": split it",
                    List.of(new Problem.FieldError("transactions", "at most " + maxBatchSize + " per batch")));
        }
        return accounts.get(tenantId, id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("account", id.toString()))
                .map(account -> BatchValidator.validate(batch.transactions(), account.currency))
                .flatMap((List<IncomingTransaction> valid) ->
                        imports.importTransactions(tenantId, id, Source.API, valid))
                .map(r -> new ImportSummary(
                        received,
                        r.imported().size(),
                        r.duplicates(),
                        r.imported().stream().map(t -> t.id).toList()));
    }

    @POST
    @Path("/{id}/statements")
    @Consumes({
        MediaType.APPLICATION_OCTET_STREAM,
        MediaType.TEXT_PLAIN,
        MediaType.APPLICATION_XML,
        MediaType.TEXT_XML,
        "text/csv",
        "application/x-ofx",
        "application/vnd.intu.qfx"
    })
    @RolesAllowed({"accountant", "admin"})
    @Blocking
    @Operation(
            summary =
                    "Upload a statement file as the raw body (camt.052/053/054, MT940/MT942, OFX, CODA, or CSV with"
                            + " csvPreset/csvMapping; format detected unless given): the whole file is checked first (422 naming the"
                            + " line, 413 above the limit), then imported by a job: 202 with the job, Location /api/import-jobs/{jobId}")
    public Response uploadStatement(
            @PathParam("id") UUID id,
            @QueryParam("format") String format,
            @QueryParam("csvPreset") String csvPreset,
            @QueryParam("csvMapping") String csvMapping,
            @QueryParam("fileName") String fileName,
            @HeaderParam("Content-Length") String contentLength,
            InputStream body) {
        String tenantId = tenant.tenantId();
        StatementFiles.Source source = StatementFiles.source(format, csvPreset, csvMapping);
        BankAccount account = account(tenantId, id);
        if (contentLength != null && !contentLength.isBlank()) {
            long declared;
            try {
                declared = Long.parseLong(contentLength.strip());
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Content-Length", "is not a number");
            }
            if (declared > maxStatementBytes) {
                throw StatementUploads.tooLarge(maxStatementBytes, String.valueOf(declared));
            }
        }
        StatementUploads.Upload upload = uploads.receive(tenantId, body, maxStatementBytes);
        return accepted(submit.submit(account, source, upload, fileName, tenant.username()));
    }

    @POST
    @Path("/{id}/statements")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({"accountant", "admin"})
    @Blocking
    @Operation(
            summary = "Upload a statement file as multipart/form-data: part 'file', optional parts 'format',"
                    + " 'csvPreset', 'csvMapping'; same checks and answer as the raw upload")
    public Response uploadStatementForm(
            @PathParam("id") UUID id,
            @RestForm("file") FileUpload file,
            @RestForm("format") String format,
            @RestForm("csvPreset") String csvPreset,
            @RestForm("csvMapping") String csvMapping) {
        String tenantId = tenant.tenantId();
        StatementFiles.Source source = StatementFiles.source(format, csvPreset, csvMapping);
        BankAccount account = account(tenantId, id);
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.badRequest("file", "is required: the statement file as the multipart part 'file'");
        }
        if (file.size() > maxStatementBytes) {
            throw StatementUploads.tooLarge(maxStatementBytes, String.valueOf(file.size()));
        }
        if (file.size() == 0) {
            throw ProblemException.badRequest("file", "is empty");
        }
        StatementUploads.Upload upload = uploads.adopt(tenantId, file.uploadedFile());
        return accepted(submit.submit(account, source, upload, file.fileName(), tenant.username()));
    }

    /** The tenant's account, or 404; blocking (the uploads run on a worker thread). */
    private BankAccount account(String tenantId, UUID id) {
        BankAccount account;
        try {
            account = VertxContextSupport.subscribeAndAwait(() -> accounts.get(tenantId, id));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (account == null) {
            throw ProblemException.notFound("account", id.toString());
        }
        return account;
    }

    private static Response accepted(ImportJob job) {
        return Response.accepted(ImportJobView.of(job, null))
                .location(URI.create("/api/import-jobs/" + job.id()))
                .build();
    }

    @GET
    @Path("/{id}/import-jobs")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The account's statement imports, newest first")
    public Uni<List<ImportJobView>> importJobs(
            @PathParam("id") UUID id,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        String tenantId = tenant.tenantId();
        return accounts.get(tenantId, id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("account", id.toString()))
                .flatMap(a -> jobs.list(tenantId, id, page, size))
                .map(list ->
                        list.stream().map(job -> ImportJobView.of(job, null)).toList());
    }

    @GET
    @Path("/{id}/transactions")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "The account's transactions, newest booking date first; bookedFrom/bookedTo inclusive")
    public Uni<List<TransactionView>> transactions(
            @PathParam("id") UUID id,
            @QueryParam("bookedFrom") String bookedFrom,
            @QueryParam("bookedTo") String bookedTo,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        LocalDate from = QueryParams.date("bookedFrom", bookedFrom);
        LocalDate to = QueryParams.date("bookedTo", bookedTo);
        if (from != null && to != null && from.isAfter(to)) {
            throw ProblemException.badRequest("bookedFrom", "is after bookedTo");
        }
        return imports.list(tenant.tenantId(), id, from, to, page, size)
                .map(l -> l.stream().map(TransactionView::of).toList());
    }

    private static boolean isDuplicateIban(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("bank_account_iban_unique")) {
                return true;
            }
        }
        return false;
    }
}
