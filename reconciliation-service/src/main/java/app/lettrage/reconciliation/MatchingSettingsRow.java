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
    public String tenantId;

    @Column(name = "auto_match_threshold", nullable = false)
    public BigDecimal autoMatchThreshold;

    @Column(name = "suggest_threshold", nullable = false)
    public BigDecimal suggestThreshold;

    @Column(name = "ambiguity_margin", nullable = false)
    public BigDecimal ambiguityMargin;

    @Column(name = "fee_tolerance_absolute", nullable = false)
    public BigDecimal feeToleranceAbsolute;

    @Column(name = "fee_tolerance_relative", nullable = false)
    public BigDecimal feeToleranceRelative;

    @Column(name = "discount_tolerance", nullable = false)
    public BigDecimal discountTolerance;

    @Column(name = "overpayment_tolerance_absolute", nullable = false)
    public BigDecimal overpaymentToleranceAbsolute;

    @Column(name = "overpayment_tolerance_relative", nullable = false)
    public BigDecimal overpaymentToleranceRelative;

    @Column(name = "name_similarity_threshold", nullable = false)
    public BigDecimal nameSimilarityThreshold;

    @Column(name = "max_days_before_issue", nullable = false)
    public int maxDaysBeforeIssue;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

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
                d.maxCandidates());
    }
}
