package app.lettrage.banksync.repository;

import app.lettrage.banksync.BankAccount;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

/** Every query names the tenant: another tenant's account is simply not found. */
@ApplicationScoped
@WithSession
public class BankAccountRepository implements PanacheRepositoryBase<BankAccount, UUID> {

    public Uni<BankAccount> findForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** The account with a row lock until the transaction ends: imports into one account take turns. */
    public Uni<BankAccount> lockForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    public Uni<BankAccount> findByIban(String tenantId, String iban) {
        return find("tenantId = ?1 and iban = ?2", tenantId, iban).firstResult();
    }

    public Uni<List<BankAccount>> listForTenant(String tenantId) {
        return list("tenantId = ?1", Sort.ascending("createdAt").and("id"), tenantId);
    }
}
