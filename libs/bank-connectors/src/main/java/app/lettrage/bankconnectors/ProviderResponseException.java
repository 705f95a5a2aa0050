package app.lettrage.bankconnectors;

/** The provider answered something we cannot use; {@code field} names the part of its response at fault. */
public class ProviderResponseException extends ConnectorException {

    private final String field;

    public ProviderResponseException(String field, String message) {
        super(502, "BAD_RESPONSE", field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
