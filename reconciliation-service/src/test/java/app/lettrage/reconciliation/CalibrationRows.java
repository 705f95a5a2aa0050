package app.lettrage.reconciliation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** Seeds and clears a tenant's calibration counts, and fingerprints what the service has written, for tests. */
final class CalibrationRows {

    private CalibrationRows() {}

    static void clear(String tenantId) {
        run(() -> Panache.getSession()
                .flatMap(s -> s.createNativeQuery("DELETE FROM calibration_band WHERE tenant_id = ?1")
                        .setParameter(1, tenantId)
                        .executeUpdate()));
    }

    /** Adds to the counts of bands {@code from..to} (each band the same counts). */
    static void seed(String tenantId, int from, int to, long confirmed, long rejected, long auto, long undone) {
        run(() -> Panache.getSession()
                .flatMap(s -> s.createNativeQuery(
                                "INSERT INTO calibration_band (tenant_id, band, confirmed, rejected, auto_matched, auto_undone) "
                                        + "SELECT ?1, b, CAST(?4 AS bigint), CAST(?5 AS bigint), CAST(?6 AS bigint), CAST(?7 AS bigint) "
                                        + "FROM generate_series(CAST(?2 AS int), CAST(?3 AS int)) b "
                                        + "ON CONFLICT (tenant_id, band) DO UPDATE SET "
                                        + "confirmed = calibration_band.confirmed + excluded.confirmed, "
                                        + "rejected = calibration_band.rejected + excluded.rejected, "
                                        + "auto_matched = calibration_band.auto_matched + excluded.auto_matched, "
                                        + "auto_undone = calibration_band.auto_undone + excluded.auto_undone")
                        .setParameter(1, tenantId)
                        .setParameter(2, from)
                        .setParameter(3, to)
                        .setParameter(4, confirmed)
                        .setParameter(5, rejected)
                        .setParameter(6, auto)
                        .setParameter(7, undone)
                        .executeUpdate()));
    }

    /**
     * Everything a dry-run must not change: the outbox, matches, allocations, rejections, learned payers, amounts due,
     * transactions' decisions, calibration counts and book versions.
     */
    static String fingerprint() {
        return run(() -> Panache.getSession()
                .flatMap(s -> s.createNativeQuery(
                                "SELECT concat_ws('/', (SELECT count(*) FROM outbox_event), "
                                        + "(SELECT count(*) FROM payment_match), "
                                        + "(SELECT count(*) FROM payment_match WHERE undone_at IS NOT NULL), "
                                        + "(SELECT count(*) FROM match_allocation), "
                                        + "(SELECT count(*) FROM rejected_candidate), "
                                        + "(SELECT count(*) FROM learned_payer), "
                                        + "(SELECT coalesce(sum(amount_due), 0) FROM open_item), "
                                        + "(SELECT md5(string_agg(transaction_id || state || coalesce(decided_at::text, '')"
                                        + " || coalesce(confidence::text, '') || coalesce(engine_status, ''), ',' "
                                        + "ORDER BY transaction_id)) FROM bank_transaction), "
                                        + "(SELECT md5(coalesce(string_agg(tenant_id || band || ':' || confirmed || ':' "
                                        + "|| rejected || ':' || auto_matched || ':' || auto_undone, ',' "
                                        + "ORDER BY tenant_id, band), '')) FROM calibration_band), "
                                        + "(SELECT coalesce(sum(version), 0) FROM book_version))",
                                String.class)
                        .getSingleResult()));
    }

    private static <T> T run(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(work::get));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
