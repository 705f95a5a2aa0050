package app.lettrage.reconciliation.rest;

import app.lettrage.matching.MatchingSettings;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.MatchingSettingsRow;
import app.lettrage.reconciliation.ThresholdCalibration.Calibrated;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's matching settings (all fields required on PUT but {@code fxTolerance}, which is the default 0.02 when
 * left out, so clients that predate it keep working). Ratios are fractions (0.03 = 3%); amounts are in the
 * transaction's currency.
 *
 * @param fxTolerance relative gap accepted between a payment converted at the bank's rate and an invoice's amount due
 *     in that currency (0 to 0.10)
 * @param calibrationEnabled whether the auto-match threshold follows the tenant's outcomes; off when left out
 * @param calibration read only: the configured, calibrated and effective thresholds and the counts behind them
 */
public record SettingsView(
        BigDecimal autoMatchThreshold,
        BigDecimal suggestThreshold,
        BigDecimal ambiguityMargin,
        BigDecimal feeToleranceAbsolute,
        BigDecimal feeToleranceRelative,
        BigDecimal discountTolerance,
        BigDecimal overpaymentToleranceAbsolute,
        BigDecimal overpaymentToleranceRelative,
        BigDecimal nameSimilarityThreshold,
        Integer maxDaysBeforeIssue,
        BigDecimal fxTolerance,
        Boolean calibrationEnabled,
        String updatedBy,
        Instant updatedAt,
        CalibrationView calibration) {

    /** The saved settings ({@code r}, null while none: the defaults) with what calibration makes of them. */
    static SettingsView of(MatchingSettingsRow r, Calibrated c) {
        SettingsView v = r == null ? defaults() : of(r);
        boolean enabled = r != null && r.calibrationEnabled();
        return new SettingsView(
                v.autoMatchThreshold,
                v.suggestThreshold,
                v.ambiguityMargin,
                v.feeToleranceAbsolute,
                v.feeToleranceRelative,
                v.discountTolerance,
                v.overpaymentToleranceAbsolute,
                v.overpaymentToleranceRelative,
                v.nameSimilarityThreshold,
                v.maxDaysBeforeIssue,
                v.fxTolerance,
                enabled,
                v.updatedBy,
                v.updatedAt,
                CalibrationView.of(enabled, c));
    }

    private static SettingsView of(MatchingSettingsRow r) {
        return new SettingsView(
                strip(r.autoMatchThreshold()),
                strip(r.suggestThreshold()),
                strip(r.ambiguityMargin()),
                strip(r.feeToleranceAbsolute()),
                strip(r.feeToleranceRelative()),
                strip(r.discountTolerance()),
                strip(r.overpaymentToleranceAbsolute()),
                strip(r.overpaymentToleranceRelative()),
                strip(r.nameSimilarityThreshold()),
                r.maxDaysBeforeIssue(),
                strip(r.fxTolerance()),
                r.calibrationEnabled(),
                r.updatedBy(),
                r.updatedAt(),
                null);
    }

    private static SettingsView defaults() {
        MatchingSettings d = MatchingSettings.defaults();
        return new SettingsView(
                BigDecimal.valueOf(d.autoMatchThreshold()),
                BigDecimal.valueOf(d.suggestThreshold()),
                BigDecimal.valueOf(d.ambiguityMargin()),
                d.feeToleranceAbsolute(),
                d.feeToleranceRelative(),
                d.discountTolerance(),
                d.overpaymentToleranceAbsolute(),
                d.overpaymentToleranceRelative(),
                BigDecimal.valueOf(d.nameSimilarityThreshold()),
                d.maxDaysBeforeIssue(),
                d.fxTolerance(),
                false,
                null,
                null,
                null);
    }

    /** The tenant's new settings from a request; a 400 naming every bad field otherwise. */
    static MatchingSettingsRow validated(SettingsView r, String tenantId) {
        if (r == null) {
            throw ProblemException.badRequest("body", "the settings are required");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        ratio(errors, "autoMatchThreshold", r.autoMatchThreshold(), "0.5", "1");
        ratio(errors, "suggestThreshold", r.suggestThreshold(), "0", "1");
        ratio(errors, "ambiguityMargin", r.ambiguityMargin(), "0", "0.5");
        ratio(errors, "feeToleranceAbsolute", r.feeToleranceAbsolute(), "0", "1000000");
        ratio(errors, "feeToleranceRelative", r.feeToleranceRelative(), "0", "0.5");
        ratio(errors, "discountTolerance", r.discountTolerance(), "0", "0.2");
        ratio(errors, "overpaymentToleranceAbsolute", r.overpaymentToleranceAbsolute(), "0", "1000000");
        ratio(errors, "overpaymentToleranceRelative", r.overpaymentToleranceRelative(), "0", "0.2");
        ratio(errors, "nameSimilarityThreshold", r.nameSimilarityThreshold(), "0.5", "1");
        BigDecimal fx = r.fxTolerance() == null ? MatchingSettings.DEFAULT_FX_TOLERANCE : r.fxTolerance();
        ratio(errors, "fxTolerance", fx, "0", MatchingSettings.MAX_FX_TOLERANCE.toPlainString());
        if (r.maxDaysBeforeIssue() == null || r.maxDaysBeforeIssue() < 0 || r.maxDaysBeforeIssue() > 365) {
            errors.add(new Problem.FieldError("maxDaysBeforeIssue", "is required, between 0 and 365"));
        }
        if (errors.isEmpty() && r.suggestThreshold().compareTo(r.autoMatchThreshold()) > 0) {
            errors.add(new Problem.FieldError("suggestThreshold", "must not be above autoMatchThreshold"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    400,
                    "validation",
                    "Invalid request",
                    errors.stream()
                            .map(e -> e.field() + ": " + e.message())
                            .reduce((a, b) -> a + "; " + b)
                            .orElse(""),
                    errors);
        }
        return new MatchingSettingsRow(
                        tenantId,
                        r.autoMatchThreshold(),
                        r.suggestThreshold(),
                        r.ambiguityMargin(),
                        r.feeToleranceAbsolute(),
                        r.feeToleranceRelative(),
                        r.discountTolerance(),
                        r.overpaymentToleranceAbsolute(),
                        r.overpaymentToleranceRelative(),
                        r.nameSimilarityThreshold(),
                        r.maxDaysBeforeIssue(),
                        fx)
                .calibrated(Boolean.TRUE.equals(r.calibrationEnabled()));
    }

    private static void ratio(List<Problem.FieldError> errors, String field, BigDecimal v, String min, String max) {
        if (v == null) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else if (v.compareTo(new BigDecimal(min)) < 0 || v.compareTo(new BigDecimal(max)) > 0) {
            errors.add(new Problem.FieldError(field, "must be between " + min + " and " + max));
        } else if (v.stripTrailingZeros().scale() > 4) {
            errors.add(new Problem.FieldError(field, "at most 4 decimals"));
        }
    }

    private static BigDecimal strip(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
