package app.lettrage.bankconnectors;

import java.time.LocalDate;
import java.util.List;

/**
 * One open-banking provider (a bank's Berlin Group NextGenPSD2 interface, the GoCardless aggregator ...) behind the
 * calls Lettrage needs. Implementations are thread-safe and blocking (call them off the event loop). Every failure is
 * a {@link ConnectorException} subtype, so callers react to what happened (consent expired, rate limited), not to
 * which provider said it.
 */
public interface BankConnector {

    /** The provider's institutions (banks) in a country (ISO 3166 alpha-2), with their capabilities. */
    List<Institution> institutions(String country);

    /**
     * Creates a consent (Berlin Group consent, GoCardless agreement + requisition) and returns where to send the
     * user for strong customer authentication. The provider sends the user back to {@code redirectUri}.
     */
    Authorisation createConsent(ConsentRequest request);

    /** The consent's state at the provider, mapped to the one lifecycle. */
    ConsentState consentStatus(String providerConsentId);

    /** The accounts the user gave access to. */
    List<Account> accounts(String providerConsentId);

    /**
     * Booked and pending transactions of an account since {@code dateFrom} (inclusive), all pages followed.
     *
     * @param psu the user when present (a "sync now" click): their IP goes to the bank, and PSD2 does not count the
     *            call against the four unattended calls a day; {@link Psu#UNATTENDED} otherwise
     */
    TransactionReport transactions(String providerConsentId, String accountId, LocalDate dateFrom, Psu psu);

    /** Ends the consent at the provider (Berlin Group DELETE consent, GoCardless DELETE requisition). */
    void revoke(String providerConsentId);
}
