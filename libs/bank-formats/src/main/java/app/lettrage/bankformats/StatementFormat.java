package app.lettrage.bankformats;

/** The file formats this module reads. */
public enum StatementFormat {
    CAMT_052,
    CAMT_053,
    CAMT_054,
    MT940,
    MT942,
    OFX,
    CODA,
    CSV;

    public boolean isCamt() {
        return this == CAMT_052 || this == CAMT_053 || this == CAMT_054;
    }
}
