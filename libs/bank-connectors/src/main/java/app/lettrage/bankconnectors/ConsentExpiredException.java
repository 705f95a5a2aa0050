package app.lettrage.bankconnectors;

/** The consent is over at the provider (Berlin Group CONSENT_EXPIRED, GoCardless AccessExpiredError / EX): re-authorise. */
public class ConsentExpiredException extends ConnectorException {
    public ConsentExpiredException(int httpStatus, String code, String message) {
        super(httpStatus, code, message);
    }
}
