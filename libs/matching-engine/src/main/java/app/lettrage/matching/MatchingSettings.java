package app.lettrage.matching;

import java.math.BigDecimal;

/**
 * Per-tenant matching settings. Amount tolerances are in the transaction currency's unit.
 *
 * <p>Fee tolerances (a shortfall written off as a fee, so that the invoice is settled) follow what each payment
 * channel may deduct, from published rules and fee schedules (see {@link #defaults()} and {@link PaymentChannel}):
 * a SEPA transfer arrives in full but for the payee's own bank charge, a cross-border transfer loses correspondent
 * charges of tens of euros, a card acquirer keeps a percentage. A shortfall beyond the channel's range is not a fee:
 * with a reference it is an instalment (the invoice stays partly open), without one it is for a person.
 *
 * @param autoMatchThreshold           minimum confidence to settle without a person
 * @param suggestThreshold             minimum confidence to show a candidate at all
 * @param ambiguityMargin              when the best two candidates are closer than this, the engine never auto-matches
 * @param feeToleranceAbsolute         largest shortfall accepted as the charges of a cross-border (SWIFT) transfer
 * @param feeToleranceRelative         ... and, for any bank transfer, at most this fraction of the amount due
 * @param discountTolerance            largest early-payment discount accepted, as a fraction of the amount due
 * @param overpaymentToleranceAbsolute largest overpayment treated as settling exactly (e.g. 5.00)
 * @param overpaymentToleranceRelative ... and at most this fraction of the amount due
 * @param nameSimilarityThreshold      payer name similarity (0..1) from which the payer counts as the counterparty
 * @param maxDaysBeforeIssue           a payment booked more than this many days before the invoice's issue date is
 *                                     implausible
 * @param maxSubsetCandidates          cap of open invoices considered by the grouped-payment subset search
 * @param maxSubsetSteps               step budget of the subset search
 * @param maxCandidates                how many candidates a decision lists
 * @param sepaFeeToleranceAbsolute     largest shortfall accepted as the payee's bank charge on a SEPA or domestic
 *                                     transfer (also bounded by {@code feeToleranceRelative})
 * @param cardFeeToleranceRelative     largest acquirer fee of a card settlement, as a fraction of the amount due (plus
 *                                     a fixed {@link FeePolicy#CARD_FIXED_FEE})
 * @param fxTolerance                  for a payment converted at the bank's rate into an invoice's currency: the
 *                                     largest relative gap between the converted amount and the amount due that is
 *                                     still taken as settling it (the rest is the realised FX difference); 0..0.10
 */
