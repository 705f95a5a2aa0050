package app.lettrage.platform.money;

import java.math.BigInteger;
import java.util.Map;

/** IBAN normalisation and ISO 13616 mod-97 check, with the country lengths of the SEPA area and common others. */
public final class Iban {

    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AD", 24),
            Map.entry("AT", 20),
            Map.entry("BE", 16),
            Map.entry("BG", 22),
            Map.entry("CH", 21),
            Map.entry("CY", 28),
            Map.entry("CZ", 24),
            Map.entry("DE", 22),
            Map.entry("DK", 18),
            Map.entry("EE", 20),
            Map.entry("ES", 24),
            Map.entry("FI", 18),
            Map.entry("FR", 27),
            Map.entry("GB", 22),
            Map.entry("GI", 23),
            Map.entry("GR", 27),
            Map.entry("HR", 21),
            Map.entry("HU", 28),
            Map.entry("IE", 22),
            Map.entry("IS", 26),
            Map.entry("IT", 27),
            Map.entry("LI", 21),
            Map.entry("LT", 20),
            Map.entry("LU", 20),
            Map.entry("LV", 21),
            Map.entry("MC", 27),
            Map.entry("MT", 31),
            Map.entry("NL", 18),
            Map.entry("NO", 15),
            Map.entry("PL", 28),
            Map.entry("PT", 25),
            Map.entry("RO", 24),
            Map.entry("SE", 24),
            Map.entry("SI", 19),
            Map.entry("SK", 24),
            Map.entry("SM", 27),
            Map.entry("VA", 22));

    private Iban() {}

    /** Upper case without spaces; null stays null. */
    public static String normalize(String iban) {
        return iban == null ? null : iban.replaceAll("[\\s-]", "").toUpperCase();
    }

    public static boolean isValid(String iban) {
        String s = normalize(iban);
        if (s == null || !s.matches("[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")) {
            return false;
        }
        Integer len = LENGTHS.get(s.substring(0, 2));
        if (len != null && len != s.length()) {
            return false;
        }
        return Mod97.mod97(s.substring(4) + s.substring(0, 4)) == 1;
    }

    /** Alphanumeric string to the digits of ISO 7064 (A=10 … Z=35) modulo 97. */
    static final class Mod97 {
        private Mod97() {}

        static int mod97(String alnum) {
            StringBuilder digits = new StringBuilder(alnum.length() * 2);
            for (char c : alnum.toCharArray()) {
                if (Character.isDigit(c)) {
                    digits.append(c);
                } else if (c >= 'A' && c <= 'Z') {
                    digits.append(c - 'A' + 10);
                } else {
                    return -1;
                }
            }
            return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
        }
    }
}
