package app.lettrage.reconciliation.repository;

import app.lettrage.reconciliation.MatchingSettingsRow;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class MatchingSettingsRepository implements PanacheRepositoryBase<MatchingSettingsRow, String> {

    /** Stores the tenant's settings, replacing the ones it had. */
    public Uni<MatchingSettingsRow> save(MatchingSettingsRow values) {
        return getSession()
                .flatMap(s -> s.find(MatchingSettingsRow.class, values.tenantId())
                        .flatMap(row -> row == null ? s.persist(values).replaceWith(values) : s.merge(values)));
    }
}
