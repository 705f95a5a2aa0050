package app.lettrage.banksync.sync;

import app.lettrage.banksync.repository.BankAccountRepository;
import app.lettrage.banksync.service.AccountService;
import app.lettrage.events.ConsentGranted;
import app.lettrage.events.LinkedAccount;
import app.lettrage.identifiers.Iban;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What a consent's events do to the accounts synced through it: a grant links each account (the tenant's bank account
 * of its IBAN, created when missing) for syncing, an end stops their syncing. Runs in the consumer's transaction.
 */
@ApplicationScoped
public class ConsentAccounts {

    private final SyncAccountRepository syncAccounts;
    private final BankAccountRepository bankAccounts;
    private final AccountService accountService;
    private final Clock clock;

    public ConsentAccounts(
            SyncAccountRepository syncAccounts,
            BankAccountRepository bankAccounts,
            AccountService accountService,
            Clock clock) {
        this.syncAccounts = syncAccounts;
        this.bankAccounts = bankAccounts;
        this.accountService = accountService;
        this.clock = clock;
    }

    /** A consent was granted (or re-authorised): its accounts are synced, each the tenant's bank account of its IBAN. */
    public Uni<Void> granted(ConsentGranted e) {
        UUID consentId = UUID.fromString(e.consentId());
        return Multi.createFrom()
                .iterable(e.accounts())
                .filter(a -> a.iban() != null && Iban.isValid(a.iban()))
                .onItem()
                .transformToUniAndConcatenate(a -> link(e.tenantId(), consentId, e.validUntil(), a))
                .collect()
                .asList()
                .replaceWithVoid();
    }

    private Uni<Void> link(String tenantId, UUID consentId, LocalDate validUntil, LinkedAccount a) {
        String iban = Iban.normalize(a.iban());
        return bankAccounts
                .findByIban(tenantId, iban)
                .flatMap(existing -> existing != null
                        ? Uni.createFrom().item(existing)
                        : accountService.create(tenantId, iban, a.currency() == null ? "EUR" : a.currency(), a.name()))
                .flatMap(account -> syncAccounts
                        .findByBankAccount(tenantId, account.id)
                        .flatMap(s -> {
                            SyncAccount row = s != null ? s : SyncAccount.of(tenantId, account.id, iban);
                            row.linkTo(consentId, a.accountId(), validUntil);
                            return syncAccounts.persist(row).replaceWithVoid();
                        }));
    }

    /** The consent ended (expired or revoked): its accounts are no longer synced. */
    public Uni<Void> ended(String tenantId, UUID consentId, SyncAccount.Status status, String why) {
        return syncAccounts
                .forConsent(tenantId, consentId)
                .flatMap(list -> {
                    Instant now = clock.instant();
                    list.forEach(s -> s.consentEnded(status, why, now));
                    return syncAccounts.persist(list);
                })
                .replaceWithVoid();
    }
}
