package app.lettrage.events;

/**
 * An event of contract v1. Each event knows its tenant, the entity it is about (CloudEvents subject) and the Kafka
 * key that keeps that entity's events in order.
 */
public sealed interface LettrageEvent
        permits TransactionImported,
                PaymentMatched,
                PaymentUnmatched,
                PaymentReversed,
                InvoiceIssued,
                InvoiceChanged,
                InvoiceCancelled,
                ConsentGranted,
                ConsentExpiring,
                ConsentExpired,
                ConsentRevoked {

    String tenantId();

    /** The entity id, used as CloudEvents {@code subject}. */
    String subject();

    /** The Kafka record key. */
    default String key() {
        return tenantId() + ":" + subject();
    }

    default EventType eventType() {
        return EventType.of(getClass());
    }
}
