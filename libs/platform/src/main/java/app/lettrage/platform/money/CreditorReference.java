package app.lettrage.platform.money;

/**
 * Payment references a payer copies into the transfer: ISO 11649 "RF" creditor references and the Belgian
 * structured communication (+++123/4567/89012+++).
 */
public final class CreditorReference {

    private CreditorReference() {}

    /** ISO 11649 reference for a base of 1..21 alphanumerics: RF + 2 check digits + base. */
    public static String rf(String base) {
        String b = base == null ? "" : base.replaceAll("\\s", "").toUpperCase();
        if (!b.matches("[A-Z0-9]{1,21}")) {
            throw new IllegalArgumentException("RF base must be 1 to 21 letters or digits, got " + base);
        }
        int check = 98 - Iban.Mod97.mod97(b + "RF00");
        return "RF" + (check < 10 ? "0" : "") + check + b;
    }

    /** True for a well-formed ISO 11649 reference whose check digits hold (spaces anywhere, any case). */
    public static boolean isValidRf(String reference) {
        if (reference == null) {
            return false;
        }
        String s = reference.replaceAll("\\s", "").toUpperCase();
        if (!s.matches("RF[0-9]{2}[A-Z0-9]{1,21}")) {
            return false;
        }
        return Iban.Mod97.mod97(s.substring(4) + s.substring(0, 4)) == 1;
    }

    /** Prints an RF reference in groups of four, as on an invoice. */
    public static String formatRf(String reference) {
        String s = reference.replaceAll("\\s", "").toUpperCase();
        return s.replaceAll("(.{4})(?!$)", "$1 ");
    }

    /** Belgian structured communication for a number of up to 10 digits: +++ddd/dddd/dddcc+++, cc = n mod 97 (97 if 0). */
    public static String belgian(long number) {
        if (number < 0 || number > 9_999_999_999L) {
            throw new IllegalArgumentException("Belgian structured communication takes 1 to 10 digits, got " + number);
        }
        long check = number % 97;
        String digits = String.format("%010d%02d", number, check == 0 ? 97 : check);
        return "+++" + digits.substring(0, 3) + "/" + digits.substring(3, 7) + "/" + digits.substring(7) + "+++";
    }

    /** True for 12 digits (with or without +++ / * and slashes) whose last two are the first ten mod 97 (97 for 0). */
    public static boolean isValidBelgian(String communication) {
        if (communication == null) {
            return false;
        }
        String d = communication.replaceAll("[\\s+*/]", "");
        if (!d.matches("[0-9]{12}")) {
            return false;
        }
        long n = Long.parseLong(d.substring(0, 10));
        long check = n % 97;
        return Long.parseLong(d.substring(10)) == (check == 0 ? 97 : check);
    }
}
