package app.lettrage.bankconnectors;

/**
 * A provider call failed. Subtypes say what the caller should do; {@code code} is the provider's own code
 * (Berlin Group tppMessages code, GoCardless error type) and {@code httpStatus} its HTTP status (0 when the provider
 * was not reached). Messages never carry tokens, secrets or consent ids: they are written from the status and the
 * code only, never from the provider's free text, which echoes consent, requisition and account references.
 */
public class ConnectorException extends RuntimeException {

    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final int httpStatus;
    private final String code;

    public ConnectorException(int httpStatus, String code, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
        this.code = "UNREACHABLE";
    }

    /**
     * A provider's error code as it may be shown and logged: an identifier such as {@code CONSENT_UNKNOWN} or
     * {@code AccessExpiredError}; anything else (free text, which may carry a reference) is {@code HTTP_<status>}.
     */
    public static String safeCode(String code, int httpStatus) {
        return code != null && CODE.matcher(code).matches() ? code : "HTTP_" + httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }
}
