package app.lettrage.consent.service;

import app.lettrage.bankconnectors.ConsentRequest;
import app.lettrage.consent.AuditAction;
import app.lettrage.consent.ConsentStatus;
import app.lettrage.consent.Provider;
import app.lettrage.consent.provider.BankCalls;
import app.lettrage.consent.provider.SecretBox;
import app.lettrage.consent.repository.AuditLogRepository;
import app.lettrage.consent.repository.ConsentRepository;
import app.lettrage.consent.repository.LinkedAccountRepository;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A person renews a consent, before or after it expired: a new consent is created at the provider and awaits the
 * user's authorisation. Until the user completes it the consent keeps its current access; once authorised its
 * accounts are relinked by IBAN ({@link CompleteAuthorisation}).
 */
@ApplicationScoped
public class RenewConsent {

    private final ConsentRepository consents;
    private final LinkedAccountRepository accounts;
    private final AuditLogRepository audit;
    private final BankCalls bank;
    private final ProviderCalls calls;
    private final AuthorisationRequests requests;
    private final SecretBox box;
    private final Clock clock;

    public RenewConsent(
            ConsentRepository consents,
            LinkedAccountRepository accounts,
            AuditLogRepository audit,
            BankCalls bank,
            ProviderCalls calls,
            AuthorisationRequests requests,
            SecretBox box,
            Clock clock) {
        this.consents = consents;
        this.accounts = accounts;
        this.audit = audit;
        this.bank = bank;
        this.calls = calls;
        this.requests = requests;
        this.box = box;
        this.clock = clock;
    }

    /** Starts the renewal; null when the tenant has no such consent, a 409 when it cannot be renewed. */
    public Uni<AuthorisationStarted> renew(String tenantId, String actor, UUID id, LocalDate validUntil, String psuIp) {
        return Panache.withTransaction(() -> consents.findForTenant(tenantId, id))
                .flatMap(found -> {
                    if (found == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (!found.status.isRenewable()) {
                        return Uni.createFrom().failure(notRenewable(id, found.status));
                    }
                    Provider provider = found.provider;
                    String state = requests.newState();
                    return calls.asIs(() -> bank.institution(provider, found.institutionId))
                            .map(institution ->
                                    requests.request(institution, validUntil, id + "-" + clock.millis(), state, psuIp))
                            .flatMap(
                                    (ConsentRequest request) -> calls.call(() -> bank.createConsent(provider, request)))
                            .flatMap(auth -> Panache.withTransaction(() -> consents.lockForTenant(tenantId, id)
                                    .flatMap(c -> {
                                        if (!c.status.isRenewable()) { // revoked meanwhile
                                            return Uni.createFrom().failure(notRenewable(id, c.status));
                                        }
                                        Instant now = clock.instant();
                                        c.startRenewal(
                                                box.seal(auth.providerConsentId(), c.id.toString()), validUntil, now);
                                        c.bindState(
                                                AuthorisationRequests.hash(state), actor, requests.stateExpiresAt(now));
                                        return audit.record(
                                                        c,
                                                        actor,
                                                        AuditAction.REAUTHORISATION_STARTED,
                                                        now,
                                                        "valid until " + validUntil + " once authorised")
                                                .call(consents::flush)
                                                .flatMap(x -> accounts.forConsent(c.id))
                                                .map(linked -> new AuthorisationStarted(
                                                        new ConsentDetails(c, linked), auth.authorisationUrl()));
                                    })));
                });
    }

    private static ProblemException notRenewable(UUID id, ConsentStatus status) {
        return ProblemException.conflict(
                "consent-not-renewable", "consent " + id + " is " + status + "; start a new consent instead");
    }
}
