package app.lettrage.consent.service;

import app.lettrage.consent.AuditEntry;
import app.lettrage.consent.Consent;
import app.lettrage.consent.ConsentStatus;
import app.lettrage.consent.repository.AuditLogRepository;
import app.lettrage.consent.repository.ConsentRepository;
import app.lettrage.consent.repository.LinkedAccountRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** What a person may read of the tenant's consents; another tenant's consent is not found (null). */
@ApplicationScoped
public class ConsentQueries {

    private final ConsentRepository consents;
    private final LinkedAccountRepository accounts;
    private final AuditLogRepository audit;

    public ConsentQueries(ConsentRepository consents, LinkedAccountRepository accounts, AuditLogRepository audit) {
        this.consents = consents;
        this.accounts = accounts;
        this.audit = audit;
    }

    /** The consent with its accounts; null when the tenant has no such consent. */
    @WithTransaction
    public Uni<ConsentDetails> get(String tenantId, UUID id) {
        return consents.findForTenant(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(c -> accounts.forConsent(c.id).map(linked -> new ConsentDetails(c, linked)));
    }

    /** A page of the tenant's consents, newest first, optionally in one status. */
    @WithTransaction
    public Uni<List<Consent>> list(String tenantId, ConsentStatus status, int page, int size) {
        return consents.list(tenantId, status, page, size);
    }

    /** The consent's audit trail, oldest first; null when the tenant has no such consent. */
    @WithTransaction
    public Uni<List<AuditEntry>> audit(String tenantId, UUID id) {
        return consents.findForTenant(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(c -> audit.forConsent(tenantId, c.id));
    }
}
