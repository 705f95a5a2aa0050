package app.lettrage.banksync.service;

import app.lettrage.banksync.BankAccount;
import app.lettrage.banksync.repository.BankAccountRepository;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AccountService {

    private final BankAccountRepository accounts;

    public AccountService(BankAccountRepository accounts) {
        this.accounts = accounts;
    }

    /** A new account of the tenant; its IBAN (already normalised and checked) must not be the tenant's yet (409). */
    @WithTransaction
    public Uni<BankAccount> create(String tenantId, String iban, String currency, String name) {
        return accounts.findByIban(tenantId, iban).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(accountExists(iban, existing.id));
            }
            BankAccount a = new BankAccount();
            a.id = UUID.randomUUID();
            a.tenantId = tenantId;
            a.iban = iban;
            a.currency = currency;
            a.name = name;
            a.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return accounts.persist(a);
        });
    }

    @WithTransaction
    public Uni<BankAccount> get(String tenantId, UUID id) {
        return accounts.findForTenant(tenantId, id);
    }

    /** The tenant's account, or a 404 problem. */
    @WithTransaction
    public Uni<BankAccount> require(String tenantId, UUID id) {
        return accounts.findForTenant(tenantId, id)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("account", id.toString()));
    }

    @WithTransaction
    public Uni<List<BankAccount>> list(String tenantId) {
        return accounts.listForTenant(tenantId);
    }

    public static ProblemException accountExists(String iban, UUID existingId) {
        return ProblemException.conflict(
                "account-exists",
                "the tenant already has an account with IBAN " + iban + (existingId == null ? "" : ": " + existingId));
    }
}
