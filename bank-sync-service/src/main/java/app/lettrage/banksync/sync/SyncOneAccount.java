package app.lettrage.banksync.sync;

import app.lettrage.banksync.service.DedupKeys;
import app.lettrage.banksync.service.IncomingTransaction;
import app.lettrage.banksync.service.TransactionImportService;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.events.TransactionImported.Source;
import app.lettrage.platform.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Syncs one account, asked by a user ("sync now") or by the scheduler: reserve the call (an unattended one counts
 * against the day's budget before it is made, as the bank counts it), read through consent-service from the last
 * booking date minus the overlap window, then store. Storing reuses the import path (dedup keys, outbox) of
 * {@link TransactionImportService}; only a booked transaction that replaces a pending one is written by
 * {@link SupersedePending}, because it must name the pending one it supersedes.
 */
@ApplicationScoped
public class SyncOneAccount {

    /** What one sync did, or why it was not made. */
    public record Result(
            SyncAccount account, boolean called, int imported, int superseded, int duplicates, String skipped) {}

    private final SyncAccountRepository syncAccounts;
    private final TransactionImportService imports;
    private final SupersedePending supersede;
    private final ConsentServiceClient client;
    private final SyncConfig config;
    private final Clock clock;
    private final Vertx vertx;

    public SyncOneAccount(
            SyncAccountRepository syncAccounts,
            TransactionImportService imports,
            SupersedePending supersede,
            ConsentServiceClient client,
            SyncConfig config,
            Clock clock,
            Vertx vertx) {
        this.syncAccounts = syncAccounts;
        this.imports = imports;
        this.supersede = supersede;
        this.client = client;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    /**
     * Syncs one account. {@code psuIp} non-null: the user asked ("sync now") and is present, the call is not
     * counted against the unattended budget. A back-off or an ended consent is answered with a 409 to a user, and
     * simply skipped for the scheduler.
     */
    public Uni<Result> sync(String tenantId, UUID syncAccountId, String psuIp) {
        boolean attended = psuIp != null;
        return Panache.withTransaction(() -> syncAccounts
                        .lockForTenant(tenantId, syncAccountId)
                        .flatMap(s -> reserve(s, syncAccountId, attended)))
                .flatMap(reserved -> {
                    if (!reserved.called()) {
                        return Uni.createFrom().item(reserved);
                    }
                    SyncAccount s = reserved.account();
                    LocalDate from = s.readFrom(today(), config.overlapDays(), config.firstSyncDays());
                    UUID consentId = s.consentId;
                    String providerAccount = s.providerAccountId;
                    return vertx.executeBlocking(Uni.createFrom()
                                    .item(() -> client.transactions(tenantId, consentId, providerAccount, from, psuIp)))
                            .flatMap(outcome -> handle(tenantId, syncAccountId, outcome, attended));
                });
    }

    private Uni<Result> reserve(SyncAccount s, UUID syncAccountId, boolean attended) {
        if (s == null) {
            return Uni.createFrom().failure(ProblemException.notFound("sync account", syncAccountId.toString()));
        }
        Instant now = clock.instant();
        String skip = s.whyNoCall(now, attended, config.unattendedPerDay());
        if (skip != null) {
            if (attended) {
                return Uni.createFrom().failure(ProblemException.conflict("sync-not-possible", skip));
            }
            return Uni.createFrom().item(new Result(s, false, 0, 0, 0, skip));
        }
        s.callReserved(now, attended);
        return Uni.createFrom().item(new Result(s, true, 0, 0, 0, null));
    }

    private Uni<Result> handle(
            String tenantId, UUID syncAccountId, ConsentServiceClient.Outcome outcome, boolean attended) {
        if (outcome instanceof ConsentServiceClient.Fetched f) {
            return store(tenantId, syncAccountId, f.report());
        }
        return Panache.withTransaction(() -> syncAccounts
                        .lockForTenant(tenantId, syncAccountId)
                        .map(s -> {
                            Instant now = clock.instant();
                            if (outcome instanceof ConsentServiceClient.RateLimited r) {
                                s.rateLimited(r.resetAt(), r.detail(), now);
                            } else if (outcome instanceof ConsentServiceClient.ConsentOver c) {
                                s.expired(c.detail(), now);
                            } else if (outcome instanceof ConsentServiceClient.Failed x) {
                                s.failed(x.detail(), now);
                            }
                            return s;
                        }))
                .flatMap(s -> {
                    if (!attended) {
                        return Uni.createFrom().item(new Result(s, true, 0, 0, 0, s.lastError));
                    }
                    if (outcome instanceof ConsentServiceClient.ConsentOver) {
                        return Uni.createFrom().failure(ProblemException.conflict("consent-ended", s.lastError));
                    }
                    if (outcome instanceof ConsentServiceClient.RateLimited) {
                        return Uni.createFrom()
                                .failure(new ProblemException(429, "rate-limited", "Too Many Requests", s.lastError));
                    }
                    return Uni.createFrom()
                            .failure(new ProblemException(502, "sync-failed", "Bad Gateway", s.lastError));
                });
    }

    private Uni<Result> store(String tenantId, UUID syncAccountId, JsonNode report) {
        return Panache.withTransaction(() -> syncAccounts.findForTenant(tenantId, syncAccountId))
                .flatMap(s -> {
                    List<IncomingTransaction> incoming = new ArrayList<>();
                    LocalDate today = today();
                    LocalDate maxBooked = s.lastBookedDate;
                    for (JsonNode t : report.path("transactions")) {
                        IncomingTransaction in = ProviderTransactions.incoming(t, today);
                        incoming.add(in);
                        if (in.status() == BookingStatus.BOOKED
                                && (maxBooked == null || in.bookingDate().isAfter(maxBooked))) {
                            maxBooked = in.bookingDate();
                        }
                    }
                    List<DedupKeys.Keyed> keyed = DedupKeys.assign(s.bankAccountId, incoming);
                    Integer remaining = report.hasNonNull("rateLimitRemaining")
                            ? report.get("rateLimitRemaining").asInt()
                            : null;
                    Instant resetAt = report.hasNonNull("rateLimitResetAt")
                            ? Instant.parse(report.get("rateLimitResetAt").asText())
                            : null;
                    LocalDate newestBooked = maxBooked;
                    return supersede
                            .supersede(tenantId, s.bankAccountId, keyed)
                            .flatMap(superseded -> imports.importKeyed(
                                            tenantId, s.bankAccountId, Source.OPEN_BANKING, keyed)
                                    .map(r -> new int[] {r.imported().size(), r.duplicates(), superseded}))
                            .flatMap(n -> Panache.withTransaction(() -> syncAccounts
                                    .lockForTenant(tenantId, syncAccountId)
                                    .map(row -> {
                                        row.synced(clock.instant(), newestBooked, remaining, resetAt, n[0] + n[2]);
                                        return new Result(row, true, n[0] + n[2], n[2], n[1] - n[2], null);
                                    })));
                });
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
