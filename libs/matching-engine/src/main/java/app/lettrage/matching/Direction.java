package app.lettrage.matching;

/** Which side of the ledger an invoice is on. Money in settles SALES invoices, money out settles PURCHASE ones. */
public enum Direction {
    SALES,
    PURCHASE;

    /** The direction a signed bank amount settles: positive (money in) settles SALES, negative PURCHASE. */
    public static Direction settledBy(java.math.BigDecimal signedAmount) {
        int s = signedAmount.signum();
        if (s == 0) {
            return null;
        }
        return s > 0 ? SALES : PURCHASE;
    }
}
