package app.lettrage.reconciliation.service;

import app.lettrage.matching.MatchingSettings;
import app.lettrage.reconciliation.MatchingSettingsRow;
import app.lettrage.reconciliation.repository.MatchingSettingsRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/** A tenant's matching settings: what an admin saved, or the engine's defaults. */
@ApplicationScoped
public class MatchingSettingsService {

    private final MatchingSettingsRepository rows;
    private final Clock clock;

    public MatchingSettingsService(MatchingSettingsRepository rows, Clock clock) {
        this.rows = rows;
        this.clock = clock;
    }

    /** The tenant's saved settings; null while it has none. */
    @WithTransaction
    public Uni<MatchingSettingsRow> saved(String tenantId) {
        return rows.findById(tenantId);
    }

    /** Replaces the tenant's settings ({@code values} are validated and carry the tenant). */
    @WithTransaction
    public Uni<MatchingSettingsRow> save(MatchingSettingsRow values, String by) {
        values.savedBy(by, clock.instant());
        return rows.save(values);
    }

    /** The settings the engine decides the tenant's transactions with, in the caller's transaction. */
    Uni<MatchingSettings> of(String tenantId) {
        return rows.findById(tenantId).map(row -> row == null ? MatchingSettings.defaults() : row.toSettings());
    }
}
