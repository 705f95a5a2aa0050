package app.lettrage.banksync.service;

import app.lettrage.events.ReferenceType;
import app.lettrage.platform.money.CreditorReference;
import java.util.Locale;

/** Recognises the type of a structured creditor reference and normalises it, so matching compares like with like. */
public final class StructuredReferences {

    private static final int[] QRR_TABLE = {0, 9, 4, 6, 8, 2, 7, 1, 3, 5};

    private StructuredReferences() {}

    public record Classified(String reference, ReferenceType type) {}

    /** null for a blank reference; otherwise the normalised reference and its type (OTHER, as given, if unknown). */
    public static Classified classify(String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        String trimmed = reference.strip();
        String compact = trimmed.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        if (CreditorReference.isValidRf(compact)) {
            return new Classified(compact, ReferenceType.ISO11649);
        }
        if (compact.matches("[+*]{3}[0-9]{3}/[0-9]{4}/[0-9]{5}[+*]{3}|[0-9]{12}")
                && CreditorReference.isValidBelgian(compact)) {
            String d = compact.replaceAll("[^0-9]", "");
            return new Classified(
                    "+++" + d.substring(0, 3) + "/" + d.substring(3, 7) + "/" + d.substring(7) + "+++",
                    ReferenceType.BE_STRUCTURED);
        }
        if (compact.matches("[0-9]{27}") && isValidQrr(compact)) {
            return new Classified(compact, ReferenceType.CH_QRR);
        }
        return new Classified(trimmed, ReferenceType.OTHER);
    }

    /** Swiss QR reference: 27 digits, the last the recursive modulo-10 check digit of the 26 before it. */
    static boolean isValidQrr(String digits) {
        int carry = 0;
        for (int i = 0; i < 26; i++) {
            carry = QRR_TABLE[(carry + (digits.charAt(i) - '0')) % 10];
        }
        return (10 - carry) % 10 == digits.charAt(26) - '0';
    }
}
