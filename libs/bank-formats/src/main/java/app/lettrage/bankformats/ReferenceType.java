package app.lettrage.bankformats;

/** Type of a structured creditor reference. */
public enum ReferenceType {
    /** ISO 11649 "RF" creditor reference (check digits verified). */
    ISO11649,
    /** Belgian structured communication (OGM/VCS, 12 digits, mod 97). */
    BE_STRUCTURED,
    /** Swiss QR reference / ISR (ESR) reference (27 digits, mod 10 recursive). */
    CH_QR_ISR,
    OTHER
}
