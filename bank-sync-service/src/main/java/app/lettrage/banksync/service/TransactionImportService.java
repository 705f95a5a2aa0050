package app.lettrage.banksync.service;

import app.lettrage.banksync.BankAccount;
import app.lettrage.banksync.BankTransaction;
import app.lettrage.banksync.repository.BankAccountRepository;
import app.lettrage.banksync.repository.BankTransactionRepository;
import app.lettrage.events.TransactionImported.Source;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Imports transactions into an account: each new one is stored and its TransactionImported appended to the outbox,
 * all in one database transaction; one already there (same dedup key) is skipped. Imports into one account take
 * turns (row lock on the account), so two concurrent imports of the same data store it once.
 */
@ApplicationScoped
public class TransactionImportService {

    static final String AGGREGATE = "BankTransaction";

    private final BankAccountRepository accounts;
    private final BankTransactionRepository transactions;
    private final Outbox outbox;
    private final Counter importedNew;
    private final Counter importedDuplicate;

    public TransactionImportService(
            BankAccountRepository accounts,
            BankTransactionRepository transactions,
            Outbox outbox,
            MeterRegistry metrics) {
        this.accounts = accounts;
        this.transactions = transactions;
        this.outbox = outbox;
        this.importedNew = Counter.builder("lettrage.transactions.imported")
                .tag("outcome", "new")
                .description("bank transactions imported")
                .register(metrics);
        this.importedDuplicate = Counter.builder("lettrage.transactions.imported")
                .tag("outcome", "duplicate")
                .description("bank transactions imported")
                .register(metrics);
    }

    /** What one import did: the new transactions, in import order, and how many were already there. */
    public record Result(List<BankTransaction> imported, int duplicates) {}

    /**
     * Imports the (already validated) transactions of one import; fails with a 404 problem when the account is not
     * the tenant's. Counted in {@code lettrage.transactions.imported} once committed.
     */
    public Uni<Result> importTransactions(
            String tenantId, UUID accountId, Source source, List<IncomingTransaction> incoming) {
        return importKeyed(tenantId, accountId, source, DedupKeys.assign(accountId, incoming));
    }

    /**
     * Imports transactions whose dedup keys were already assigned (over a whole statement file, imported in chunks),
     * in one database transaction.
     */
    public Uni<Result> importKeyed(String tenantId, UUID accountId, Source source, List<DedupKeys.Keyed> keyed) {
        return Panache.withTransaction(() -> importInTransaction(tenantId, accountId, source, keyed))
                .invoke(r -> {
                    importedNew.increment(r.imported().size());
                    importedDuplicate.increment(r.duplicates());
                });
    }

    private Uni<Result> importInTransaction(
            String tenantId, UUID accountId, Source source, List<DedupKeys.Keyed> keyed) {
        return accounts.lockForTenant(tenantId, accountId).flatMap(account -> {
            if (account == null) {
                return Uni.createFrom().failure(ProblemException.notFound("account", accountId.toString()));
            }
            Set<String> keys = new HashSet<>();
            keyed.forEach(k -> keys.add(k.dedupKey()));
            return transactions.existingDedupKeys(tenantId, accountId, keys).flatMap(existing -> {
                Set<String> seen = new HashSet<>(existing);
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL stores it
                List<BankTransaction> fresh = new ArrayList<>();
                for (DedupKeys.Keyed k : keyed) {
                    if (seen.add(k.dedupKey())) {
                        fresh.add(entity(account, source, k, now));
                    }
                }
                int duplicates = keyed.size() - fresh.size();
                if (fresh.isEmpty()) {
                    return Uni.createFrom().item(new Result(List.of(), duplicates));
                }
                return transactions
                        .persist(fresh)
                        .flatMap(x -> Multi.createFrom()
                                .iterable(fresh)
                                .onItem()
                                .transformToUniAndConcatenate(t -> outbox.append(AGGREGATE, t.imported(account.iban)))
                                .collect()
                                .asList())
                        .replaceWith(new Result(List.copyOf(fresh), duplicates));
            });
        });
    }

    @WithTransaction
    public Uni<List<BankTransaction>> list(
            String tenantId, UUID accountId, LocalDate bookedFrom, LocalDate bookedTo, int page, int size) {
        return accounts.findForTenant(tenantId, accountId)
                .flatMap(account -> account == null
                        ? Uni.createFrom().failure(ProblemException.notFound("account", accountId.toString()))
                        : transactions.list(tenantId, accountId, bookedFrom, bookedTo, page, size));
    }

    /** The row of a new transaction of {@code account}, keyed for dedup; shared by every import path. */
    public static BankTransaction entity(BankAccount account, Source source, DedupKeys.Keyed k, Instant now) {
        return entity(account.tenantId, account.id, source, k, now);
    }

    /** The row of a new transaction of the tenant's account {@code accountId}, keyed for dedup. */
    public static BankTransaction entity(
            String tenantId, UUID accountId, Source source, DedupKeys.Keyed k, Instant now) {
        IncomingTransaction in = k.transaction();
        BankTransaction t = new BankTransaction();
        t.id = UUID.randomUUID();
        t.tenantId = tenantId;
        t.accountId = accountId;
        t.source = source;
        t.status = in.status();
        t.amount = in.amount();
        t.currency = in.currency();
        t.bookingDate = in.bookingDate();
        t.valueDate = in.valueDate();
        t.counterpartyName = in.counterpartyName();
        t.counterpartyIban = in.counterpartyIban();
        t.counterpartyBic = in.counterpartyBic();
        t.remittanceInformation = in.remittanceInformation();
        t.structuredReference = in.structuredReference();
        t.structuredReferenceType = in.structuredReferenceType();
        t.endToEndId = in.endToEndId();
        t.bankTransactionCode = in.bankTransactionCode();
        t.bankReference = in.bankReference();
        t.reversal = in.reversal();
        t.returnReason = in.returnReason();
        t.foreignExchange(in.fx());
        t.fingerprint = k.fingerprint();
        t.occurrence = k.occurrence();
        t.dedupKey = k.dedupKey();
        t.importedAt = now;
        return t;
    }
}
