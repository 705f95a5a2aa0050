package app.lettrage.events;

import java.time.Instant;

/** An invoice was cancelled by a credit note; it is no longer matchable. Key: {@code tenantId:invoiceId}. */
public record InvoiceCancelled(
        String invoiceId,
        String tenantId,
        String number,
        String creditNoteId,
        String creditNoteNumber,
        String reason,
        Instant cancelledAt)
        implements LettrageEvent {

    @Override
    public String subject() {
        return invoiceId;
    }
}
