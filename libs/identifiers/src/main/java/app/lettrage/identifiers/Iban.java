package app.lettrage.identifiers;

import org.iban4j.IbanUtil;

/**
 * International Bank Account Number (ISO 13616). Validity is iban4j's: the country's length and BBAN structure from
 * the SWIFT IBAN registry (bank code, account number, national check characters' shape) and the mod-97 check digits.
 */
public final class Iban {
    /** The longest IBAN any country has. */
    public static final int MAX_LENGTH = 34;

    private Iban() {}

    /**
     * Upper case without ASCII whitespace and hyphens; null stays null. Other characters are kept so that
     * {@link #isValid} refuses them.
     */
    public static String normalize(String iban) {
        if (iban == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(iban.length(), MAX_LENGTH));
        for (int i = 0; i < iban.length(); i++) {
            char c = iban.charAt(i);
            if (Chars.isSpace(c) || c == '-') {
                continue;
            }
            b.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return b.toString();
    }

    /** Whether {@code iban} (spaces, hyphens and lower case allowed) is a valid IBAN of a country in the registry. */
    public static boolean isValid(String iban) {
        String s = Chars.compact(iban, "-", MAX_LENGTH);
        if (s == null
                || s.length() < 5
                || !Chars.isUpper(s.charAt(0))
                || !Chars.isUpper(s.charAt(1))
                || !Chars.allDigits(s, 2, 4)) {
            return false;
        }
        return IbanUtil.isValid(s);
    }

    /**
     * The IBAN of a national account: country code, computed check digits, BBAN. Refused when the BBAN does not have
     * the country's structure.
     */
    public static String of(String countryCode, String bban) {
        String country = Chars.compact(countryCode, "", 2);
        String b = Chars.compact(bban, "", MAX_LENGTH - 4);
        if (country == null || country.length() != 2 || b == null || b.isEmpty()) {
            throw new IllegalArgumentException("an IBAN needs a two-letter country and a BBAN of letters and digits");
        }
        String iban = country + Mod97.checkDigits(country, b) + b;
        if (!isValid(iban)) {
            throw new IllegalArgumentException("not a valid " + country + " BBAN: " + b);
        }
        return iban;
    }

    /** Prints an IBAN in groups of four, as on paper. */
    public static String format(String iban) {
        return Groups.ofFour(normalize(iban));
    }
}
