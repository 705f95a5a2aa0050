package app.lettrage.invoice;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.UUID;

/** One line of an invoice; its net and VAT amounts are computed (see Totals), never taken from the client. */
@Entity
@Table(name = "invoice_line")
public class InvoiceLine {

    @Id
    public UUID id;

    @Column(name = "invoice_id", nullable = false)
    public UUID invoiceId;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public String description;

    @Column(nullable = false)
    public BigDecimal quantity;

    @Column(name = "unit_price", nullable = false)
    public BigDecimal unitPrice;

    @Column(name = "vat_rate", nullable = false)
    public BigDecimal vatRate;

    @Column(nullable = false)
    public BigDecimal discount;

    @Column(name = "net_amount", nullable = false)
    public BigDecimal netAmount;

    @Column(name = "vat_amount", nullable = false)
    public BigDecimal vatAmount;

    /** Line {@code position} (from 1) of an invoice, with the amounts computed for it. */
    public static InvoiceLine of(UUID invoiceId, int position, Draft.DraftLine d, BigDecimal net, BigDecimal vat) {
        InvoiceLine l = new InvoiceLine();
        l.id = UUID.randomUUID();
        l.invoiceId = invoiceId;
        l.position = position;
        l.description = d.description().trim();
        l.quantity = d.quantity();
        l.unitPrice = d.unitPrice();
        l.vatRate = d.vatRate();
        l.discount = d.discount() == null ? BigDecimal.ZERO : d.discount();
        l.netAmount = net;
        l.vatAmount = vat;
        return l;
    }

    /** The same line on another document (a credit note repeats the lines of the invoice it cancels). */
    public InvoiceLine copyFor(UUID otherInvoiceId) {
        InvoiceLine c = new InvoiceLine();
        c.id = UUID.randomUUID();
        c.invoiceId = otherInvoiceId;
        c.position = position;
        c.description = description;
        c.quantity = quantity;
        c.unitPrice = unitPrice;
        c.vatRate = vatRate;
        c.discount = discount;
        c.netAmount = netAmount;
        c.vatAmount = vatAmount;
        return c;
    }
}
