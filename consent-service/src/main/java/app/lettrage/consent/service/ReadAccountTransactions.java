package app.lettrage.consent.service;

import app.lettrage.bankconnectors.CanonicalTransaction;
import app.lettrage.bankconnectors.ConnectorException;
import app.lettrage.bankconnectors.ConsentExpiredException;
import app.lettrage.bankconnectors.ConsentInvalidException;
import app.lettrage.bankconnectors.Psu;
import app.lettrage.bankconnectors.RateLimitedException;
import app.lettrage.bankconnectors.TransactionReport;
import app.lettrage.consent.Consent;
import app.lettrage.consent.Provider;
import app.lettrage.consent.provider.BankCalls;
import app.lettrage.consent.provider.SecretBox;
import app.lettrage.consent.repository.ConsentRepository;
import app.lettrage.consent.repository.LinkedAccountRepository;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * bank-sync-service reads an account's transactions through a consent, so provider references and secrets never
 * leave this service. A provider saying the consent is over (CONSENT_EXPIRED, or a 401 that a fresh token did not
 * cure) expires it here too, ConsentExpired is published and the caller gets a 409; a rate limit is a 429 with the
 * instant to retry after.
 */
@ApplicationScoped
public class ReadAccountTransactions {

    /** Who learns, through this read, that the bank ended a consent. */
    private static final String READER = "bank-sync-service";

    /** What bank-sync gets: the report, and the rate limit the provider reported. */
    public record Fetched(
            String accountIban,
            List<CanonicalTransaction> transactions,
            Integer rateLimitRemaining,
            Instant rateLimitResetAt,
            int pages) {

        static Fetched of(TransactionReport r) {
            return new Fetched(
                    r.accountIban(),
                    r.transactions(),
                    r.rateLimit().remaining(),
                    r.rateLimit().resetAt(),
                    r.pages());
        }
    }

    private final ConsentRepository consents;
    private final LinkedAccountRepository accounts;
    private final ExpireConsents expire;
    private final BankCalls bank;
    private final ProviderCalls calls;
    private final SecretBox box;
    private final Clock clock;

    public ReadAccountTransactions(
            ConsentRepository consents,
            LinkedAccountRepository accounts,
            ExpireConsents expire,
            BankCalls bank,
            ProviderCalls calls,
            SecretBox box,
            Clock clock) {
        this.consents = consents;
        this.accounts = accounts;
        this.expire = expire;
        this.bank = bank;
        this.calls = calls;
        this.box = box;
        this.clock = clock;
    }

    /** The account's booked and pending transactions since {@code dateFrom}; psuIp when a person asked for them. */
    public Uni<Fetched> read(String tenantId, UUID consentId, String accountId, LocalDate dateFrom, String psuIp) {
        return Panache.withTransaction(() -> consents.findForTenant(tenantId, consentId)
                        .onItem()
                        .ifNotNull()
                        .transformToUni(c -> accounts.forConsent(c.id).map(l -> new ConsentDetails(c, l))))
                .flatMap(found -> {
                    if (found == null) {
                        return Uni.createFrom().failure(ProblemException.notFound("consent", consentId.toString()));
                    }
                    Consent c = found.consent();
                    if (!c.status.givesAccess()) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "consent-not-active", "consent " + consentId + " is " + c.status));
                    }
                    if (found.accounts().stream().noneMatch(l -> l.accountId.equals(accountId))) {
                        return Uni.createFrom().failure(ProblemException.notFound("account", accountId));
                    }
                    String ref = box.open(c.providerRefEnc, c.id.toString());
                    Provider provider = c.provider;
                    Psu psu = psuIp == null || psuIp.isBlank() ? Psu.UNATTENDED : new Psu(psuIp);
                    return calls.asIs(() -> bank.transactions(provider, ref, accountId, dateFrom, psu))
                            .map(Fetched::of)
                            .onFailure(ConnectorException.class)
                            .recoverWithUni(e -> refused(tenantId, consentId, e));
                });
    }

    private Uni<Fetched> refused(String tenantId, UUID consentId, ConnectorException e) {
        if (e instanceof ConsentExpiredException || e instanceof ConsentInvalidException) {
            return expire.overAtBank(tenantId, consentId, READER, e.code())
                    .flatMap(x -> Uni.createFrom()
                            .failure(ProblemException.conflict(
                                    "consent-expired", "the bank says the consent is over: " + e.code())));
        }
        if (e instanceof RateLimitedException r) {
            Instant reset = r.resetAt() != null ? r.resetAt() : clock.instant().plus(Duration.ofHours(1));
            long seconds = Math.max(1, Duration.between(clock.instant(), reset).getSeconds());
            // the reset instant as a machine-readable entry, for the caller's back-off
            return Uni.createFrom()
                    .failure(new ProblemException(
                            429,
                            "rate-limited",
                            "Too Many Requests",
                            "the bank refused the call (" + r.code() + "); retry after " + seconds + " s",
                            List.of(new Problem.FieldError("resetAt", reset.toString()))));
        }
        Log.warnf("provider call for consent %s failed: %s", consentId, e.getMessage());
        return Uni.createFrom()
                .failure(new ProblemException(
                        502, "provider-error", "Bad Gateway", "the bank answered: " + e.getMessage()));
    }
}
