package app.lettrage.identifiers;

/** ISO 11649 structured creditor reference: "RF", two mod-97 check digits, a base of 1 to 21 letters or digits. */
public final class CreditorReference {
    /** RF + 2 check digits + at most 21 characters. */
    public static final int MAX_LENGTH = 25;

    private CreditorReference() {}

    /** Upper case without ASCII whitespace, or null when it holds anything but letters and digits or is too long. */
    public static String normalize(String reference) {
        return Chars.compact(reference, "", MAX_LENGTH);
    }

    /** Whether {@code reference} (spaces anywhere, any case) is a well-formed RF reference whose check digits hold. */
    public static boolean isValid(String reference) {
        String s = normalize(reference);
        return s != null && s.length() >= 5 && s.startsWith("RF") && Chars.allDigits(s, 2, 4) && Mod97.holds(s);
    }

    /** The RF reference of a base of 1 to 21 letters or digits (spaces dropped, any case). */
    public static String create(String base) {
        String b = Chars.compact(base, "", MAX_LENGTH - 4);
        if (b == null || b.isEmpty()) {
            throw new IllegalArgumentException("an RF base must be 1 to 21 letters or digits");
        }
        return "RF" + Mod97.checkDigits("RF", b) + b;
    }

    /** Prints an RF reference in groups of four, as on an invoice. */
    public static String format(String reference) {
        String s = normalize(reference);
        if (s == null) {
            throw new IllegalArgumentException("not an RF reference");
        }
        return Groups.ofFour(s);
    }
}