public record MatchingSettings(
        double autoMatchThreshold,
        double suggestThreshold,
        double ambiguityMargin,
        BigDecimal feeToleranceAbsolute,
        BigDecimal feeToleranceRelative,
        BigDecimal discountTolerance,
        BigDecimal overpaymentToleranceAbsolute,
        BigDecimal overpaymentToleranceRelative,
        double nameSimilarityThreshold,
        int maxDaysBeforeIssue,
        int maxSubsetCandidates,
        int maxSubsetSteps,
        int maxCandidates,
        BigDecimal sepaFeeToleranceAbsolute,
        BigDecimal cardFeeToleranceRelative,
        BigDecimal fxTolerance) {

    /**
     * Default FX tolerance, 2%: the spread between a bank's retail rate and the mid-market rate an invoice is usually
     * priced at stays within 0.5-1.5% for major pairs, so 2% covers that and a day's movement, while a payment 5% off
     * is not taken for the invoice without a person.
     */
    public static final BigDecimal DEFAULT_FX_TOLERANCE = new BigDecimal("0.02");

    /** The largest FX tolerance a tenant may set: beyond 10% a conversion proves nothing about the amount. */
    public static final BigDecimal MAX_FX_TOLERANCE = new BigDecimal("0.10");

    /** Settings as they were before the FX tolerance: the default one. */
    public MatchingSettings(
            double autoMatchThreshold,
            double suggestThreshold,
            double ambiguityMargin,
            BigDecimal feeToleranceAbsolute,
            BigDecimal feeToleranceRelative,
            BigDecimal discountTolerance,
            BigDecimal overpaymentToleranceAbsolute,
            BigDecimal overpaymentToleranceRelative,
            double nameSimilarityThreshold,
            int maxDaysBeforeIssue,
            int maxSubsetCandidates,
            int maxSubsetSteps,
            int maxCandidates,
            BigDecimal sepaFeeToleranceAbsolute,
            BigDecimal cardFeeToleranceRelative) {
        this(
                autoMatchThreshold,
                suggestThreshold,
                ambiguityMargin,
                feeToleranceAbsolute,
                feeToleranceRelative,
                discountTolerance,
                overpaymentToleranceAbsolute,
                overpaymentToleranceRelative,
                nameSimilarityThreshold,
                maxDaysBeforeIssue,
                maxSubsetCandidates,
                maxSubsetSteps,
                maxCandidates,
                sepaFeeToleranceAbsolute,
                cardFeeToleranceRelative,
                DEFAULT_FX_TOLERANCE);
    }

    public MatchingSettings {
        if (fxTolerance == null) {
            fxTolerance = DEFAULT_FX_TOLERANCE;
        }
        if (fxTolerance.signum() < 0 || fxTolerance.compareTo(MAX_FX_TOLERANCE) > 0) {
            throw new IllegalArgumentException("fxTolerance must be between 0 and " + MAX_FX_TOLERANCE);
        }
    }

    /** Default SEPA/domestic fee tolerance, see {@link #defaults()}. */
    public static final BigDecimal DEFAULT_SEPA_FEE = new BigDecimal("2.50");
    /** Default cross-border fee tolerance, see {@link #defaults()}. */
    public static final BigDecimal DEFAULT_CROSS_BORDER_FEE = new BigDecimal("50.00");
    /** Default relative fee tolerance of bank transfers, see {@link #defaults()}. */
    public static final BigDecimal DEFAULT_FEE_RELATIVE = new BigDecimal("0.05");
    /** Default card acquirer fee tolerance, see {@link #defaults()}. */
    public static final BigDecimal DEFAULT_CARD_FEE_RELATIVE = new BigDecimal("0.035");

    /**
     * Settings without the SEPA and card fee tolerances, which take their defaults (the settings a tenant stored
     * before those existed).
     */
    public MatchingSettings(
            double autoMatchThreshold,
            double suggestThreshold,
            double ambiguityMargin,
            BigDecimal feeToleranceAbsolute,
            BigDecimal feeToleranceRelative,
            BigDecimal discountTolerance,
            BigDecimal overpaymentToleranceAbsolute,
            BigDecimal overpaymentToleranceRelative,
            double nameSimilarityThreshold,
            int maxDaysBeforeIssue,
            int maxSubsetCandidates,
            int maxSubsetSteps,
            int maxCandidates) {
        this(
                autoMatchThreshold,
                suggestThreshold,
                ambiguityMargin,
                feeToleranceAbsolute,
                feeToleranceRelative,
                discountTolerance,
                overpaymentToleranceAbsolute,
                overpaymentToleranceRelative,
                nameSimilarityThreshold,
                maxDaysBeforeIssue,
                maxSubsetCandidates,
                maxSubsetSteps,
                maxCandidates,
                DEFAULT_SEPA_FEE,
                DEFAULT_CARD_FEE_RELATIVE);
    }

    /**
     * Auto-match threshold 0.90, suggest threshold 0.30, ambiguity margin 0.03, early-payment discount up to 3%,
     * overpayment tolerance min(5.00, max(1% of due, 1.00)), name similarity 0.84, payments more than 3 days before
     * issue implausible, subset search over at most 40 invoices and 200,000 steps, 5 candidates; and fee tolerances
     * from what each channel may deduct:
     *
     * <ul>
     *   <li><b>SEPA and domestic transfers: 2.50.</b> The payer's bank, the payee's bank and intermediaries must
     *       transfer the full amount (PSD2, Directive 2015/2366, art. 81(1)); only the payee's bank may deduct its own
     *       charge, if agreed with the payee (art. 81(2)). Business price lists charge from nothing to about one euro
     *       for an incoming SEPA credit; 2.50 covers that with a margin. A SEPA payment short by more was not cut by a
     *       bank.
     *   <li><b>Cross-border (SWIFT) transfers: 50.00.</b> Under SHA or BEN, each correspondent bank deducts its charge
     *       (commonly 10 to 25 EUR/USD/GBP each) and the receiving bank may deduct an incoming-payment fee; published
     *       totals for a payment routed through one or two correspondents lie between 10 and 50.
     *   <li><b>Card settlements: 3.5% + 0.35.</b> Published acquirer schedules go from 1.5% + 0.25 (standard EEA
     *       cards) to 3.25% + 0.25 (international cards, Stripe); 3.5% + 0.35 covers the highest with a margin.
     *   <li><b>Relative bound for bank transfers: 5% of the amount due.</b> Bank transfer charges are fixed amounts,
     *       not percentages: the bound only keeps a fixed charge from being assumed on a small invoice. 5% lies above
     *       every percentage schedule above (so no real fee of a card is cut off), and beyond it a shortfall is a
     *       material part of the invoice, more often a short payment, a deduction or a partial payment than a fee:
     *       25.00 of SWIFT charges counts as a fee from 500.00 due, 2.50 of SEPA charge from 50.00 due. (The 0.25 this
     *       replaces wrote off a quarter of an invoice as a "fee".)
     * </ul>
     */
    public static MatchingSettings defaults() {
        return new MatchingSettings(
                0.90,
                0.30,
                0.03,
                DEFAULT_CROSS_BORDER_FEE,
                DEFAULT_FEE_RELATIVE,
                new BigDecimal("0.03"),
                new BigDecimal("5.00"),
                new BigDecimal("0.01"),
                0.84,
                3,
                40,
                200_000,
                5,
                DEFAULT_SEPA_FEE,
                DEFAULT_CARD_FEE_RELATIVE,
                DEFAULT_FX_TOLERANCE);
    }

    public MatchingSettings withAutoMatchThreshold(double v) {
        return new MatchingSettings(
                v,
                suggestThreshold,
                ambiguityMargin,
                feeToleranceAbsolute,
                feeToleranceRelative,
                discountTolerance,
                overpaymentToleranceAbsolute,
                overpaymentToleranceRelative,
                nameSimilarityThreshold,
                maxDaysBeforeIssue,
                maxSubsetCandidates,
                maxSubsetSteps,
                maxCandidates,
                sepaFeeToleranceAbsolute,
                cardFeeToleranceRelative,
                fxTolerance);
    }

    /** Cross-border absolute and bank-transfer relative fee tolerances. */
    public MatchingSettings withFeeTolerance(BigDecimal absolute, BigDecimal relative) {
        return new MatchingSettings(
                autoMatchThreshold,
                suggestThreshold,
                ambiguityMargin,
                absolute,
                relative,
                discountTolerance,
                overpaymentToleranceAbsolute,
                overpaymentToleranceRelative,
                nameSimilarityThreshold,
                maxDaysBeforeIssue,
                maxSubsetCandidates,
                maxSubsetSteps,
                maxCandidates,
                sepaFeeToleranceAbsolute,
                cardFeeToleranceRelative,
                fxTolerance);
    }

    /** SEPA/domestic absolute and card relative fee tolerances. */
    public MatchingSettings withChannelFeeTolerance(BigDecimal sepaAbsolute, BigDecimal cardRelative) {
        return new MatchingSettings(
                autoMatchThreshold,
                suggestThreshold,
                ambiguityMargin,
                feeToleranceAbsolute,
                feeToleranceRelative,
                discountTolerance,
                overpaymentToleranceAbsolute,
                overpaymentToleranceRelative,
                nameSimilarityThreshold,
                maxDaysBeforeIssue,
                maxSubsetCandidates,
                maxSubsetSteps,
                maxCandidates,
                sepaAbsolute,
                cardRelative,
                fxTolerance);
    }

    public MatchingSettings withDiscountTolerance(BigDecimal v) {
        return new MatchingSettings(
                autoMatchThreshold,
                suggestThreshold,
                ambiguityMargin,
                feeToleranceAbsolute,
                feeToleranceRelative,
                v,
                overpaymentToleranceAbsolute,
                overpaymentToleranceRelative,
                nameSimilarityThreshold,
                maxDaysBeforeIssue,
                maxSubsetCandidates,
                maxSubsetSteps,
                maxCandidates,
                sepaFeeToleranceAbsolute,
                cardFeeToleranceRelative,
                fxTolerance);
    }

    public MatchingSettings withMaxSubsetCandidates(int v) {
        return new MatchingSettings(
                autoMatchThreshold,
                suggestThreshold,
                ambiguityMargin,
                feeToleranceAbsolute,
                feeToleranceRelative,
                discountTolerance,
                overpaymentToleranceAbsolute,
                overpaymentToleranceRelative,
                nameSimilarityThreshold,
                maxDaysBeforeIssue,
                v,
                maxSubsetSteps,
                maxCandidates,
                sepaFeeToleranceAbsolute,
                cardFeeToleranceRelative,
                fxTolerance);
    }

    public MatchingSettings withFxTolerance(BigDecimal v) {
        return new MatchingSettings(
                autoMatchThreshold,
                suggestThreshold,
                ambiguityMargin,
                feeToleranceAbsolute,
                feeToleranceRelative,
                discountTolerance,
                overpaymentToleranceAbsolute,
                overpaymentToleranceRelative,
                nameSimilarityThreshold,
                maxDaysBeforeIssue,
                maxSubsetCandidates,
                maxSubsetSteps,
                maxCandidates,
                sepaFeeToleranceAbsolute,
                cardFeeToleranceRelative,
                v);
    }
}
