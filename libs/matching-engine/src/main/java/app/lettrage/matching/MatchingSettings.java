package app.lettrage.matching;

import java.math.BigDecimal;

/**
 * Per-tenant matching settings. Amount tolerances are in the transaction currency's unit.
 *
 * @param autoMatchThreshold        minimum confidence to settle without a person
 * @param suggestThreshold          minimum confidence to show a candidate at all
 * @param ambiguityMargin           when the best two candidates are closer than this, the engine never auto-matches
 * @param feeToleranceAbsolute      largest shortfall accepted as a bank fee (e.g. 25.00)
 * @param feeToleranceRelative      ... and at most this fraction of the amount due (e.g. 0.10)
 * @param discountTolerance         largest early-payment discount accepted, as a fraction of the amount due (0.03)
 * @param overpaymentToleranceAbsolute largest overpayment treated as settling exactly (e.g. 5.00)
 * @param overpaymentToleranceRelative ... and at most this fraction of the amount due
 * @param nameSimilarityThreshold   payer name similarity (0..1) from which the payer counts as the counterparty
 * @param maxDaysBeforeIssue        a payment booked more than this many days before the invoice's issue date is
 *                                  implausible
 * @param maxSubsetCandidates       cap of open invoices considered by the grouped-payment subset search
 * @param maxSubsetSteps            step budget of the subset search
 * @param maxCandidates             how many candidates a decision lists
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
        int maxCandidates) {

    public static MatchingSettings defaults() {
        return new MatchingSettings(
                0.90,
                0.30,
                0.03,
                new BigDecimal("25.00"),
                new BigDecimal("0.25"),
                new BigDecimal("0.03"),
                new BigDecimal("5.00"),
                new BigDecimal("0.01"),
                0.84,
                3,
                40,
                200_000,
                5);
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
                maxCandidates);
    }

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
                maxCandidates);
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
                maxCandidates);
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
                maxCandidates);
    }
}
