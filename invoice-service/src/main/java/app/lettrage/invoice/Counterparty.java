package app.lettrage.invoice;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Who an invoice is with: the customer of a sales invoice, the supplier of a purchase invoice. */
@Embeddable
public class Counterparty {

    @Column(name = "counterparty_name", nullable = false)
    public String name;

    @Column(name = "counterparty_address")
    public String address;

    @Column(name = "counterparty_vat_number")
    public String vatNumber;

    @Column(name = "counterparty_iban")
    public String iban;

    public static Counterparty of(String name, String address, String vatNumber, String iban) {
        Counterparty c = new Counterparty();
        c.name = name;
        c.address = address;
        c.vatNumber = vatNumber;
        c.iban = iban;
        return c;
    }

    /** A copy for another document (an embedded value is never shared by two entities). */
    Counterparty copy() {
        return of(name, address, vatNumber, iban);
    }

    /** A supplier is its VAT number when known, else its name: the same supplier never reuses a number. */
    String supplierKey() {
        if (vatNumber != null && !vatNumber.isBlank()) {
            return "vat:" + vatNumber.replaceAll("[\\s.\\-]", "").toUpperCase();
        }
        return "name:" + name.trim().toLowerCase().replaceAll("\\s+", " ");
    }
}
