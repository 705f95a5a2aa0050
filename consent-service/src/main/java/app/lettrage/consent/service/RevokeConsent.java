package app.lettrage.consent.service;

import app.lettrage.consent.AuditAction;
import app.lettrage.consent.ConsentStatus;
import app.lettrage.consent.Provider;
import app.lettrage.consent.provider.BankCalls;
import app.lettrage.consent.provider.Connectors;
import app.lettrage.consent.provider.SecretBox;
import app.lettrage.consent.repository.AuditLogRepository;
import app.lettrage.consent.repository.ConsentRepository;
import app.lettrage.consent.repository.LinkedAccountRepository;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * An administrator revokes a consent: first at the provider (a failure there changes nothing here), then here, with
 * its audit entry and ConsentRevoked in one transaction. A consent already over is a 409.
 */
@ApplicationScoped
public class RevokeConsent {

    private final ConsentRepository consents;
    private final LinkedAccountRepository accounts;
    private final AuditLogRepository audit;
    private final Outbox outbox;
    private final Connectors connectors;
    private final BankCalls bank;
    private final ProviderCalls calls;
    private final SecretBox box;
    private final ConsentMetrics metrics;
    private final Clock clock;

    public RevokeConsent(
            ConsentRepository consents,
            LinkedAccountRepository accounts,
            AuditLogRepository audit,
            Outbox outbox,
            Connectors connectors,
            BankCalls bank,
            ProviderCalls calls,
            SecretBox box,
            ConsentMetrics metrics,
            Clock clock) {
        this.consents = consents;
        this.accounts = accounts;
        this.audit = audit;
        this.outbox = outbox;
        this.connectors = connectors;
        this.bank = bank;
        this.calls = calls;
        this.box = box;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Revokes the consent; null when the tenant has no such consent. */
    public Uni<ConsentDetails> revoke(String tenantId, String actor, UUID id) {
        return atProvider(tenantId, id).flatMap(x -> here(tenantId, actor, id));
    }

    /** Ends the consent at its provider when it has one there and is not over yet. */
    private Uni<Void> atProvider(String tenantId, UUID id) {
        return Panache.withTransaction(() -> consents.findForTenant(tenantId, id))
                .flatMap(c -> {
                    if (c == null
                            || c.providerRefEnc == null
                            || !c.status.isRevocable()
                            || !connectors.offers(c.provider)) {
                        return Uni.createFrom().voidItem();
                    }
                    String ref = box.open(c.providerRefEnc, c.id.toString());
                    Provider provider = c.provider;
                    return calls.call(() -> {
                                bank.revoke(provider, ref);
                                return true;
                            })
                            .replaceWithVoid();
                });
    }

    private Uni<ConsentDetails> here(String tenantId, String actor, UUID id) {
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
                            ConsentStatus before = c.revoke(now);
                            return audit.record(c, actor, AuditAction.REVOKED, now, "was " + before)
                                    .call(() -> outbox.append(
                                            ConsentEvents.AGGREGATE, ConsentEvents.revoked(c, actor, now)))
                                    .call(consents::flush) // the answer shows the new version
                                    .flatMap(x -> accounts.forConsent(c.id))
                                    .map(linked -> new ConsentDetails(c, linked));
                        }))
                .invoke(d -> {
                    if (d != null) {
                        metrics.revoked();
                    }
                });
    }
}
