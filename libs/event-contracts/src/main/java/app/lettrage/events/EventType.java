package app.lettrage.events;

import java.util.Arrays;
import java.util.Optional;

/** Every event type of contract v1: its CloudEvents type, its topic and its record class. */
public enum EventType {
    TRANSACTION_IMPORTED(TransactionImported.class, Topics.BANK_TRANSACTIONS),
    PAYMENT_MATCHED(PaymentMatched.class, Topics.PAYMENT_MATCHES),
    PAYMENT_UNMATCHED(PaymentUnmatched.class, Topics.PAYMENT_MATCHES),
    PAYMENT_REVERSED(PaymentReversed.class, Topics.PAYMENT_MATCHES),
    INVOICE_ISSUED(InvoiceIssued.class, Topics.INVOICES),
    INVOICE_CHANGED(InvoiceChanged.class, Topics.INVOICES),
    INVOICE_CANCELLED(InvoiceCancelled.class, Topics.INVOICES),
    CONSENT_GRANTED(ConsentGranted.class, Topics.CONSENTS),
    CONSENT_EXPIRING(ConsentExpiring.class, Topics.CONSENTS),
    CONSENT_EXPIRED(ConsentExpired.class, Topics.CONSENTS),
    CONSENT_REVOKED(ConsentRevoked.class, Topics.CONSENTS);

    private final Class<? extends LettrageEvent> recordClass;
    private final String topic;

    EventType(Class<? extends LettrageEvent> recordClass, String topic) {
        this.recordClass = recordClass;
        this.topic = topic;
    }

    public Class<? extends LettrageEvent> recordClass() {
        return recordClass;
    }

    public String topic() {
        return topic;
    }

    /** The CloudEvents source of this event: its topic's producer, e.g. {@code /invoice-service}. */
    public String source() {
        return "/" + Topics.producer(topic);
    }

    /** Simple name of the event, e.g. {@code TransactionImported}. */
    public String eventName() {
        return recordClass.getSimpleName();
    }

    /** CloudEvents type, e.g. {@code lettrage.TransactionImported.v1}. */
    public String ceType() {
        return "lettrage." + eventName() + ".v1";
    }

    /** Resource path of the JSON Schema of this event. */
    public String schemaResource() {
        return "/schemas/" + eventName() + ".v1.json";
    }

    /** Resource path of the golden sample payload of this event. */
    public String goldenResource() {
        return "/golden/" + eventName() + ".v1.json";
    }

    public static EventType of(Class<?> recordClass) {
        return Arrays.stream(values())
                .filter(t -> t.recordClass == recordClass)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event of contract v1: " + recordClass));
    }

    public static Optional<EventType> ofCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType().equals(ceType)).findFirst();
    }
}
