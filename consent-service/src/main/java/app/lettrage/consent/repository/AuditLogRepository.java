package app.lettrage.consent.repository;

import app.lettrage.consent.AuditEntry;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class AuditLogRepository implements PanacheRepositoryBase<AuditEntry, Long> {

    /** A consent's history, oldest first. */
    public Uni<List<AuditEntry>> forConsent(String tenantId, UUID consentId) {
        return list("tenantId = ?1 and consentId = ?2", Sort.ascending("id"), tenantId, consentId);
    }
}
