package app.lettrage.banksync.rest;

import app.lettrage.banksync.service.AccountService;
import app.lettrage.banksync.service.ImportJob;
import app.lettrage.banksync.service.ImportJobStore;
import app.lettrage.banksync.service.OpenAccount;
import app.lettrage.banksync.service.StatementSource;
import app.lettrage.banksync.service.TransactionImportService;
import app.lettrage.banksync.service.UploadStatement;
import app.lettrage.events.TransactionImported.Source;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.problem.QueryParams;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
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

/**
 * The tenant's bank accounts, their transactions and statement imports. Each method checks its parameters and hands
 * the work to the use case ({@link OpenAccount}, {@link TransactionImportService}, {@link UploadStatement}).
 */
@Path("/api/accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bank accounts and transactions")
public class AccountResource {

    private final AccountService accounts;
    private final OpenAccount openAccount;
    private final TransactionImportService imports;
    private final UploadStatement upload;
    private final ImportJobStore jobs;
    private final TenantContext tenant;
    private final int maxBatchSize;

    public AccountResource(
            AccountService accounts,
            OpenAccount openAccount,
            TransactionImportService imports,
            UploadStatement upload,
            ImportJobStore jobs,
            TenantContext tenant,
            @ConfigProperty(name = "lettrage.banksync.max-batch-size", defaultValue = "1000") int maxBatchSize) {
        this.accounts = accounts;
        this.openAccount = openAccount;
        this.imports = imports;
        this.upload = upload;
        this.jobs = jobs;
        this.tenant = tenant;
        this.maxBatchSize = maxBatchSize;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"accountant", "admin"})
    @Operation(summary = "Add a bank account to the tenant (IBAN unique within the tenant)")
    public Uni<Response> create(@Valid @NotNull AccountRequest request) {
        return openAccount
                .open(tenant.tenantId(), request.iban(), request.currency(), request.name())
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
        return accounts.require(tenant.tenantId(), id).map(AccountView::of);
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
        BatchValidator.requireWithin(batch, maxBatchSize);
        return accounts.require(tenantId, id)
                .map(account -> BatchValidator.validate(batch.transactions(), account.currency))
                .flatMap(valid -> imports.importTransactions(tenantId, id, Source.API, valid))
                .map(r -> ImportSummary.of(batch.transactions().size(), r));
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
        StatementSource source = StatementSource.requested(format, csvPreset, csvMapping);
        return accepted(upload.body(tenant.tenantId(), id, source, contentLength, body, fileName, tenant.username()));
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
        StatementSource source = StatementSource.requested(format, csvPreset, csvMapping);
        boolean given = file != null && file.uploadedFile() != null;
        return accepted(upload.part(
                tenant.tenantId(),
                id,
                source,
                given ? file.uploadedFile() : null,
                given ? file.size() : 0,
                given ? file.fileName() : null,
                tenant.username()));
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
        return accounts.require(tenantId, id)
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
}
