package app.lettrage.matching;

import java.util.Locale;
import java.util.Set;

/**
 * The way a payment travelled, which decides what a bank may have deducted from it on the way (see {@link
 * FeePolicy}). Read from the ISO 20022 bank transaction code (domain-family-subfamily, as in camt.053 and the
 * Berlin Group / open-banking APIs), the currency and the country of the payer's IBAN.
 */
public enum PaymentChannel {
    /**
     * A SEPA (or domestic) credit transfer: the full amount arrives, only the payee's own bank may deduct its agreed
     * charge.
     */
    SEPA("SEPA transfer"),
    /** A cross-border (SWIFT) transfer: correspondent and receiving banks deduct their charges under SHA or BEN. */
    CROSS_BORDER("cross-border transfer"),
    /** A card acquirer's settlement: the acquirer keeps a percentage. */
    CARD("card settlement");

    /**
     * Countries of the SEPA schemes' geographical scope (EPC list: EU, EEA, Switzerland, United Kingdom, Monaco, San
     * Marino, Vatican, Andorra, Albania, Montenegro, Moldova, North Macedonia; Gibraltar has its own IBAN prefix).
     */
    private static final Set<String> SEPA_COUNTRIES = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH", "GB", "MC", "SM", "VA", "AD",
            "AL", "ME", "MD", "MK", "GI");

    private final String label;

    PaymentChannel(String label) {
        this.label = label;
    }

    /** How a reason names the channel. */
    public String label() {
        return label;
    }

    /** The channel of a transaction. */
    public static PaymentChannel of(BankTransaction tx) {
        String code = tx.bankTransactionCode() == null
                ? ""
                : tx.bankTransactionCode().trim().toUpperCase(Locale.ROOT);
        if (code.contains("-CCRD") || code.contains("-MCRD")) {
            return CARD;
        }
        if (code.contains("XBCT")) {
            return CROSS_BORDER;
        }
        String payerCountry = country(tx.counterpartyIban());
        if (payerCountry != null && !SEPA_COUNTRIES.contains(payerCountry)) {
            return CROSS_BORDER;
        }
        boolean euro = "EUR".equalsIgnoreCase(tx.currency().trim());
        if (!euro && payerCountry != null && !payerCountry.equals(country(tx.accountIban()))) {
            return CROSS_BORDER; // not a euro payment and not a domestic one
        }
        return SEPA;
    }

    private static String country(String iban) {
        String c = OpenItemBook.normIban(iban);
        if (c == null || c.length() < 2 || !Character.isLetter(c.charAt(0)) || !Character.isLetter(c.charAt(1))) {
            return null;
        }
        return c.substring(0, 2);
    }
}
