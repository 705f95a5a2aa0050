package app.lettrage.bankformats;

/** Kind of a balance, mapped from camt balance codes, MT940 tags, OFX aggregates and CODA records. */
public enum BalanceType {
    /** Opening booked (camt OPBD, MT940 :60F:, CODA record 1). */
    OPENING_BOOKED,
    /** Previously closed booked (camt PRCD): the opening balance of banks that do not send OPBD. */
    PREVIOUSLY_CLOSED_BOOKED,
    /** Intermediate opening (camt ITBD as opening, MT940 :60M:). */
    INTERIM_OPENING,
    /** Closing booked (camt CLBD, MT940 :62F:, OFX LEDGERBAL, CODA record 8). */
    CLOSING_BOOKED,
    /** Intermediate closing (MT940 :62M:, camt ITBD). */
    INTERIM_CLOSING,
    CLOSING_AVAILABLE,
    FORWARD_AVAILABLE,
    INTERIM_AVAILABLE,
    /** Not given by the file: computed as closing minus the sum of the transactions (OFX). */
    OPENING_DERIVED,
    OTHER;

    public boolean isOpening() {
        return this == OPENING_BOOKED
                || this == PREVIOUSLY_CLOSED_BOOKED
                || this == INTERIM_OPENING
                || this == OPENING_DERIVED;
    }

    public boolean isClosing() {
        return this == CLOSING_BOOKED || this == INTERIM_CLOSING;
    }
}
