package app.lettrage.reconciliation.service;

import app.lettrage.events.MatchDecision;
import app.lettrage.reconciliation.PaymentMatch;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.ThresholdCalibration.Calibrated;
import app.lettrage.reconciliation.repository.CalibrationRepository;
import app.lettrage.reconciliation.repository.CalibrationRepository.Outcome;
import app.lettrage.reconciliation.repository.MatchingSettingsRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;

/**
 * Counts what people made of the engine's decisions, per confidence band, in the caller's transaction: a suggestion
 * short of the threshold confirmed as proposed or not, an automatic match made or undone by a person. When the count
 * moves the tenant's calibrated threshold (calibration on), it says so in the log and in
 * {@code lettrage.reconciliation.calibration.moves}.
 */
@ApplicationScoped
public class CalibrationOutcomes {

    private final CalibrationRepository bands;
    private final MatchingSettingsRepository rows;
    private final MatchingSettingsService settings;
    private final MeterRegistry metrics;

    public CalibrationOutcomes(
            CalibrationRepository bands,
            MatchingSettingsRepository rows,
            MatchingSettingsService settings,
            MeterRegistry metrics) {
        this.bands = bands;
        this.rows = rows;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * A person decided a suggestion of {@code tx} (read before the decision changed it): {@code asProposed} when the
     * top candidate's invoices are what they settled. Only suggestions that fell short of the threshold alone count.
     */
    public Uni<Void> suggestionDecided(ReconTransaction tx, boolean asProposed) {
        if (!tx.autoEligible() || tx.confidence() == null) {
            return Uni.createFrom().voidItem();
        }
        return count(tx.tenantId(), tx.confidence(), asProposed ? Outcome.CONFIRMED : Outcome.REJECTED);
    }

    /** The engine settled a transaction at {@code confidence}. */
    public Uni<Void> autoMatched(String tenantId, double confidence) {
        return count(tenantId, BigDecimal.valueOf(confidence), Outcome.AUTO_MATCHED);
    }

    /** A person undid match {@code m}; counts only if the engine had made it. */
    public Uni<Void> undoneByPerson(PaymentMatch m) {
        if (m.decidedBy() != MatchDecision.AUTO) {
            return Uni.createFrom().voidItem();
        }
        return count(m.tenantId(), m.confidence(), Outcome.AUTO_UNDONE);
    }

    /** Whether the top candidate's invoices are exactly {@code settled}. */
    public static boolean asProposed(ReconTransaction tx, List<String> settled) {
        return !tx.candidates().isEmpty()
                && Set.copyOf(tx.candidates().get(0).invoiceIds()).equals(Set.copyOf(settled));
    }

    static int band(BigDecimal confidence) {
        return confidence
                .movePointRight(2)
                .setScale(0, RoundingMode.FLOOR)
                .max(BigDecimal.ZERO)
                .min(BigDecimal.valueOf(100))
                .intValue();
    }

    private Uni<Void> count(String tenantId, BigDecimal confidence, Outcome outcome) {
        return rows.findById(tenantId).flatMap(row -> {
            if (row == null || !row.calibrationEnabled()) {
                return bands.count(tenantId, band(confidence), outcome);
            }
            return settings.calibrated(tenantId, row)
                    .flatMap(before -> bands.count(tenantId, band(confidence), outcome)
                            .flatMap(x -> settings.calibrated(tenantId, row))
                            .invoke(after -> moved(tenantId, before, after)))
                    .replaceWithVoid();
        });
    }

    private void moved(String tenantId, Calibrated before, Calibrated after) {
        int cmp = after.threshold().compareTo(before.threshold());
        if (cmp == 0) {
            return;
        }
        metrics.counter("lettrage.reconciliation.calibration.moves", "direction", cmp > 0 ? "up" : "down")
                .increment();
        Log.infof(
                "calibrated auto-match threshold of tenant %s moved from %s to %s (configured %s): %s",
                tenantId,
                before.threshold().toPlainString(),
                after.threshold().toPlainString(),
                after.configured().toPlainString(),
                after.reason());
    }
}
