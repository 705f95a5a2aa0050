package app.lettrage.consent.service;

import app.lettrage.consent.AuditAction;
import app.lettrage.consent.AuditEntry;
import app.lettrage.consent.Consent;
import app.lettrage.consent.ConsentStatus;
import app.lettrage.consent.LinkedAccount;
import app.lettrage.consent.config.ConsentConfig;
import app.lettrage.consent.repository.AuditLogRepository;
import app.lettrage.consent.repository.ConsentRepository;
import app.lettrage.consent.repository.LinkedAccountRepository;
import app.lettrage.events.ConsentGranted;
import app.lettrage.events.ConsentRevoked;
import app.lettrage.platform.money.Iban;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Consents and their accounts. Every change writes its audit entry and its event (through the outbox) in the
 * transaction of the change: all three exist, or none.
 */
@ApplicationScoped
public class ConsentService {

    private static final String AGGREGATE = "Consent";

    private final ConsentRepository consents;
    private final LinkedAccountRepository accounts;
    private final AuditLogRepository audit;
    private final Outbox outbox;
    private final ConsentConfig config;
    private final Counter granted;
    private final Counter revoked;
    private final Clock clock;

    public ConsentService(
            ConsentRepository consents,
            LinkedAccountRepository accounts,
            AuditLogRepository audit,
            Outbox outbox,
            ConsentConfig config,
            MeterRegistry metrics,
            Clock clock) {
        this.clock = clock;
        this.consents = consents;
        this.accounts = accounts;
        this.audit = audit;
        this.outbox = outbox;
        this.config = config;
        this.granted = consentCounter(metrics, "granted");
        this.revoked = consentCounter(metrics, "revoked");
    }

    private static Counter consentCounter(MeterRegistry metrics, String action) {
        return Counter.builder("lettrage.consents")
                .description("consents changed, by action (committed changes only)")
                .tag("action", action)
                .register(metrics);
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /**
     * Records a consent with its accounts. In this skeleton it is ACTIVE at once (no SCA yet) and ConsentGranted is
     * published; the PSD2 flow will start at CREATED and grant on the bank's authorisation.
     */
    public Uni<ConsentDetails> grant(String tenantId, String actor, NewConsent request) {
        check(request);
        Instant now = clock.instant();
        Consent c = new Consent();
        c.id = UUID.randomUUID();
        c.tenantId = tenantId;
        c.institutionId = request.institutionId().trim();
        c.provider = request.provider();
        c.status = ConsentStatus.ACTIVE;
        c.validUntil = request.validUntil();
        c.createdBy = actor;
        c.createdAt = now;
        c.updatedAt = now;
        List<LinkedAccount> linked = request.accounts().stream()
                .map(a -> {
                    LinkedAccount l = new LinkedAccount();
                    l.id = UUID.randomUUID();
                    l.consentId = c.id;
                    l.accountId = a.accountId().trim();
                    l.iban = Iban.normalize(a.iban());
                    l.currency = a.currency();
                    l.name = a.name();
                    return l;
                })
                .toList();
        ConsentGranted event = new ConsentGranted(
                c.id.toString(),
                tenantId,
                c.institutionId,
                c.provider.name(),
                c.validUntil,
                linked.stream()
                        .map(l -> new app.lettrage.events.LinkedAccount(l.accountId, l.iban, l.currency, l.name))
                        .toList(),
                now);
        String detail = "%s consent at %s for %d account(s), valid until %s"
                .formatted(c.provider, c.institutionId, linked.size(), c.validUntil);
        // metrics count committed changes only: the counter follows the transaction, not a step inside it
        return Panache.withTransaction(() -> consents.persist(c)
                        .call(() -> accounts.persist(linked))
                        // the audit row's IDENTITY insert runs at once: the consent must be in the database before it
                        .call(consents::flush)
                        .call(() -> audit.record(c, actor, AuditAction.GRANTED, now, detail))
                        .call(() -> outbox.append(AGGREGATE, event))
                        .replaceWith(new ConsentDetails(c, linked)))
                .invoke(() -> granted.increment());
    }

    /** Revokes a consent that is not over yet; null when the tenant has no such consent. */
    public Uni<ConsentDetails> revoke(String tenantId, String actor, UUID id) {
        return Panache.withTransaction(() -> consents.lockForTenant(tenantId, id)
                        .onItem()
                        .ifNotNull()
                        .transformToUni(c -> {
                            if (!c.status.isRevocable()) {
                                return Uni.createFrom()
                                        .failure(ProblemException.conflict(
                                                "consent-not-revocable",
                                                "consent " + id + " is " + c.status
                                                        + "; only a pending or active consent can be revoked"));
                            }
                            Instant now = clock.instant();
                            ConsentStatus before = c.status;
                            c.status = ConsentStatus.REVOKED;
                            c.updatedAt = now;
                            return audit.record(c, actor, AuditAction.REVOKED, now, "was " + before)
                                    .call(() -> outbox.append(
                                            AGGREGATE,
                                            new ConsentRevoked(c.id.toString(), tenantId, c.institutionId, actor, now)))
                                    .call(consents::flush) // the answer shows the new version
                                    .flatMap(x -> accounts.forConsent(c.id))
                                    .map(linked -> new ConsentDetails(c, linked));
                        }))
                .invoke(d -> {
                    if (d != null) {
                        revoked.increment();
                    }
                });
    }

    /** The consent with its accounts; null when the tenant has no such consent. */
    @WithTransaction
    public Uni<ConsentDetails> get(String tenantId, UUID id) {
        return consents.findForTenant(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(c -> accounts.forConsent(c.id).map(linked -> new ConsentDetails(c, linked)));
    }

    @WithTransaction
    public Uni<List<Consent>> list(String tenantId, ConsentStatus status, int page, int size) {
        return consents.list(tenantId, status, page, size);
    }

    /** The consent's audit trail, oldest first; null when the tenant has no such consent. */
    @WithTransaction
    public Uni<List<AuditEntry>> audit(String tenantId, UUID id) {
        return consents.findForTenant(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(c -> audit.forConsent(tenantId, c.id));
    }

    /** The rules a well-formed request must still meet; every broken one is named in one 400 problem. */
    private void check(NewConsent request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        LocalDate today = today();
        LocalDate latest = today.plusDays(config.maxValidityDays());
        if (!request.validUntil().isAfter(today)) {
            errors.add(new Problem.FieldError("validUntil", "must be after today (" + today + ")"));
        } else if (request.validUntil().isAfter(latest)) {
            errors.add(new Problem.FieldError(
                    "validUntil",
                    "a consent runs at most " + config.maxValidityDays() + " days: at the latest " + latest));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.accounts().size(); i++) {
            NewConsent.Account a = request.accounts().get(i);
            if (!seen.add(a.accountId().trim())) {
                errors.add(new Problem.FieldError("accounts[" + i + "].accountId", "appears twice in the consent"));
            }
            if (a.iban() != null && !Iban.isValid(a.iban())) {
                errors.add(new Problem.FieldError(
                        "accounts[" + i + "].iban", "not a valid IBAN (check digits or length)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    400,
                    "validation",
                    "Invalid request",
                    errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")),
                    errors);
        }
    }
}
