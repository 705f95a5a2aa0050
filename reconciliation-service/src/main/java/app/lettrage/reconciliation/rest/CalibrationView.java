package app.lettrage.reconciliation.rest;

import app.lettrage.reconciliation.ThresholdCalibration.Calibrated;
import java.math.BigDecimal;

/**
 * The tenant's calibration of the auto-match threshold (docs/reconciliation.md, "Calibration").
 *
 * @param configuredThreshold the threshold an admin set (or the default)
 * @param calibratedThreshold what the rule makes of the tenant's outcomes, whether calibration is on or not
 * @param effectiveThreshold what the engine decides with: the calibrated one when on, the configured one when off
 * @param floor the lowest the calibrated threshold goes
 * @param suggestionsConfirmed suggestions short of the threshold alone that a person confirmed as proposed
 * @param suggestionsRejected ... that a person rejected, confirmed on another candidate or matched to other invoices
 * @param autoMatches automatic matches counted
 * @param autoMatchesUndone automatic matches a person undid
 * @param reason why the calibrated threshold is where it is
 */
public record CalibrationView(
        boolean enabled,
        BigDecimal configuredThreshold,
        BigDecimal calibratedThreshold,
        BigDecimal effectiveThreshold,
        BigDecimal floor,
        long suggestionsConfirmed,
        long suggestionsRejected,
        long autoMatches,
        long autoMatchesUndone,
        String reason) {

    static CalibrationView of(boolean enabled, Calibrated c) {
        return new CalibrationView(
                enabled,
                strip(c.configured()),
                strip(c.threshold()),
                strip(enabled ? c.threshold() : c.configured()),
                strip(c.floor()),
                c.confirmed(),
                c.rejected(),
                c.autoMatched(),
                c.autoUndone(),
                c.reason());
    }

    private static BigDecimal strip(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
