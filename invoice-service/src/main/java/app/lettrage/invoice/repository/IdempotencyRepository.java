package app.lettrage.invoice.repository;

import app.lettrage.invoice.IdempotencyRecord;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class IdempotencyRepository implements PanacheRepositoryBase<IdempotencyRecord, IdempotencyRecord.Key> {

    public Uni<IdempotencyRecord> find(String tenantId, String key) {
        return find("tenantId = ?1 and key = ?2", tenantId, key).firstResult();
    }
}
