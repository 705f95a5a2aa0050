package app.lettrage.invoice;

/** DRAFT → ISSUED → PARTIALLY_PAID → PAID; OVERDUE is derived (open and past due), never stored. */
public enum InvoiceStatus {
    DRAFT,
    ISSUED,
    PARTIALLY_PAID,
    PAID,
    OVERDUE,
    CANCELLED
}
