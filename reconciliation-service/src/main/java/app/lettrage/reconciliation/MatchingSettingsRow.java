package app.lettrage.reconciliation;

import app.lettrage.matching.MatchingSettings;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A tenant's matching settings; a tenant without a row uses {@link MatchingSettings#defaults()}. */
@Entity
@Table(name = "matching_settings")
public class MatchingSettingsRow {

    @Id
    @Column(name = "tenant_id")
    private String tenantId;

    @Column(name = "auto_match_threshold", nullable = false)
    private BigDecimal autoMatchThreshold;

    @Column(name = "suggest_threshold", nullable = false)
    private BigDecimal suggestThreshold;

    @Column(name = "ambiguity_margin", nullable = false)
    private BigDecimal ambiguityMargin;

    @Column(name = "fee_tolerance_absolute", nullable = false)
    private BigDecimal feeToleranceAbsolute;

    @Column(name = "fee_tolerance_relative", nullable = false)
    private BigDecimal feeToleranceRelative;

    @Column(name = "discount_tolerance", nullable = false)
    private BigDecimal discountTolerance;

    @Column(name = "overpayment_tolerance_absolute", nullable = false)
    private BigDecimal overpaymentToleranceAbsolute;

    @Column(name = "overpayment_tolerance_relative", nullable = false)
    private BigDecimal overpaymentToleranceRelative;

    @Column(name = "name_similarity_threshold", nullable = false)
    private BigDecimal nameSimilarityThreshold;

    @Column(name = "max_days_before_issue", nullable = false)
    private int maxDaysBeforeIssue;

    /** Relative gap accepted between a payment converted at the bank's rate and an invoice's amount due. */
    @Column(name = "fx_tolerance", nullable = false)
    private BigDecimal fxTolerance;

    /** Whether the auto-match threshold follows the tenant's outcomes ({@link ThresholdCalibration}); off by default. */
    @Column(name = "calibration_enabled", nullable = false)
    private boolean calibrationEnabled;

    @Column(name = "updated_by", nullable = false)
    private String updatedBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected MatchingSettingsRow() {}

    /** A tenant's settings, validated by the caller; who saved them, and when, is stamped by {@link #savedBy}. */
    public MatchingSettingsRow(
            String tenantId,
            BigDecimal autoMatchThreshold,
            BigDecimal suggestThreshold,
            BigDecimal ambiguityMargin,
            BigDecimal feeToleranceAbsolute,
            BigDecimal feeToleranceRelative,
            BigDecimal discountTolerance,
            BigDecimal overpaymentToleranceAbsolute,
            BigDecimal overpaymentToleranceRelative,
            BigDecimal nameSimilarityThreshold,
            int maxDaysBeforeIssue,
            BigDecimal fxTolerance) {
        this.tenantId = tenantId;
        this.autoMatchThreshold = autoMatchThreshold;
        this.suggestThreshold = suggestThreshold;
        this.ambiguityMargin = ambiguityMargin;
        this.feeToleranceAbsolute = feeToleranceAbsolute;
        this.feeToleranceRelative = feeToleranceRelative;
        this.discountTolerance = discountTolerance;
        this.overpaymentToleranceAbsolute = overpaymentToleranceAbsolute;
        this.overpaymentToleranceRelative = overpaymentToleranceRelative;
        this.nameSimilarityThreshold = nameSimilarityThreshold;
        this.maxDaysBeforeIssue = maxDaysBeforeIssue;
        this.fxTolerance = fxTolerance;
    }

    /** Switches the calibration of the auto-match threshold on or off. */
    public MatchingSettingsRow calibrated(boolean enabled) {
        this.calibrationEnabled = enabled;
        return this;
    }

    public boolean calibrationEnabled() {
        return calibrationEnabled;
    }

    public void savedBy(String by, Instant at) {
        this.updatedBy = by;
        this.updatedAt = at;
    }

    /** The engine's settings: the stored tolerances on top of the defaults (search bounds stay the engine's). */
    public MatchingSettings toSettings() {
        MatchingSettings d = MatchingSettings.defaults();
        return new MatchingSettings(
                autoMatchThreshold.doubleValue(),
                suggestThreshold.doubleValue(),
                ambiguityMargin.doubleValue(),
                feeToleranceAbsolute.stripTrailingZeros(),
                feeToleranceRelative.stripTrailingZeros(),
                discountTolerance.stripTrailingZeros(),
                overpaymentToleranceAbsolute.stripTrailingZeros(),
                overpaymentToleranceRelative.stripTrailingZeros(),
                nameSimilarityThreshold.doubleValue(),
                maxDaysBeforeIssue,
                d.maxSubsetCandidates(),
                d.maxSubsetSteps(),
                d.maxCandidates(),
                d.sepaFeeToleranceAbsolute(),
                d.cardFeeToleranceRelative(),
                fxTolerance.stripTrailingZeros());
    }

    public BigDecimal fxTolerance() {
        return fxTolerance;
    }

    public String tenantId() {
        return tenantId;
    }

    public BigDecimal autoMatchThreshold() {
        return autoMatchThreshold;
    }

    public BigDecimal suggestThreshold() {
        return suggestThreshold;
    }

    public BigDecimal ambiguityMargin() {
        return ambiguityMargin;
    }

    public BigDecimal feeToleranceAbsolute() {
        return feeToleranceAbsolute;
    }

    public BigDecimal feeToleranceRelative() {
        return feeToleranceRelative;
    }

    public BigDecimal discountTolerance() {
        return discountTolerance;
    }

    public BigDecimal overpaymentToleranceAbsolute() {
        return overpaymentToleranceAbsolute;
    }

    public BigDecimal overpaymentToleranceRelative() {
        return overpaymentToleranceRelative;
    }

    public BigDecimal nameSimilarityThreshold() {
        return nameSimilarityThreshold;
    }

    public int maxDaysBeforeIssue() {
        return maxDaysBeforeIssue;
    }

    public String updatedBy() {
        return updatedBy;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
