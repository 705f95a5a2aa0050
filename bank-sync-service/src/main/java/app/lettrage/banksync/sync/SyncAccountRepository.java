package app.lettrage.banksync.sync;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
@WithSession
public class SyncAccountRepository implements PanacheRepositoryBase<SyncAccount, UUID> {

    public Uni<SyncAccount> findForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    public Uni<SyncAccount> lockForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    public Uni<SyncAccount> findByBankAccount(String tenantId, UUID bankAccountId) {
        return find("tenantId = ?1 and bankAccountId = ?2", tenantId, bankAccountId)
                .firstResult();
    }

    public Uni<List<SyncAccount>> forConsent(String tenantId, UUID consentId) {
        return list("tenantId = ?1 and consentId = ?2", tenantId, consentId);
    }

    public Uni<List<SyncAccount>> listForTenant(String tenantId) {
        return list("tenantId", Sort.ascending("iban"), tenantId);
    }

    /**
     * How many accounts of all tenants are in each {@link SyncAccount.Health} at {@code now} (ops' gauge, not a
     * tenant's view): the rule of {@link SyncAccount#health} in one grouped count, not a row per account in memory.
     */
    public Uni<Map<String, Long>> countByHealth(Instant now) {
        return getSession()
                .flatMap(session -> session.createNativeQuery(
                                "SELECT CASE WHEN status <> 'ACTIVE' THEN status"
                                        + " WHEN back_off_until > :now THEN 'RATE_LIMITED'"
                                        + " WHEN last_error_at IS NOT NULL THEN 'FAILING' ELSE 'OK' END AS health,"
                                        + " count(*) FROM sync_account GROUP BY 1",
                                Object[].class)
                        .setParameter("now", now)
                        .getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    /** Active accounts not attempted since {@code before} and not backing off (the scheduler's work). */
    public Uni<List<SyncAccount>> due(Instant before, Instant now, int max) {
        return find(
                        "status = ?1 and (lastAttemptAt is null or lastAttemptAt <= ?2) and (backOffUntil is null or backOffUntil <= ?3)",
                        Sort.ascending("lastAttemptAt").and("id"),
                        SyncAccount.Status.ACTIVE,
                        before,
                        now)
                .page(0, max)
                .list();
    }
}
