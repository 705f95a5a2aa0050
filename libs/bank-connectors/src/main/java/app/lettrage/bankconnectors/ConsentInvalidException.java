package app.lettrage.bankconnectors;

/**
 * The provider no longer accepts the consent (Berlin Group CONSENT_INVALID / CONSENT_UNKNOWN, or a 401 that a fresh
 * token does not cure): the consent must be re-authorised.
 */
public class ConsentInvalidException extends ConnectorException {
    public ConsentInvalidException(int httpStatus, String code, String message) {
        super(httpStatus, code, message);
    }
}
