package app.lettrage.invoice;

/**
 * Where VAT is rounded to the currency's exponent: on each line (then summed per rate) or once per rate on the sum of
 * the lines' net amounts (the usual French/EU presentation). Line net amounts are always rounded per line.
 */
public enum Rounding {
    PER_LINE,
    PER_TOTAL
}
