package app.lettrage.consent.repository;

import app.lettrage.consent.Consent;
import app.lettrage.consent.ConsentStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every query names the tenant: another tenant's consent is simply not found. */
@ApplicationScoped
@WithSession
public class ConsentRepository implements PanacheRepositoryBase<Consent, UUID> {

    public Uni<Consent> findForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** The consent with a row lock held until the transaction ends, so concurrent changes take turns. */
    public Uni<Consent> lockForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** The consent whose authorisation state has this hash, locked (the state is then consumed). */
    public Uni<Consent> lockByStateHash(String stateHash) {
        return find("stateHash", stateHash)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** Active consents ending on or before {@code until} (the expiry job's work), locked, oldest end first. */
    public Uni<List<Consent>> endingBy(LocalDate until, int max) {
        return find(
                        "status in (?1, ?2) and validUntil <= ?3",
                        Sort.ascending("validUntil").and("id"),
                        ConsentStatus.ACTIVE,
                        ConsentStatus.EXPIRING,
                        until)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .page(Page.ofSize(max))
                .list();
    }

    /**
     * How many consents of all tenants are still in force and end on or before {@code until}: those a person must renew
     * soon (ops' gauge, not a tenant's view).
     */
    public Uni<Long> countInForceEndingBy(LocalDate until) {
        return count("status in (?1, ?2) and validUntil <= ?3", ConsentStatus.ACTIVE, ConsentStatus.EXPIRING, until);
    }

    public Uni<List<Consent>> list(String tenantId, ConsentStatus status, int page, int size) {
        String q = "tenantId = :tenant";
        Map<String, Object> p = new HashMap<>();
        p.put("tenant", tenantId);
        if (status != null) {
            q += " and status = :status";
            p.put("status", status);
        }
        return find(q, Sort.descending("createdAt").and("id"), p)
                .page(Page.of(page, size))
                .list();
    }
}
