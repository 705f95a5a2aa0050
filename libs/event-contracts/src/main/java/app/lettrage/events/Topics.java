package app.lettrage.events;

/** Kafka topics, one per stream (docs/architecture.md). Dead letters go to {@code <topic>.dlq}. */
public final class Topics {
    public static final String BANK_TRANSACTIONS = "bank-transactions";
    public static final String PAYMENT_MATCHES = "payment-matches";
    public static final String INVOICES = "invoices";
    public static final String CONSENTS = "consents";

    private Topics() {}

    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
