package app.lettrage.identifiers;

/**
 * ISO 7064 MOD 97-10 as used by IBANs (ISO 13616), RF creditor references (ISO 11649) and Belgian account numbers:
 * letters count as two digits (A=10 … Z=35). Computed digit by digit in an int, so any length costs linear time and no
 * big number.
 */
public final class Mod97 {
    private Mod97() {}

    /** Remainder mod 97 of the numeric expansion of ASCII digits and upper-case letters; -1 for any other character. */
    public static int remainder(CharSequence alnum) {
        return fold(0, alnum, 0, alnum.length());
    }

    /**
     * Whether {@code code}, two letters, two check digits and a body ("DE89…", "RF18…"), holds: the body followed by
     * its first four characters leaves 1.
     */
    public static boolean holds(CharSequence code) {
        if (code.length() < 5) {
            return false;
        }
        int r = fold(0, code, 4, code.length());
        return r >= 0 && fold(r, code, 0, 4) == 1;
    }

    /** The two check digits that make {@code prefix} + digits + {@code body} hold, e.g. ("RF", "539007547034") → "18". */
    public static String checkDigits(String prefix, String body) {
        int r = fold(0, body, 0, body.length());
        r = r < 0 ? r : fold(r, prefix + "00", 0, prefix.length() + 2);
        if (r < 0) {
            throw new IllegalArgumentException("only ASCII digits and upper-case letters have a mod-97 value");
        }
        int check = 98 - r;
        return check < 10 ? "0" + check : Integer.toString(check);
    }

    private static int fold(int rem, CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (Chars.isDigit(c)) {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (Chars.isUpper(c)) {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            } else {
                return -1;
            }
        }
        return rem;
    }
}
