package app.lettrage.consent.provider;

import app.lettrage.bankconnectors.Account;
import app.lettrage.bankconnectors.Authorisation;
import app.lettrage.bankconnectors.ConsentRequest;
import app.lettrage.bankconnectors.ConsentState;
import app.lettrage.bankconnectors.Institution;
import app.lettrage.bankconnectors.Psu;
import app.lettrage.bankconnectors.TransactionReport;
import app.lettrage.consent.Provider;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Every call this service makes to a provider, with its fault-tolerance policy. The calls block: run them off the
 * event loop.
 *
 * <p>The connectors already bound each HTTP exchange (10 s to connect, 30 s for the answer), so there is no
 * {@code @Timeout} here: one would interrupt a call the bank may already have acted on. What the connectors do not
 * do is try again: the reads and the revocation, which the bank may repeat without effect, are retried twice on a
 * {@link TransientFailure}. Creating a consent is not (a second request creates a second consent at the bank), and
 * neither is reading transactions: each read counts against the four unattended reads a day PSD2 allows, and
 * bank-sync-service, which asked, owns that budget and its back-off.
 */
@ApplicationScoped
public class BankCalls {

    /** The user's consent at the provider, and the accounts it reaches (none unless the consent is usable). */
    public record ConsentOutcome(ConsentState state, List<Account> accounts) {}

    private final Connectors connectors;
    private final InstitutionDirectory institutions;

    public BankCalls(Connectors connectors, InstitutionDirectory institutions) {
        this.connectors = connectors;
        this.institutions = institutions;
    }

    /** The institution's capabilities; a 400 naming institutionId when the provider does not know it. */
    @Retry(maxRetries = 2, delay = 250, jitter = 100, maxDuration = 10_000)
    @RetryWhen(exception = TransientFailure.class)
    public Institution institution(Provider provider, String institutionId) {
        return institutions.institution(provider, institutionId, null);
    }

    public Authorisation createConsent(Provider provider, ConsentRequest request) {
        return connectors.of(provider).createConsent(request);
    }

    @Retry(maxRetries = 2, delay = 250, jitter = 100, maxDuration = 10_000)
    @RetryWhen(exception = TransientFailure.class)
    public ConsentOutcome outcome(Provider provider, String providerRef) {
        ConsentState state = connectors.of(provider).consentStatus(providerRef);
        List<Account> accounts =
                state.status().usable() ? connectors.of(provider).accounts(providerRef) : List.of();
        return new ConsentOutcome(state, accounts);
    }

    public TransactionReport transactions(
            Provider provider, String providerRef, String accountId, LocalDate dateFrom, Psu psu) {
        return connectors.of(provider).transactions(providerRef, accountId, dateFrom, psu);
    }

    /** Ends the consent at the provider; one already over there is left as it is. */
    @Retry(maxRetries = 2, delay = 250, jitter = 100, maxDuration = 10_000)
    @RetryWhen(exception = TransientFailure.class)
    public void revoke(Provider provider, String providerRef) {
        connectors.of(provider).revoke(providerRef);
    }
}
