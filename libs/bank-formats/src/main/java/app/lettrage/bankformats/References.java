package app.lettrage.bankformats;

import app.lettrage.identifiers.BelgianStructuredCommunication;
import app.lettrage.identifiers.SwissQrReference;

/**
 * Recognises the type of a structured creditor reference from its content and declared type code. What makes a
 * reference valid is the identifiers module's; this class only decides which reading a file's field gets.
 */
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
        if (app.lettrage.identifiers.CreditorReference.isValid(ref)) {
            return new CreditorReference(
                    app.lettrage.identifiers.CreditorReference.normalize(ref), ReferenceType.ISO11649);
        }
        String belgian = BelgianStructuredCommunication.digitsOf(ref);
        if (belgian != null) {
            return new CreditorReference(belgian, ReferenceType.BE_STRUCTURED);
        }
        if (SwissQrReference.isValid(ref)) {
            return new CreditorReference(SwissQrReference.normalize(ref), ReferenceType.CH_QR_ISR);
        }
        // A reference the file labels explicitly keeps its label even when its check digit fails (test files and
        // legacy ISR numbers carry such references): the label, not the content, is the bank's statement.
        String digits = ref.replace(" ", "").replace("+", "").replace("/", "").replace("*", "");
        String t = declaredType == null ? "" : declaredType.toUpperCase();
        if ((t.equals("QRR") || t.contains("ISR") || t.contains("ESR")) && isDigits(digits)) {
            return new CreditorReference(digits, ReferenceType.CH_QR_ISR);
        }
        if (t.equals("BBA") && digits.length() == 12 && isDigits(digits)) {
            return new CreditorReference(digits, ReferenceType.BE_STRUCTURED);
        }
        return new CreditorReference(ref, ReferenceType.OTHER);
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
