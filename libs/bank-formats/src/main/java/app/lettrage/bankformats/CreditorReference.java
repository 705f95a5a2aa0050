package app.lettrage.bankformats;

/** A structured creditor reference, e.g. RF18539007547034 or a Belgian +++123/4567/89002+++. */
public record CreditorReference(String reference, ReferenceType type) {}
