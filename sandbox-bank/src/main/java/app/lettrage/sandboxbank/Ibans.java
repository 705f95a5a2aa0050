package app.lettrage.sandboxbank;

import java.math.BigInteger;

/** IBANs and RF creditor references with correct check digits (ISO 13616 / ISO 11649, both mod 97). */
final class Ibans {

    private Ibans() {}

    static String iban(String country, String bban) {
        int check = 98 - mod97(bban + country + "00");
        return country + String.format("%02d", check) + bban;
    }

    /** RF + check digits + reference (ISO 11649). */
    static String rf(String reference) {
        int check = 98 - mod97(reference + "RF00");
        return "RF" + String.format("%02d", check) + reference;
    }

    /** Belgian structured communication +++ddd/dddd/ddddd+++ (10 digits and their mod 97, 97 for 0). */
    static String ogm(long tenDigits) {
        long check = tenDigits % 97;
        String d = String.format("%010d%02d", tenDigits, check == 0 ? 97 : check);
        return "+++" + d.substring(0, 3) + "/" + d.substring(3, 7) + "/" + d.substring(7) + "+++";
    }

    private static int mod97(String s) {
        StringBuilder digits = new StringBuilder();
        for (char c : s.toCharArray()) {
            digits.append(
                    Character.isDigit(c) ? String.valueOf(c) : String.valueOf(Character.toUpperCase(c) - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
    }
}
