package app.lettrage.consent.provider;

import app.lettrage.bankconnectors.Account;
import app.lettrage.bankconnectors.Authorisation;
import app.lettrage.bankconnectors.ConsentRequest;
import app.lettrage.bankconnectors.ConsentState;
import app.lettrage.bankconnectors.Institution;
import app.lettrage.bankconnectors.Psu;
import app.lettrage.bankconnectors.TransactionReport;
import app.lettrage.consent.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.List;

/** Every call this service makes to a provider. The calls block: run them off the event loop. */
@ApplicationScoped
public class BankCalls {

    /** The user's consent at the provider, and the accounts it reaches (none unless the consent is usable). */
    public record ConsentOutcome(ConsentState state, List<Account> accounts) {}

    private final Connectors connectors;

    public BankCalls(Connectors connectors) {
        this.connectors = connectors;
    }

    /** The institution's capabilities; a 400 naming institutionId when the provider does not know it. */
    public Institution institution(Provider provider, String institutionId) {
        return connectors.institution(provider, institutionId, null);
    }

    public Authorisation createConsent(Provider provider, ConsentRequest request) {
        return connectors.of(provider).createConsent(request);
    }

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
    public void revoke(Provider provider, String providerRef) {
        connectors.of(provider).revoke(providerRef);
    }
}
