package app.lettrage.events;

/** Kafka topics, one per stream (docs/architecture.md). Dead letters go to {@code <topic>.dlq}. */
public final class Topics {
    public static final String BANK_TRANSACTIONS = "bank-transactions";
    public static final String PAYMENT_MATCHES = "payment-matches";
    public static final String INVOICES = "invoices";
    public static final String CONSENTS = "consents";

    private Topics() {}

    /** The one service that publishes on a topic (its CloudEvents source is {@code /<service>}). */
    public static String producer(String topic) {
        return switch (topic) {
            case BANK_TRANSACTIONS -> "bank-sync-service";
            case PAYMENT_MATCHES -> "reconciliation-service";
            case INVOICES -> "invoice-service";
            case CONSENTS -> "consent-service";
            default -> throw new IllegalArgumentException("not a topic of contract v1: " + topic);
        };
    }

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
