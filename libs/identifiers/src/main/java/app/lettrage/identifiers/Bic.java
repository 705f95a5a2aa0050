package app.lettrage.identifiers;

import org.iban4j.BicUtil;
import org.iban4j.Iban4jException;

/**
 * Business Identifier Code (ISO 9362): four letters of institution, an ISO 3166 country, two letters or digits of
 * location and an optional branch of three. The country must exist (iban4j's check), which a shape alone does not
 * catch.
 */
public final class Bic {
    private Bic() {}

    /** Upper case without ASCII whitespace; null stays null; other characters are kept for {@link #isValid} to refuse. */
    public static String normalize(String bic) {
        return bic == null ? null : Iban.normalize(bic);
    }

    /** Whether {@code bic} (8 or 11 characters, spaces and lower case allowed) is a well-formed BIC. */
    public static boolean isValid(String bic) {
        String s = Chars.compact(bic, "", 11);
        if (s == null || (s.length() != 8 && s.length() != 11)) {
            return false;
        }
        for (int i = 0; i < 6; i++) {
            if (!Chars.isUpper(s.charAt(i))) {
                return false;
            }
        }
        try {
            BicUtil.validate(s);
            return true;
        } catch (Iban4jException e) {
            return false; // unknown country or a malformed location/branch: not a BIC
        }
    }
}
