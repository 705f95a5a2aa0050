package app.lettrage.identifiers;

/**
 * Swiss QR reference (QR-bill, formerly the ISR reference): exactly 27 digits, the last the recursive modulo-10 check
 * digit of the 26 before it. Shorter numbers that happen to have a matching last digit are not QR references: one in
 * ten of any digit string would pass.
 */
public final class SwissQrReference {
    public static final int LENGTH = 27;

    /** Row 0 of the recursive mod-10 table: the carry after adding a digit d to carry c is TABLE[(c + d) % 10]. */
    private static final int[] TABLE = {0, 9, 4, 6, 8, 2, 7, 1, 3, 5};

    private SwissQrReference() {}

    /** Without ASCII whitespace, or null when it holds anything else than digits or is longer than 27. */
    public static String normalize(String reference) {
        String s = Chars.compact(reference, "", LENGTH);
        return s != null && Chars.allDigits(s, 0, s.length()) ? s : null;
    }

    /** Whether {@code reference} (spaces anywhere) is 27 digits whose last is the check digit of the others. */
    public static boolean isValid(String reference) {
        String s = normalize(reference);
        return s != null
                && s.length() == LENGTH
                && checkDigit(s.substring(0, LENGTH - 1)) == s.charAt(LENGTH - 1) - '0';
    }

    /** The recursive modulo-10 check digit of ASCII digits. */
    public static int checkDigit(CharSequence digits) {
        int carry = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!Chars.isDigit(c)) {
                throw new IllegalArgumentException("a recursive modulo-10 check digit is over digits only");
            }
            carry = TABLE[(carry + (c - '0')) % 10];
        }
        return (10 - carry) % 10;
    }

    /** The QR reference of a body of 1 to 26 digits: the body left-padded with zeros to 26, then its check digit. */
    public static String create(String body) {
        String b = normalize(body);
        if (b == null || b.isEmpty() || b.length() > LENGTH - 1) {
            throw new IllegalArgumentException("a QR reference body has 1 to 26 digits");
        }
        String padded = "0".repeat(LENGTH - 1 - b.length()) + b;
        return padded + checkDigit(padded);
    }

    /** Prints a QR reference as on the payment part: two digits, then groups of five. */
    public static String format(String reference) {
        String s = normalize(reference);
        if (s == null || s.length() != LENGTH) {
            throw new IllegalArgumentException("a QR reference has 27 digits");
        }
        StringBuilder b = new StringBuilder(s.substring(0, 2));
        for (int i = 2; i < LENGTH; i += 5) {
            b.append(' ').append(s, i, i + 5);
        }
        return b.toString();
    }
}
