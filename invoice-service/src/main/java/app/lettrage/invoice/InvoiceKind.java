package app.lettrage.invoice;

/** An invoice, or a credit note that cancels one (numbered in its own series, never matchable). */
public enum InvoiceKind {
    INVOICE,
    CREDIT_NOTE
}
