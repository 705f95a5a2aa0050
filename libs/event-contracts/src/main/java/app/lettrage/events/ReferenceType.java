package app.lettrage.events;

/** Type of a structured creditor reference. */
public enum ReferenceType {
    /** ISO 11649 "RF" creditor reference. */
    ISO11649,
    /** Belgian structured communication +++123/4567/89012+++. */
    BE_STRUCTURED,
    /** Swiss QR reference / ISR. */
    CH_QRR,
    OTHER
}
