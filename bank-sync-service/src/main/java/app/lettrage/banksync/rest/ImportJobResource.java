package app.lettrage.banksync.rest;

import app.lettrage.banksync.service.ImportJobStore;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Statement imports, polled by their id (the Location of a statement upload). */
@Path("/api/import-jobs")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bank accounts and transactions")
public class ImportJobResource {

    private final ImportJobStore jobs;
    private final TenantContext tenant;

    public ImportJobResource(ImportJobStore jobs, TenantContext tenant) {
        this.jobs = jobs;
        this.tenant = tenant;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(
            summary =
                    "A statement import: status (QUEUED, RUNNING, SUCCEEDED, FAILED), entries read of the total,"
                            + " new, duplicates, rejected (with the reasons of the first 1000: entry, line, why), skipped, times")
    public Uni<ImportJobView> get(@PathParam("id") UUID id) {
        return jobs.find(tenant.tenantId(), id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("import job", id.toString()))
                .flatMap(job -> jobs.rejections(id).map(rejections -> ImportJobView.of(job, rejections)));
    }
}
