package app.lettrage.banksync.sync;

import app.lettrage.platform.http.ClientAddress;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.ratelimit.TenantRateLimiter;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Open-banking sync: each account's state and last error, and "sync now" for a user who is present. */
@Path("/api/sync/accounts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Open-banking sync", description = "Accounts synced through consents")
public class SyncResource {

    private final SyncOneAccount sync;
    private final SyncAccountRepository syncAccounts;
    private final TenantContext tenant;
    private final TenantRateLimiter limiter;

    public SyncResource(
            SyncOneAccount sync, SyncAccountRepository syncAccounts, TenantContext tenant, TenantRateLimiter limiter) {
        this.limiter = limiter;
        this.sync = sync;
        this.syncAccounts = syncAccounts;
        this.tenant = tenant;
    }

    public record SyncView(
            UUID id,
            UUID bankAccountId,
            String iban,
            UUID consentId,
            String status,
            LocalDate validUntil,
            Instant lastAttemptAt,
            Instant lastSuccessAt,
            LocalDate lastBookedDate,
            int unattendedCallsToday,
            Integer rateRemaining,
            Instant backOffUntil,
            String lastError,
            Instant lastErrorAt,
            long importedTotal) {
        static SyncView of(SyncAccount s) {
            int today = LocalDate.now(java.time.ZoneOffset.UTC).equals(s.callsDay) ? s.unattendedCalls : 0;
            return new SyncView(
                    s.id,
                    s.bankAccountId,
                    s.iban,
                    s.consentId,
                    s.status.name(),
                    s.validUntil,
                    s.lastAttemptAt,
                    s.lastSuccessAt,
                    s.lastBookedDate,
                    today,
                    s.rateRemaining,
                    s.backOffUntil,
                    s.lastError,
                    s.lastErrorAt,
                    s.importedTotal);
        }
    }

    public record SyncRun(SyncView account, int imported, int superseded, int duplicates) {}

    @GET
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "Accounts synced through consents, with their sync state and last error")
    public Uni<Response> list() {
        return Panache.withTransaction(() -> syncAccounts.listForTenant(tenant.tenantId()))
                .map(l -> Response.ok(l.stream().map(SyncView::of).toList()).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(summary = "One account's sync state and last error")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return Panache.withTransaction(() -> syncAccounts.findForTenant(tenant.tenantId(), id))
                .onItem()
                .ifNotNull()
                .transform(s -> Response.ok(SyncView.of(s)).build())
                .replaceIfNullWith(() -> {
                    throw ProblemException.notFound("sync account", id.toString());
                });
    }

    @POST
    @Path("/{id}/sync")
    @RolesAllowed({"accountant", "admin"})
    @Operation(summary = "Sync now (the user is present: not counted against the four unattended calls a day)")
    public Uni<Response> syncNow(@PathParam("id") UUID id, @Context HttpServerRequest http) {
        // each sync calls the bank: one tenant must not spend the provider quota every tenant shares
        limiter.acquire("sync-now", tenant.tenantId());
        // the user is present: their address (never a header a client can forge) makes the call attended
        String ip = ClientAddress.of(http);
        return sync.sync(tenant.tenantId(), id, ip == null ? "127.0.0.1" : ip)
                .map(r -> Response.ok(
                                new SyncRun(SyncView.of(r.account()), r.imported(), r.superseded(), r.duplicates()))
                        .build());
    }
}
