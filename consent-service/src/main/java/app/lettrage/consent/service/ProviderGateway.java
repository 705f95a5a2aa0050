package app.lettrage.consent.service;

import app.lettrage.bankconnectors.ConnectorException;
import app.lettrage.bankconnectors.ConsentExpiredException;
import app.lettrage.bankconnectors.ConsentInvalidException;
import app.lettrage.bankconnectors.Psu;
import app.lettrage.bankconnectors.RateLimitedException;
import app.lettrage.bankconnectors.TransactionReport;
import app.lettrage.consent.AuditAction;
import app.lettrage.consent.AuditEntry;
import app.lettrage.consent.ConsentStatus;
import app.lettrage.consent.LinkedAccount;
import app.lettrage.consent.provider.Connectors;
import app.lettrage.consent.provider.SecretBox;
import app.lettrage.consent.repository.AuditLogRepository;
import app.lettrage.consent.repository.ConsentRepository;
import app.lettrage.consent.repository.LinkedAccountRepository;
import app.lettrage.events.ConsentExpired;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads transactions through a consent on behalf of bank-sync-service. A provider saying the consent is over
 * (CONSENT_EXPIRED, or a 401 that a fresh token did not cure) expires it here too: ConsentExpired is published and
 * the caller gets a 409; a rate limit is a 429 with Retry-After.
 */
@ApplicationScoped
public class ProviderGateway {

    private static final Logger LOG = Logger.getLogger(ProviderGateway.class);

    /** What bank-sync gets: the report, and the rate limit the provider reported. */
    public record Fetched(
            String accountIban,
            java.util.List<app.lettrage.bankconnectors.CanonicalTransaction> transactions,
            Integer rateLimitRemaining,
            Instant rateLimitResetAt,
            int pages) {}

    private final ConsentRepository consents;
    private final LinkedAccountRepository accounts;
    private final AuditLogRepository audit;
    private final Outbox outbox;
    private final Connectors connectors;
    private final SecretBox box;
    private final Vertx vertx;
    private final Clock clock;

    public ProviderGateway(
            ConsentRepository consents,
            LinkedAccountRepository accounts,
            AuditLogRepository audit,
            Outbox outbox,
            Connectors connectors,
            SecretBox box,
            Vertx vertx,
            Clock clock) {
        this.consents = consents;
        this.accounts = accounts;
        this.audit = audit;
        this.outbox = outbox;
        this.connectors = connectors;
        this.box = box;
        this.vertx = vertx;
        this.clock = clock;
    }

    public Uni<Fetched> transactions(
            String tenantId, UUID consentId, String accountId, LocalDate dateFrom, String psuIp) {
        return Panache.withTransaction(() -> consents.findForTenant(tenantId, consentId)
                        .flatMap(c -> c == null
                                ? Uni.createFrom().nullItem()
                                : accounts.forConsent(c.id).map(l -> java.util.Map.entry(c, l))))
                .flatMap(found -> {
                    if (found == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("consent", consentId.toString()));
                    }
                    var c = found.getKey();
                    if (c.status != ConsentStatus.ACTIVE && c.status != ConsentStatus.EXPIRING) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "consent-not-active", "consent " + consentId + " is " + c.status));
                    }
                    if (found.getValue().stream()
                            .map((LinkedAccount l) -> l.accountId)
                            .noneMatch(accountId::equals)) {
                        return Uni.createFrom().failure(ProblemException.notFound("account", accountId));
                    }
                    String ref = box.open(c.providerRefEnc, c.id.toString());
                    var provider = c.provider;
                    Psu psu = psuIp == null || psuIp.isBlank() ? Psu.UNATTENDED : new Psu(psuIp);
                    return vertx.executeBlocking(Uni.createFrom().item(() -> {
                                try {
                                    TransactionReport r =
                                            connectors.of(provider).transactions(ref, accountId, dateFrom, psu);
                                    return (Object) new Fetched(
                                            r.accountIban(),
                                            r.transactions(),
                                            r.rateLimit().remaining(),
                                            r.rateLimit().resetAt(),
                                            r.pages());
                                } catch (ConnectorException e) {
                                    return e;
                                }
                            }))
                            .flatMap(result -> {
                                if (result instanceof Fetched f) {
                                    return Uni.createFrom().item(f);
                                }
                                return Uni.createFrom()
                                        .failure(problem(tenantId, consentId, (ConnectorException) result));
                            })
                            .onFailure(ExpiredAtProvider.class)
                            .recoverWithUni(e -> expire(tenantId, consentId, e.getMessage())
                                    .flatMap(x -> Uni.createFrom()
                                            .failure(ProblemException.conflict(
                                                    "consent-expired",
                                                    "the bank says the consent is over: " + e.getMessage()))));
                });
    }

    /** Marker: the provider ended the consent. */
    private static final class ExpiredAtProvider extends RuntimeException {
        ExpiredAtProvider(String message) {
            super(message, null, false, false);
        }
    }

    private Throwable problem(String tenantId, UUID consentId, ConnectorException e) {
        if (e instanceof ConsentExpiredException || e instanceof ConsentInvalidException) {
            return new ExpiredAtProvider(e.code());
        }
        if (e instanceof RateLimitedException r) {
            Instant reset = r.resetAt() != null ? r.resetAt() : clock.instant().plus(Duration.ofHours(1));
            long seconds = Math.max(1, Duration.between(clock.instant(), reset).getSeconds());
            // the reset instant as a machine-readable entry, for the caller's back-off
            return new ProblemException(
                    429,
                    "rate-limited",
                    "Too Many Requests",
                    "the bank refused the call (" + r.code() + "); retry after " + seconds + " s",
                    java.util.List.of(
                            new app.lettrage.platform.problem.Problem.FieldError("resetAt", reset.toString())));
        }
        LOG.warnf("provider call for consent %s failed: %s", consentId, e.getMessage());
        return new ProblemException(502, "provider-error", "Bad Gateway", "the bank answered: " + e.getMessage());
    }

    private Uni<Void> expire(String tenantId, UUID consentId, String why) {
        return Panache.withTransaction(() -> consents.lockForTenant(tenantId, consentId)
                .flatMap(c -> {
                    if (c == null || c.status == ConsentStatus.EXPIRED || c.status == ConsentStatus.REVOKED) {
                        return Uni.createFrom().voidItem();
                    }
                    Instant now = clock.instant();
                    c.status = ConsentStatus.EXPIRED;
                    c.updatedAt = now;
                    AuditEntry e = new AuditEntry();
                    e.consentId = c.id;
                    e.tenantId = c.tenantId;
                    e.actor = "bank-sync-service";
                    e.action = AuditAction.EXPIRED;
                    e.at = now;
                    e.detail = "the bank refused access: " + why;
                    return audit.persist(e)
                            .call(() -> outbox.append(
                                    "Consent", new ConsentExpired(c.id.toString(), c.tenantId, c.institutionId, now)))
                            .replaceWithVoid();
                }));
    }
}
