package app.lettrage.events;

/** Money in settles SALES invoices; money out settles PURCHASE invoices. */
public enum InvoiceDirection {
    SALES,
    PURCHASE
}
