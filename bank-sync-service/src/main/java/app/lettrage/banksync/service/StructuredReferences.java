package app.lettrage.banksync.service;

import app.lettrage.events.ReferenceType;
import app.lettrage.identifiers.BelgianStructuredCommunication;
import app.lettrage.identifiers.CreditorReference;
import app.lettrage.identifiers.SwissQrReference;

/** Recognises the type of a structured creditor reference and normalises it, so matching compares like with like. */
public final class StructuredReferences {

    private StructuredReferences() {}

    public record Classified(String reference, ReferenceType type) {}

    /** null for a blank reference; otherwise the normalised reference and its type (OTHER, as given, if unknown). */
    public static Classified classify(String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        String trimmed = reference.strip();
        if (CreditorReference.isValid(trimmed)) {
            return new Classified(CreditorReference.normalize(trimmed), ReferenceType.ISO11649);
        }
        String belgian = BelgianStructuredCommunication.digitsOf(trimmed);
        if (belgian != null) {
            return new Classified(BelgianStructuredCommunication.format(belgian), ReferenceType.BE_STRUCTURED);
        }
        if (SwissQrReference.isValid(trimmed)) {
            return new Classified(SwissQrReference.normalize(trimmed), ReferenceType.CH_QRR);
        }
        return new Classified(trimmed, ReferenceType.OTHER);
    }
}
