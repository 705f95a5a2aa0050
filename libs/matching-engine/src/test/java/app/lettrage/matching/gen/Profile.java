package app.lettrage.matching.gen;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Size and mix of a generated data set.
 *
 * @param familyShare share of customers created as families of companies that differ by legal form
 * @param cutShare    share of long remittances a bank cuts at 35 characters
 * @param mix         relative weight of each {@link Kind} among the transactions
 */
public record Profile(
        String name,
        int invoices,
        int customers,
        int transactions,
        double familyShare,
        double cutShare,
        Map<Kind, Integer> mix) {

    public Profile {
        mix = Collections.unmodifiableMap(new EnumMap<>(mix));
    }

    /**
     * One tenant as a real one of that size: about a quarter as many customers as invoices, one transaction per
     * invoice, 13% of them paying none, a few percent of payments left to a person by their evidence.
     */
    public static Profile realistic(int invoices) {
        Map<Kind, Integer> m = new EnumMap<>(Kind.class);
        // weights in tenths of a percent
        m.put(Kind.FULL_REFERENCE, 370);
        m.put(Kind.FULL_RF, 90);
        m.put(Kind.FULL_OGM, 20);
        m.put(Kind.FULL_NO_REFERENCE, 150);
        m.put(Kind.FULL_E2E, 10);
        m.put(Kind.INSTALMENT, 25);
        m.put(Kind.SEPA_CHARGE, 20);
        m.put(Kind.CROSS_BORDER_CHARGES, 15);
        m.put(Kind.DISCOUNT, 20);
        m.put(Kind.OVERPAYMENT, 7);
        m.put(Kind.GROUP_REFERENCED, 30);
        m.put(Kind.GROUP_IBAN, 10);
        m.put(Kind.PURCHASE, 50);
        m.put(Kind.TYPO, 7);
        m.put(Kind.STALE_REFERENCE, 4);
        m.put(Kind.UNKNOWN_NUMBER, 3);
        m.put(Kind.OTHER_CUSTOMERS_NUMBER, 3);
        m.put(Kind.NET_OF_CREDIT_NOTE, 3);
        m.put(Kind.NAME_ONLY_TOLERANCE, 3);
        m.put(Kind.EQUAL_AMOUNT_GROUP, 3);
        m.put(Kind.NAME_ONLY_GROUP, 3);
        m.put(Kind.OTHER_PAYMENTS_REFERENCE, 4);
        m.put(Kind.FAMILY_NAME_ONLY, 5);
        m.put(Kind.NOISE_OUT, 60);
        m.put(Kind.NOISE_IN, 40);
        m.put(Kind.STRANGER_EXACT_AMOUNT, 6);
        m.put(Kind.KNOWN_PAYER_OTHER, 15);
        m.put(Kind.FOREIGN_TENANT_NUMBER, 5);
        m.put(Kind.ADVANCE_PAYMENT, 4);
        return new Profile("realistic", invoices, Math.max(50, invoices / 4), invoices, 0.08, 0.08, m);
    }

    /**
     * A small tenant where the traps are frequent: every class of issue 13, legal-form families, strangers paying open
     * amounts and foreign references, in hard phrasings. The payments a person must confirm stay near 5% of the paying
     * transactions, so that the targets (auto recall 0.93) remain reachable by an engine that gets all else right.
     */
    public static Profile adversarial() {
        Map<Kind, Integer> m = new EnumMap<>(Kind.class);
        m.put(Kind.FULL_REFERENCE, 300);
        m.put(Kind.FULL_RF, 80);
        m.put(Kind.FULL_OGM, 30);
        m.put(Kind.FULL_NO_REFERENCE, 100);
        m.put(Kind.FULL_E2E, 10);
        m.put(Kind.INSTALMENT, 30);
        m.put(Kind.SEPA_CHARGE, 30);
        m.put(Kind.CROSS_BORDER_CHARGES, 30);
        m.put(Kind.DISCOUNT, 20);
        m.put(Kind.OVERPAYMENT, 10);
        m.put(Kind.GROUP_REFERENCED, 40);
        m.put(Kind.GROUP_IBAN, 15);
        m.put(Kind.PURCHASE, 20);
        m.put(Kind.TYPO, 4);
        m.put(Kind.STALE_REFERENCE, 4);
        m.put(Kind.UNKNOWN_NUMBER, 4);
        m.put(Kind.OTHER_CUSTOMERS_NUMBER, 4);
        m.put(Kind.NET_OF_CREDIT_NOTE, 4);
        m.put(Kind.NAME_ONLY_TOLERANCE, 4);
        m.put(Kind.EQUAL_AMOUNT_GROUP, 4);
        m.put(Kind.NAME_ONLY_GROUP, 4);
        m.put(Kind.OTHER_PAYMENTS_REFERENCE, 4);
        m.put(Kind.FAMILY_NAME_ONLY, 4);
        m.put(Kind.NOISE_OUT, 40);
        m.put(Kind.NOISE_IN, 30);
        m.put(Kind.STRANGER_EXACT_AMOUNT, 40);
        m.put(Kind.KNOWN_PAYER_OTHER, 40);
        m.put(Kind.FOREIGN_TENANT_NUMBER, 30);
        m.put(Kind.ADVANCE_PAYMENT, 30);
        return new Profile("adversarial", 4_000, 900, 3_000, 0.25, 0.2, m);
    }
}
