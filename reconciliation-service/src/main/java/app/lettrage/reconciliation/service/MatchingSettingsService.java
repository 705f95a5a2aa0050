package app.lettrage.reconciliation.service;

import app.lettrage.matching.MatchingSettings;
import app.lettrage.reconciliation.MatchingSettingsRow;
import app.lettrage.reconciliation.ThresholdCalibration;
import app.lettrage.reconciliation.ThresholdCalibration.Calibrated;
import app.lettrage.reconciliation.repository.CalibrationRepository;
import app.lettrage.reconciliation.repository.MatchingSettingsRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;

/**
 * A tenant's matching settings: what an admin saved, or the engine's defaults; with calibration on, the auto-match
 * threshold is the calibrated one ({@link ThresholdCalibration}) and nothing else changes.
 */
@ApplicationScoped
public class MatchingSettingsService {

    private final MatchingSettingsRepository rows;
    private final CalibrationRepository calibration;
    private final Clock clock;

    public MatchingSettingsService(MatchingSettingsRepository rows, CalibrationRepository calibration, Clock clock) {
        this.rows = rows;
        this.calibration = calibration;
        this.clock = clock;
    }

    /** The tenant's saved settings; null while it has none. */
    @WithTransaction
    public Uni<MatchingSettingsRow> saved(String tenantId) {
        return rows.findById(tenantId);
    }

    /** The saved settings (null while none) and what the calibration rule makes of the tenant's outcomes. */
    public record Current(MatchingSettingsRow row, Calibrated calibration) {}

    @WithTransaction
    public Uni<Current> current(String tenantId) {
        return rows.findById(tenantId).flatMap(row -> calibrated(tenantId, row).map(c -> new Current(row, c)));
    }

    /** Replaces the tenant's settings ({@code values} are validated and carry the tenant). */
    @WithTransaction
    public Uni<MatchingSettingsRow> save(MatchingSettingsRow values, String by) {
        values.savedBy(by, clock.instant());
        return rows.save(values);
    }

    /** The settings the engine decides the tenant's transactions with, in the caller's transaction. */
    Uni<MatchingSettings> of(String tenantId) {
        return rows.findById(tenantId)
                .flatMap(row -> row == null ? Uni.createFrom().item(MatchingSettings.defaults()) : effective(row));
    }

    /** The engine's settings for {@code row} (saved or proposed): its threshold calibrated when calibration is on. */
    Uni<MatchingSettings> effective(MatchingSettingsRow row) {
        MatchingSettings s = row.toSettings();
        if (!row.calibrationEnabled()) {
            return Uni.createFrom().item(s);
        }
        return calibrated(row.tenantId(), row)
                .map(c -> s.withAutoMatchThreshold(c.threshold().doubleValue()));
    }

    /** What the rule makes of the tenant's outcomes under {@code row} (the defaults when null), on or off. */
    Uni<Calibrated> calibrated(String tenantId, MatchingSettingsRow row) {
        MatchingSettings d = MatchingSettings.defaults();
        BigDecimal configured = row == null ? BigDecimal.valueOf(d.autoMatchThreshold()) : row.autoMatchThreshold();
        BigDecimal suggest = row == null ? BigDecimal.valueOf(d.suggestThreshold()) : row.suggestThreshold();
        BigDecimal margin = row == null ? BigDecimal.valueOf(d.ambiguityMargin()) : row.ambiguityMargin();
        return calibration
                .bands(tenantId)
                .map(bands -> ThresholdCalibration.calibrate(configured, suggest, margin, bands));
    }

    /** The lowest threshold calibration could give the tenant under {@code s}: suggestions below it never count. */
    static double floor(MatchingSettings s) {
        return ThresholdCalibration.floor(
                        BigDecimal.valueOf(s.suggestThreshold()), BigDecimal.valueOf(s.ambiguityMargin()))
                .doubleValue();
    }
}
