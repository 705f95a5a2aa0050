package app.lettrage.banksync.sync;

import app.lettrage.banksync.BankAccount;
import app.lettrage.banksync.BankTransaction;
import app.lettrage.banksync.repository.BankAccountRepository;
import app.lettrage.banksync.repository.BankTransactionRepository;
import app.lettrage.banksync.service.DedupKeys;
import app.lettrage.banksync.service.IncomingTransaction;
import app.lettrage.banksync.service.TransactionImportService;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.events.TransactionImported.Source;
import app.lettrage.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A sync read booked transactions that replace pending ones: each is stored naming the pending one it supersedes
 * (same provider id, else same amount within a few days with the same text). Every other transaction of the sync goes
 * through the ordinary import path.
 */
@ApplicationScoped
public class SupersedePending {

    private final BankAccountRepository bankAccounts;
    private final BankTransactionRepository transactions;
    private final Outbox outbox;
    private final SyncConfig config;
    private final Clock clock;

    public SupersedePending(
            BankAccountRepository bankAccounts,
            BankTransactionRepository transactions,
            Outbox outbox,
            SyncConfig config,
            Clock clock) {
        this.bankAccounts = bankAccounts;
        this.transactions = transactions;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Writes the booked transactions that replace a stored pending one (not yet superseded, and no longer listed as
     * pending), each naming it; returns how many. Runs under the account's lock, so a concurrent sync takes turns.
     */
    public Uni<Integer> supersede(String tenantId, UUID accountId, List<DedupKeys.Keyed> keyed) {
        List<DedupKeys.Keyed> booked = keyed.stream()
                .filter(k -> k.transaction().status() == BookingStatus.BOOKED)
                .toList();
        Set<String> stillPending = new HashSet<>();
        keyed.stream()
                .filter(k -> k.transaction().status() == BookingStatus.PENDING)
                .forEach(k -> stillPending.add(k.dedupKey()));
        if (booked.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.withTransaction(() -> bankAccounts
                .lockForTenant(tenantId, accountId)
                .flatMap(account -> transactions
                        .existingDedupKeys(
                                tenantId,
                                accountId,
                                booked.stream().map(DedupKeys.Keyed::dedupKey).toList())
                        .flatMap(existing -> transactions
                                .list(
                                        "tenantId = ?1 and accountId = ?2 and status = ?3 and id not in "
                                                + "(select t.supersedesTransactionId from BankTransaction t where t.accountId = ?2 "
                                                + "and t.supersedesTransactionId is not null)",
                                        tenantId,
                                        accountId,
                                        BookingStatus.PENDING)
                                .flatMap(pendings -> {
                                    List<BankTransaction> open = new ArrayList<>(pendings.stream()
                                            .filter(p -> !stillPending.contains(p.dedupKey))
                                            .toList());
                                    List<BankTransaction> fresh = new ArrayList<>();
                                    Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
                                    for (DedupKeys.Keyed k : booked) {
                                        if (existing.contains(k.dedupKey())) {
                                            continue;
                                        }
                                        BankTransaction predecessor = predecessor(open, k.transaction());
                                        if (predecessor != null) {
                                            open.remove(predecessor);
                                            fresh.add(entity(account, k, now, predecessor.id));
                                        }
                                    }
                                    if (fresh.isEmpty()) {
                                        return Uni.createFrom().item(0);
                                    }
                                    return transactions
                                            .persist(fresh)
                                            .flatMap(x -> Multi.createFrom()
                                                    .iterable(fresh)
                                                    .onItem()
                                                    .transformToUniAndConcatenate(t ->
                                                            outbox.append("BankTransaction", t.imported(account.iban)))
                                                    .collect()
                                                    .asList())
                                            .replaceWith(fresh.size());
                                }))));
    }

    /** The pending transaction a booked one replaces: the same provider id, else same amount, close dates, same text. */
    BankTransaction predecessor(List<BankTransaction> open, IncomingTransaction booked) {
        if (booked.bankReference() != null) {
            for (BankTransaction p : open) {
                if (booked.bankReference().equals(p.bankReference)) {
                    return p;
                }
            }
        }
        BankTransaction best = null;
        long bestGap = Long.MAX_VALUE;
        for (BankTransaction p : open) {
            if (p.amount.compareTo(booked.amount()) != 0 || !p.currency.equals(booked.currency())) {
                continue;
            }
            LocalDate pDay = p.valueDate != null ? p.valueDate : p.bookingDate;
            long gap = Math.abs(ChronoUnit.DAYS.between(pDay, booked.bookingDate()));
            if (gap > config.pendingMatchDays() || !sameText(p, booked)) {
                continue;
            }
            if (gap < bestGap) {
                best = p;
                bestGap = gap;
            }
        }
        return best;
    }

    private static boolean sameText(BankTransaction p, IncomingTransaction b) {
        String a = norm(p.remittanceInformation);
        String c = norm(b.remittanceInformation());
        if (a != null && c != null) {
            return a.equals(c);
        }
        return Objects.equals(norm(p.counterpartyName), norm(b.counterpartyName()));
    }

    private static String norm(String s) {
        return s == null || s.isBlank()
                ? null
                : s.replaceAll("\\s+", " ").trim().toUpperCase(Locale.ROOT);
    }

    private static BankTransaction entity(BankAccount account, DedupKeys.Keyed k, Instant now, UUID supersedes) {
        BankTransaction t = TransactionImportService.entity(account, Source.OPEN_BANKING, k, now);
        t.providerTransactionId = k.transaction().bankReference();
        t.supersedesTransactionId = supersedes;
        return t;
    }
}
