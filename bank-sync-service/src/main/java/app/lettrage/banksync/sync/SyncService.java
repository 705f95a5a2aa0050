package app.lettrage.banksync.sync;

import app.lettrage.banksync.BankAccount;
import app.lettrage.banksync.BankTransaction;
import app.lettrage.banksync.repository.BankAccountRepository;
import app.lettrage.banksync.repository.BankTransactionRepository;
import app.lettrage.banksync.service.AccountService;
import app.lettrage.banksync.service.DedupKeys;
import app.lettrage.banksync.service.IncomingTransaction;
import app.lettrage.banksync.service.StructuredReferences;
import app.lettrage.banksync.service.TransactionImportService;
import app.lettrage.events.ConsentGranted;
import app.lettrage.events.LinkedAccount;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.TransactionImported;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.events.TransactionImported.Source;
import app.lettrage.identifiers.Iban;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
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
import org.jboss.logging.Logger;

/**
 * Syncs the accounts of active consents. One sync of an account: reserve the call (an unattended one counts against
 * the day's budget before it is made, as the bank counts it), read through consent-service from the last booking date
 * minus the overlap window, then store. Storing reuses the import path (dedup keys, outbox) of
 * {@link TransactionImportService}; only a booked transaction that replaces a pending one is written here, because it
 * must name the pending one it supersedes (same provider id, else same amount within a few days with the same text).
 */
