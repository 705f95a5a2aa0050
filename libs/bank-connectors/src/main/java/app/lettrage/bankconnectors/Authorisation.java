package app.lettrage.bankconnectors;

/**
 * A consent created at the provider and where the user authorises it.
 *
 * @param providerConsentId the provider's id (Berlin Group consentId, GoCardless requisition id): a credential for
 *                          account access, to be stored encrypted and never logged
 */
public record Authorisation(String providerConsentId, String authorisationUrl, ConsentLifecycle status) {

    @Override
    public String toString() {
        return "Authorisation[status=" + status + "]";
    }
}
