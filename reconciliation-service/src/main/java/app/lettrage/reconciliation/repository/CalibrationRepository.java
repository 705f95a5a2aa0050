package app.lettrage.reconciliation.repository;

import app.lettrage.reconciliation.CalibrationBand;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The tenant's outcome counts per confidence band ({@code calibration_band}). Runs in the caller's session. */
@ApplicationScoped
public class CalibrationRepository {

    /** What an outcome counts as; the column it increments. */
    public enum Outcome {
        CONFIRMED("confirmed"),
        REJECTED("rejected"),
        AUTO_MATCHED("auto_matched"),
        AUTO_UNDONE("auto_undone");

        private final String column;

        Outcome(String column) {
            this.column = column;
        }
    }

    /** Counts one outcome in its band (the column name comes from the enum, never from input). */
    public Uni<Void> count(String tenantId, int band, Outcome outcome) {
        String c = outcome.column;
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("INSERT INTO calibration_band (tenant_id, band, " + c
                                + ") VALUES (?1, ?2, 1) ON CONFLICT (tenant_id, band) DO UPDATE SET " + c
                                + " = calibration_band." + c + " + 1")
                        .setParameter(1, tenantId)
                        .setParameter(2, (short) band)
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** The tenant's bands that have outcomes (at most 101). */
    public Uni<List<CalibrationBand>> bands(String tenantId) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery(
                                "SELECT band, confirmed, rejected, auto_matched, auto_undone FROM calibration_band "
                                        + "WHERE tenant_id = ?1 ORDER BY band",
                                Object[].class)
                        .setParameter(1, tenantId)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new CalibrationBand(
                                ((Number) r[0]).intValue(),
                                ((Number) r[1]).longValue(),
                                ((Number) r[2]).longValue(),
                                ((Number) r[3]).longValue(),
                                ((Number) r[4]).longValue()))
                        .toList());
    }
}
