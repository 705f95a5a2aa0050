package app.lettrage.consent.service;

import app.lettrage.bankconnectors.ConsentRequest;
import app.lettrage.consent.AuditAction;
import app.lettrage.consent.Consent;
import app.lettrage.consent.Provider;
import app.lettrage.consent.provider.BankCalls;
import app.lettrage.consent.provider.SecretBox;
import app.lettrage.consent.repository.AuditLogRepository;
import app.lettrage.consent.repository.ConsentRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A person connects a bank: the consent is created at the provider first, then recorded here AWAITING_AUTHORISATION
 * with its encrypted reference and the state the bank will send the user back with. A provider failure records
 * nothing.
 */
@ApplicationScoped
public class StartAuthorisation {

    private final ConsentRepository consents;
    private final AuditLogRepository audit;
    private final BankCalls bank;
    private final ProviderCalls calls;
    private final AuthorisationRequests requests;
    private final SecretBox box;
    private final Clock clock;

    public StartAuthorisation(
            ConsentRepository consents,
            AuditLogRepository audit,
            BankCalls bank,
            ProviderCalls calls,
            AuthorisationRequests requests,
            SecretBox box,
            Clock clock) {
        this.consents = consents;
        this.audit = audit;
        this.bank = bank;
        this.calls = calls;
        this.requests = requests;
        this.box = box;
        this.clock = clock;
    }

    /** Creates a consent at the provider for the institution and returns where the user authorises it. */
    public Uni<AuthorisationStarted> start(
            String tenantId,
            String actor,
            Provider provider,
            String institutionId,
            LocalDate validUntil,
            String psuIp) {
        UUID id = UUID.randomUUID();
        String state = requests.newState();
        return calls.asIs(() -> bank.institution(provider, institutionId))
                .map(institution -> requests.request(institution, validUntil, id.toString(), state, psuIp))
                .flatMap((ConsentRequest request) -> calls.call(() -> bank.createConsent(provider, request)))
                .flatMap(auth -> Panache.withTransaction(() -> {
                    Instant now = clock.instant();
                    Consent c = Consent.awaitingAuthorisation(
                            id,
                            tenantId,
                            institutionId,
                            provider,
                            validUntil,
                            box.seal(auth.providerConsentId(), id.toString()),
                            actor,
                            now);
                    c.bindState(AuthorisationRequests.hash(state), actor, requests.stateExpiresAt(now));
                    return consents.persist(c)
                            .call(consents::flush)
                            .call(() -> audit.record(
                                    c,
                                    actor,
                                    AuditAction.AUTHORISATION_STARTED,
                                    now,
                                    "at %s (%s), valid until %s".formatted(institutionId, provider, validUntil)))
                            .replaceWith(new AuthorisationStarted(
                                    new ConsentDetails(c, List.of()), auth.authorisationUrl()));
                }));
    }
}
