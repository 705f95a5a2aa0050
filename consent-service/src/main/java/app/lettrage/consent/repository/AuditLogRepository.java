package app.lettrage.consent.repository;

import app.lettrage.consent.AuditAction;
import app.lettrage.consent.AuditEntry;
import app.lettrage.consent.Consent;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class AuditLogRepository implements PanacheRepositoryBase<AuditEntry, Long> {

    /** A consent's history, oldest first. */
    public Uni<List<AuditEntry>> forConsent(String tenantId, UUID consentId) {
        return list("tenantId = ?1 and consentId = ?2", Sort.ascending("id"), tenantId, consentId);
    }

    /** Appends what happened to the consent, by whom and when, in the caller's transaction. */
    public Uni<AuditEntry> record(Consent c, String actor, AuditAction action, Instant at, String detail) {
        AuditEntry e = new AuditEntry();
        e.consentId = c.id;
        e.tenantId = c.tenantId;
        e.actor = actor;
        e.action = action;
        e.at = at;
        e.detail = detail;
        return persist(e);
    }
}
