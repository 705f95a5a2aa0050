package app.lettrage.invoice;

import app.lettrage.events.ReferenceType;
import app.lettrage.identifiers.BelgianStructuredCommunication;
import app.lettrage.identifiers.CreditorReference;

/**
 * A number of one of a tenant's gapless series, {@code <prefix>-<year>-<sequence>} (FV-2026-00042): one series per
 * prefix and year.
 */
public record SeriesNumber(String prefix, int year, long sequence) {

    /** The key of the series this number is drawn from. */
    public static String series(String prefix, int year) {
        return prefix + "-" + year;
    }

    public String text() {
        return String.format("%s-%d-%05d", prefix, year, sequence);
    }

    /**
     * The payment reference of a sales invoice with this number: ISO 11649 RF on the number's letters and digits, or
     * the Belgian structured communication on yy × 10^8 + the sequence (10 digits, then mod 97).
     */
    public String paymentReference(ReferenceType type) {
        if (type == ReferenceType.BE_STRUCTURED) {
            if (sequence >= 100_000_000L) {
                throw new IllegalStateException(
                        "sequence " + sequence + " does not fit a Belgian structured communication");
            }
            return BelgianStructuredCommunication.create((year % 100) * 100_000_000L + sequence);
        }
        return CreditorReference.create(text().replaceAll("[^A-Za-z0-9]", ""));
    }
}
