package app.lettrage.bankformats;

import java.math.BigInteger;

/** Recognises the type of a structured creditor reference from its content and declared type code. */
public final class References {
    private References() {}

    /**
     * @param declaredType the type code given by the file (camt CdOrPrtry Cd/Prtry, e.g. "SCOR", "QRR", "ISR Reference", "BBA"), may be null
     */
    public static CreditorReference classify(String reference, String declaredType) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        String ref = reference.trim();
        String compact = ref.replace(" ", "");
        if (isIso11649(compact)) {
            return new CreditorReference(compact.toUpperCase(), ReferenceType.ISO11649);
        }
        String digits = compact.replace("+", "").replace("/", "").replace("*", "");
        if (digits.length() == 12 && isDigits(digits) && isBelgianStructured(digits)) {
            return new CreditorReference(digits, ReferenceType.BE_STRUCTURED);
        }
        if (isDigits(digits) && digits.length() <= 27 && digits.length() >= 16 && isMod10Recursive(digits)) {
            return new CreditorReference(digits, ReferenceType.CH_QR_ISR);
        }
        String t = declaredType == null ? "" : declaredType.toUpperCase();
        if ((t.equals("QRR") || t.contains("ISR") || t.contains("ESR")) && isDigits(digits)) {
            return new CreditorReference(digits, ReferenceType.CH_QR_ISR);
        }
        if (t.equals("BBA") && digits.length() == 12 && isDigits(digits)) {
            return new CreditorReference(digits, ReferenceType.BE_STRUCTURED);
        }
        return new CreditorReference(ref, ReferenceType.OTHER);
    }

    static boolean isIso11649(String s) {
        if (s.length() < 5
                || s.length() > 25
                || !s.regionMatches(true, 0, "RF", 0, 2)
                || !Character.isDigit(s.charAt(2))
                || !Character.isDigit(s.charAt(3))) {
            return false;
        }
        String rearranged = s.substring(4) + s.substring(0, 4);
        return mod97(rearranged) == 1;
    }

    static int mod97(String alnum) {
        StringBuilder sb = new StringBuilder();
        for (char c : alnum.toUpperCase().toCharArray()) {
            if (Character.isDigit(c)) {
                sb.append(c);
            } else if (c >= 'A' && c <= 'Z') {
                sb.append(c - 'A' + 10);
            } else {
                return -1;
            }
        }
        return new BigInteger(sb.toString()).mod(BigInteger.valueOf(97)).intValue();
    }

    static boolean isBelgianStructured(String twelveDigits) {
        long base = Long.parseLong(twelveDigits.substring(0, 10));
        int check = Integer.parseInt(twelveDigits.substring(10));
        int mod = (int) (base % 97);
        return (mod == 0 ? 97 : mod) == check;
    }

    private static final int[] MOD10 = {0, 9, 4, 6, 8, 2, 7, 1, 3, 5};

    static boolean isMod10Recursive(String digits) {
        int carry = 0;
        for (int i = 0; i < digits.length() - 1; i++) {
            carry = MOD10[(carry + digits.charAt(i) - '0') % 10];
        }
        return (10 - carry) % 10 == digits.charAt(digits.length() - 1) - '0';
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
