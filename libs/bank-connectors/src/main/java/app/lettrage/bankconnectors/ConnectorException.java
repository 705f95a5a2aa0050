package app.lettrage.bankconnectors;

/**
 * A provider call failed. Subtypes say what the caller should do; {@code code} is the provider's own code
 * (Berlin Group tppMessages code, GoCardless error type or summary) and {@code httpStatus} its HTTP status (0 when
 * the provider was not reached). Messages never carry tokens, secrets or consent ids.
 */
public class ConnectorException extends RuntimeException {

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

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }
}