@ApplicationScoped
public class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class);

    /** What one sync did, or why it was not made. */
    public record Result(
            SyncAccount account, boolean called, int imported, int superseded, int duplicates, String skipped) {}

    private final SyncAccountRepository syncAccounts;
    private final BankAccountRepository bankAccounts;
    private final BankTransactionRepository transactions;
    private final AccountService accountService;
    private final TransactionImportService imports;
    private final Outbox outbox;
    private final ConsentServiceClient client;
    private final SyncConfig config;
    private final Clock clock;
    private final Vertx vertx;

    public SyncService(
            SyncAccountRepository syncAccounts,
            BankAccountRepository bankAccounts,
            BankTransactionRepository transactions,
            AccountService accountService,
            TransactionImportService imports,
            Outbox outbox,
            ConsentServiceClient client,
            SyncConfig config,
            Clock clock,
            Vertx vertx) {
        this.syncAccounts = syncAccounts;
        this.bankAccounts = bankAccounts;
        this.transactions = transactions;
        this.accountService = accountService;
        this.imports = imports;
        this.outbox = outbox;
        this.client = client;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    // ------------------------------------------------------------------------------------------ consent events

    /** A consent was granted (or re-authorised): its accounts are synced, each the tenant's bank account of its IBAN. */
    public Uni<Void> onGranted(ConsentGranted e) {
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
                            SyncAccount row = s;
                            if (row == null) {
                                row = new SyncAccount();
                                row.id = UUID.randomUUID();
                                row.tenantId = tenantId;
                                row.bankAccountId = account.id;
                                row.iban = iban;
                            }
                            row.consentId = consentId;
                            row.providerAccountId = a.accountId();
                            row.status = SyncAccount.Status.ACTIVE;
                            row.validUntil = validUntil;
                            row.backOffUntil = null;
                            return syncAccounts.persist(row).replaceWithVoid();
                        }));
    }

    /** The consent ended (expired or revoked): its accounts are no longer synced. */
    public Uni<Void> onEnded(String tenantId, UUID consentId, SyncAccount.Status status, String why) {
        return syncAccounts
                .forConsent(tenantId, consentId)
                .flatMap(list -> {
                    Instant now = clock.instant();
                    list.forEach(s -> {
                        s.status = status;
                        s.lastError = why;
                        s.lastErrorAt = now;
                    });
                    return syncAccounts.persist(list);
                })
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------------ sync

    /**
     * Syncs one account. {@code psuIp} non-null: the user asked ("sync now") and is present, the call is not
     * counted against the unattended budget. A back-off or an ended consent is answered with a 409 to a user, and
     * simply skipped for the scheduler.
     */
    public Uni<Result> sync(String tenantId, UUID syncAccountId, String psuIp) {
        boolean attended = psuIp != null;
        return Panache.withTransaction(() -> syncAccounts
                        .lockForTenant(tenantId, syncAccountId)
                        .flatMap(s -> {
                            if (s == null) {
                                return Uni.createFrom()
                                        .failure(ProblemException.notFound("sync account", syncAccountId.toString()));
                            }
                            Instant now = clock.instant();
                            LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
                            String skip = null;
                            if (s.status != SyncAccount.Status.ACTIVE) {
                                skip = "consent " + s.status.name().toLowerCase(Locale.ROOT) + ": re-authorise it";
                            } else if (s.backOffUntil != null && s.backOffUntil.isAfter(now)) {
                                skip = "rate-limited by the bank until " + s.backOffUntil;
                            } else if (!attended
                                    && today.equals(s.callsDay)
                                    && s.unattendedCalls >= config.unattendedPerDay()) {
                                skip = "the " + config.unattendedPerDay() + " unattended calls of " + today
                                        + " are used";
                            }
                            if (skip != null) {
                                if (attended) {
                                    return Uni.createFrom()
                                            .failure(ProblemException.conflict("sync-not-possible", skip));
                                }
                                return Uni.createFrom().item(new Result(s, false, 0, 0, 0, skip));
                            }
                            if (!today.equals(s.callsDay)) {
                                s.callsDay = today;
                                s.unattendedCalls = 0;
                            }
                            if (!attended) {
                                s.unattendedCalls++;
                            }
                            s.lastAttemptAt = now;
                            return Uni.createFrom().item(new Result(s, true, 0, 0, 0, null));
                        }))
                .flatMap(reserved -> {
                    if (!reserved.called()) {
                        return Uni.createFrom().item(reserved);
                    }
                    SyncAccount s = reserved.account();
                    LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
                    LocalDate from = s.lastBookedDate != null
                            ? s.lastBookedDate.minusDays(config.overlapDays())
                            : today.minusDays(config.firstSyncDays());
                    UUID consentId = s.consentId;
                    String providerAccount = s.providerAccountId;
                    return vertx.executeBlocking(Uni.createFrom()
                                    .item(() -> client.transactions(tenantId, consentId, providerAccount, from, psuIp)))
                            .flatMap(outcome -> handle(tenantId, syncAccountId, outcome, attended));
                });
    }

    private Uni<Result> handle(
            String tenantId, UUID syncAccountId, ConsentServiceClient.Outcome outcome, boolean attended) {
        if (outcome instanceof ConsentServiceClient.Fetched f) {
            return store(tenantId, syncAccountId, f.report());
        }
        return Panache.withTransaction(() -> syncAccounts
                        .lockForTenant(tenantId, syncAccountId)
                        .map(s -> {
                            Instant now = clock.instant();
                            s.lastErrorAt = now;
                            if (outcome instanceof ConsentServiceClient.RateLimited r) {
                                s.backOffUntil = r.resetAt();
                                s.lastError = "rate-limited until " + r.resetAt() + ": " + r.detail();
                            } else if (outcome instanceof ConsentServiceClient.ConsentOver c) {
                                s.status = SyncAccount.Status.EXPIRED;
                                s.lastError = c.detail();
                            } else if (outcome instanceof ConsentServiceClient.Failed x) {
                                s.lastError = x.detail();
                            }
                            s.lastError = truncate(s.lastError);
                            return s;
                        }))
                .flatMap(s -> {
                    if (!attended) {
                        return Uni.createFrom().item(new Result(s, true, 0, 0, 0, s.lastError));
                    }
                    if (outcome instanceof ConsentServiceClient.ConsentOver) {
                        return Uni.createFrom().failure(ProblemException.conflict("consent-ended", s.lastError));
                    }
                    if (outcome instanceof ConsentServiceClient.RateLimited) {
                        return Uni.createFrom()
                                .failure(new ProblemException(429, "rate-limited", "Too Many Requests", s.lastError));
                    }
                    return Uni.createFrom()
                            .failure(new ProblemException(502, "sync-failed", "Bad Gateway", s.lastError));
                });
    }

    private Uni<Result> store(String tenantId, UUID syncAccountId, JsonNode report) {
        return Panache.withTransaction(() -> syncAccounts.findForTenant(tenantId, syncAccountId))
                .flatMap(s -> {
                    List<IncomingTransaction> incoming = new ArrayList<>();
                    LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
                    LocalDate maxBooked = s.lastBookedDate;
                    for (JsonNode t : report.path("transactions")) {
                        IncomingTransaction in = incoming(t, today);
                        incoming.add(in);
                        if (in.status() == BookingStatus.BOOKED
                                && (maxBooked == null || in.bookingDate().isAfter(maxBooked))) {
                            maxBooked = in.bookingDate();
                        }
                    }
                    List<DedupKeys.Keyed> keyed = DedupKeys.assign(s.bankAccountId, incoming);
                    Integer remaining = report.hasNonNull("rateLimitRemaining")
                            ? report.get("rateLimitRemaining").asInt()
                            : null;
                    Instant resetAt = report.hasNonNull("rateLimitResetAt")
                            ? Instant.parse(report.get("rateLimitResetAt").asText())
                            : null;
                    LocalDate newestBooked = maxBooked;
                    return supersede(tenantId, s.bankAccountId, keyed)
                            .flatMap(superseded -> imports.importKeyed(
                                            tenantId, s.bankAccountId, Source.OPEN_BANKING, keyed)
                                    .map(r -> new int[] {r.imported().size(), r.duplicates(), superseded}))
                            .flatMap(n -> Panache.withTransaction(() -> syncAccounts
                                    .lockForTenant(tenantId, syncAccountId)
                                    .map(row -> {
                                        Instant now = clock.instant();
                                        row.lastSuccessAt = now;
                                        row.lastBookedDate = newestBooked;
                                        row.lastError = null;
                                        row.lastErrorAt = null;
                                        row.rateRemaining = remaining;
                                        // the bank said no call is left: wait for its reset instead of spending a call
                                        // on a 429
                                        row.backOffUntil = remaining != null && remaining <= 0 ? resetAt : null;
                                        row.importedTotal += n[0] + n[2];
                                        return new Result(row, true, n[0] + n[2], n[2], n[1] - n[2], null);
                                    })));
                });
    }

    /**
     * Writes the booked transactions that replace a stored pending one (not yet superseded, and no longer listed as
     * pending), each naming it; returns how many. Runs under the account's lock, so a concurrent sync takes turns.
     */
    private Uni<Integer> supersede(String tenantId, UUID accountId, List<DedupKeys.Keyed> keyed) {
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
                                                    .transformToUniAndConcatenate(
                                                            t -> outbox.append("BankTransaction", event(account, t)))
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

    /** A canonical transaction from consent-service as an import: signed amount, dates, references classified. */
    static IncomingTransaction incoming(JsonNode t, LocalDate today) {
        BookingStatus status =
                "PENDING".equals(t.path("status").asText()) ? BookingStatus.PENDING : BookingStatus.BOOKED;
        LocalDate booking = date(t, "bookingDate");
        LocalDate value = date(t, "valueDate");
        // a pending transaction, and the odd booked one, has no booking date: its value date, else the day it was read
        LocalDate day = booking != null ? booking : value != null ? value : today;
        StructuredReferences.Classified ref = StructuredReferences.classify(text(t, "structuredReference"));
        String remittance = text(t, "remittanceInformation");
        if (ref == null && remittance != null) {
            StructuredReferences.Classified inText = StructuredReferences.classify(remittance);
            if (inText != null && inText.type() != ReferenceType.OTHER) {
                ref = inText; // a structured communication sent as the whole free text (Belgian OGM)
            }
        }
        // at the currency's exponent: a JSON tree drops trailing zeros (1210.00 → 1210.0 → 1210)
        String currency = text(t, "currency");
        return new IncomingTransaction(
                text(t, "providerTransactionId"),
                status,
                Money.of(new BigDecimal(t.path("amount").asText()), currency),
                currency,
                day,
                value,
                truncate(text(t, "counterpartyName"), 200),
                text(t, "counterpartyIban") == null ? null : Iban.normalize(text(t, "counterpartyIban")),
                null,
                truncate(remittance, 1000),
                ref == null ? null : truncate(ref.reference(), 64),
                ref == null ? null : ref.type(),
                truncate(text(t, "endToEndId"), 64),
                truncate(text(t, "bankTransactionCode"), 64));
    }

    private static LocalDate date(JsonNode t, String field) {
        String v = text(t, field);
        return v == null ? null : LocalDate.parse(v);
    }

    private static String text(JsonNode t, String field) {
        JsonNode n = t.get(field);
        return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static String truncate(String s) {
        return truncate(s, 500);
    }

    private static BankTransaction entity(BankAccount account, DedupKeys.Keyed k, Instant now, UUID supersedes) {
        BankTransaction t = TransactionImportService.entity(account, Source.OPEN_BANKING, k, now);
        t.providerTransactionId = k.transaction().bankReference();
        t.supersedesTransactionId = supersedes;
        return t;
    }

    private static TransactionImported event(BankAccount account, BankTransaction t) {
        return new TransactionImported(
                t.id.toString(),
                t.tenantId,
                t.accountId.toString(),
                account.iban,
                t.source,
                t.status,
                t.amount,
                t.currency,
                t.bookingDate,
                t.valueDate,
                t.counterpartyName,
                t.counterpartyIban,
                t.counterpartyBic,
                t.remittanceInformation,
                t.structuredReference,
                t.structuredReferenceType,
                t.endToEndId,
                t.bankTransactionCode,
                t.supersedesTransactionId.toString(),
                t.importedAt);
    }

    // ------------------------------------------------------------------------------------------ schedule

    /** Syncs every account due (unattended); returns how many calls were made. */
    public Uni<Integer> syncDue() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> syncAccounts.due(now.minus(config.minInterval()), now, 200))
                .flatMap(list -> Multi.createFrom()
                        .iterable(list)
                        .onItem()
                        .transformToUniAndConcatenate(s -> sync(s.tenantId, s.id, null)
                                .onFailure()
                                .recoverWithItem(e -> {
                                    LOG.warnf("sync of account %s failed: %s", s.id, e.getMessage());
                                    return new Result(s, false, 0, 0, 0, e.getMessage());
                                }))
                        .collect()
                        .asList())
                .map(results -> (int) results.stream().filter(Result::called).count());
    }

    public Uni<List<SyncAccount>> list(String tenantId) {
        return Panache.withTransaction(() -> syncAccounts.listForTenant(tenantId));
    }

    public Uni<SyncAccount> get(String tenantId, UUID id) {
        return Panache.withTransaction(() -> syncAccounts.findForTenant(tenantId, id));
    }
}
