package app.lettrage.consent.service;

import app.lettrage.bankconnectors.ConsentLifecycle;
import app.lettrage.bankconnectors.ConsentState;
import app.lettrage.consent.AccountRelink;
import app.lettrage.consent.AuditAction;
import app.lettrage.consent.Consent;
import app.lettrage.consent.LinkedAccount;
import app.lettrage.consent.Provider;
import app.lettrage.consent.config.ConsentConfig;
import app.lettrage.consent.provider.BankCalls;
import app.lettrage.consent.provider.BankCalls.ConsentOutcome;
import app.lettrage.consent.provider.SecretBox;
import app.lettrage.consent.repository.AuditLogRepository;
import app.lettrage.consent.repository.ConsentRepository;
import app.lettrage.consent.repository.LinkedAccountRepository;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The user is back from the bank (the callback). The state is consumed first, single use, before anything else; a
 * state presented by another tenant or user, or after its expiry, changes nothing. Then the provider is asked what
 * happened (the redirect's own error parameter is only a hint), and the consent becomes ACTIVE with its accounts and
 * ConsentGranted is published, or it is REJECTED (a rejected renewal leaves the consent as it was).
 */
@ApplicationScoped
public class CompleteAuthorisation {

    private final ConsentRepository consents;
    private final LinkedAccountRepository accounts;
    private final AuditLogRepository audit;
    private final Outbox outbox;
    private final ConsentConfig config;
    private final BankCalls bank;
    private final ProviderCalls calls;
    private final SecretBox box;
    private final Clock clock;

    public CompleteAuthorisation(
            ConsentRepository consents,
            LinkedAccountRepository accounts,
            AuditLogRepository audit,
            Outbox outbox,
            ConsentConfig config,
            BankCalls bank,
            ProviderCalls calls,
            SecretBox box,
            Clock clock) {
        this.consents = consents;
        this.accounts = accounts;
        this.audit = audit;
        this.outbox = outbox;
        this.config = config;
        this.bank = bank;
        this.calls = calls;
        this.box = box;
        this.clock = clock;
    }

    /** The authorisation a consumed state was for. */
    private record Consumed(UUID consentId, String tenantId, Provider provider, String providerRef, boolean renewal) {}

    public Uni<ConsentDetails> complete(String tenantId, String actor, String state, String error) {
        if (state == null || state.isBlank() || state.length() > 128) {
            throw ProblemException.badRequest("state", "required: the state the bank sent back");
        }
        String hash = AuthorisationRequests.hash(state.trim());
        return Panache.withTransaction(() -> consents.lockByStateHash(hash).flatMap(c -> consume(c, tenantId, actor)))
                .flatMap(done -> calls.call(() -> bank.outcome(done.provider(), done.providerRef()))
                        .flatMap(outcome -> apply(done, actor, outcome, error)));
    }

    private Uni<Consumed> consume(Consent c, String tenantId, String actor) {
        // another tenant's state is as unknown as a made-up one
        if (c == null || !c.tenantId.equals(tenantId)) {
            return Uni.createFrom().failure(ProblemException.badRequest("state", "unknown or already used"));
        }
        if (!c.stateStartedBy(actor)) {
            return Uni.createFrom()
                    .failure(new ProblemException(
                            403, "state-not-yours", "Forbidden", "this authorisation was started by another user"));
        }
        boolean renewal = c.isRenewing();
        String ref = box.open(renewal ? c.pendingProviderRefEnc : c.providerRefEnc, c.id.toString());
        if (!c.consumeState(clock.instant())) {
            return Uni.createFrom()
                    .failure(ProblemException.badRequest(
                            "state",
                            "expired: the authorisation must be completed within "
                                    + config.stateTtl().toMinutes() + " minutes"));
        }
        return Uni.createFrom().item(new Consumed(c.id, c.tenantId, c.provider, ref, renewal));
    }

    private Uni<ConsentDetails> apply(Consumed done, String actor, ConsentOutcome outcome, String error) {
        return Panache.withTransaction(() -> consents.lockForTenant(done.tenantId(), done.consentId())
                .flatMap(c -> {
                    Instant now = clock.instant();
                    ConsentState state = outcome.state();
                    if (!state.status().usable()) {
                        c.reject(done.renewal(), state.status() == ConsentLifecycle.EXPIRED, now);
                        String why = "bank says " + state.providerStatus()
                                + (error == null ? "" : ", redirect error " + error);
                        return audit.record(c, actor, AuditAction.REJECTED, now, why)
                                .call(consents::flush)
                                .flatMap(x -> accounts.forConsent(c.id))
                                .map(linked -> new ConsentDetails(c, linked));
                    }
                    c.authorise(done.renewal(), state.validUntil(), now);
                    return accounts.forConsent(c.id)
                            .flatMap(existing -> store(AccountRelink.of(c.id, existing, outcome.accounts())))
                            .map(linked -> new ConsentDetails(c, linked))
                            .call(details -> audit.record(
                                            c,
                                            actor,
                                            AuditAction.AUTHORISED,
                                            now,
                                            "%d account(s)%s, valid until %s"
                                                    .formatted(
                                                            details.accounts().size(),
                                                            done.renewal() ? " relinked by IBAN" : "",
                                                            c.validUntil))
                                    .call(() ->
                                            outbox.append(ConsentEvents.AGGREGATE, ConsentEvents.granted(details, now)))
                                    .call(consents::flush));
                }));
    }

    /**
     * Deletes the accounts gone, flushed, before inserting the new ones: in one flush Hibernate inserts before it
     * deletes, and a new account may carry the provider id a gone one held (unique per consent).
     */
    private Uni<List<LinkedAccount>> store(AccountRelink relink) {
        return Multi.createFrom()
                .iterable(relink.gone())
                .onItem()
                .transformToUniAndConcatenate(accounts::delete)
                .collect()
                .asList()
                .call(accounts::flush)
                .call(() -> relink.added().isEmpty() ? Uni.createFrom().voidItem() : accounts.persist(relink.added()))
                .replaceWith(relink.linked());
    }
}
