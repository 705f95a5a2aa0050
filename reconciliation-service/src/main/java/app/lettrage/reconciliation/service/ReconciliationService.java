package app.lettrage.reconciliation.service;

import app.lettrage.events.Allocation;
import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.events.TransactionImported;
import app.lettrage.matching.BankTransaction;
import app.lettrage.matching.Candidate;
import app.lettrage.matching.Decision;
import app.lettrage.matching.Invoice;
import app.lettrage.matching.MatchStatus;
import app.lettrage.matching.MatchingEngine;
import app.lettrage.matching.MatchingSettings;
import app.lettrage.matching.OpenItemBook;
import app.lettrage.platform.money.Iban;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.reconciliation.LearnedPayer;
import app.lettrage.reconciliation.MatchAllocation;
import app.lettrage.reconciliation.MatchingSettingsRow;
import app.lettrage.reconciliation.OpenItem;
import app.lettrage.reconciliation.PaymentMatch;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.repository.OpenItemRepository;
import app.lettrage.reconciliation.repository.PaymentMatchRepository;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import app.lettrage.reconciliation.service.StoredCandidate.StoredAllocation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Keeps the open items from invoice events and decides each imported transaction with the matching engine against
 * the tenant's in-memory {@link OpenItemBook} (see {@link Books}) and settings: AUTO_MATCHED is matched and published
 * (PaymentMatched, decided by AUTO), SUGGESTED keeps the engine's candidates for a person, UNMATCHED waits. A person
 * confirms or rejects a suggestion, matches by hand, or undoes a match. Every change of a tenant's matchable state
 * runs in one transaction holding the tenant's advisory lock, so replicas and the two input streams are serialised
 * per tenant and decisions only depend on the order of events.
 */
@ApplicationScoped
public class ReconciliationService {

    private static final Logger LOG = Logger.getLogger(ReconciliationService.class);
    private static final String AGGREGATE = "PaymentMatch";
    /** How many waiting transactions an invoice that opens re-examines (oldest first). */
    static final int WAITING_LIMIT = 50;

    static final String ENGINE = "engine";

    private final OpenItemRepository openItems;
    private final ReconTransactionRepository transactions;
    private final PaymentMatchRepository matches;
    private final Outbox outbox;
    private final Books books;
    private final MeterRegistry metrics;
    private final Timer decisionTimer;
    private final MatchingEngine engine = new MatchingEngine();

    public ReconciliationService(
            OpenItemRepository openItems,
            ReconTransactionRepository transactions,
            PaymentMatchRepository matches,
            Outbox outbox,
            Books books,
            MeterRegistry metrics) {
        this.openItems = openItems;
        this.transactions = transactions;
        this.matches = matches;
        this.outbox = outbox;
        this.books = books;
        this.metrics = metrics;
        this.decisionTimer = Timer.builder("lettrage.reconciliation.decision.latency")
                .description("time to decide one transaction with the engine and store the decision")
                .publishPercentiles(0.5, 0.99)
                .register(metrics);
    }

    // ------------------------------------------------------------------ transaction boundary

    /**
     * Runs {@code work} in one transaction that first takes the tenant's advisory lock. A failure that may have left
     * the cached book ahead of the database evicts it (a 4xx problem is raised before anything changes).
     */
    public <T> Uni<T> inTenantTransaction(String tenantId, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> lock(tenantId).flatMap(x -> work.get()))
                .onFailure(f -> !(f instanceof ProblemException p && p.status() < 500))
                .invoke(f -> books.evict(tenantId));
    }

    private static Uni<Integer> lock(String tenantId) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(?1)", Integer.class)
                        .setParameter(1, tenantLockKey(tenantId))
                        .getSingleResult());
    }

    static long tenantLockKey(String tenantId) {
        return 0x5245434f4e000000L ^ tenantId.hashCode(); // "RECON" in the high bytes
    }

    // ------------------------------------------------------------------ open items (caller: inTenantTransaction)

    public Uni<Void> onInvoiceIssued(InvoiceIssued e) {
        return openItems.findById(e.invoiceId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            return books.current(e.tenantId()).flatMap(book -> {
                OpenItem item = new OpenItem();
                item.invoiceId = e.invoiceId();
                item.tenantId = e.tenantId();
                item.direction = e.direction();
                item.number = e.number();
                item.numberKey = OpenItem.key(e.number());
                item.paymentReference = e.paymentReference();
                item.counterpartyName = e.counterpartyName();
                item.counterpartyIban = Iban.normalize(e.counterpartyIban());
                item.currency = e.currency();
                item.totalAmount = Money.of(e.totalAmount(), e.currency());
                item.amountDue = Money.of(e.amountDue(), e.currency());
                item.issueDate = e.issueDate();
                item.dueDate = e.dueDate();
                item.status = item.amountDue.signum() > 0 ? OpenItem.Status.OPEN : OpenItem.Status.SETTLED;
                item.updatedAt = Instant.now();
                book.upsert(Books.toInvoice(item));
                return openItems
                        .persist(item)
                        .flatMap(x -> books.bump(item.tenantId))
                        .flatMap(x -> item.status == OpenItem.Status.OPEN
                                ? reexamine(book, item)
                                : Uni.createFrom().voidItem());
            });
        });
    }

    /**
     * A payment often arrives before its invoice is known here (the streams are independent): an invoice that opens
     * has the engine decide again the waiting transactions that could be its payment.
     */
    private Uni<Void> reexamine(OpenItemBook book, OpenItem item) {
        BigDecimal signed = item.direction == InvoiceDirection.SALES ? item.amountDue : item.amountDue.negate();
        String refKey = item.paymentReference == null ? null : OpenItem.key(item.paymentReference);
        return transactions
                .waitingFor(
                        item.tenantId,
                        item.currency,
                        item.direction == InvoiceDirection.SALES,
                        item.numberKey,
                        refKey,
                        signed,
                        item.counterpartyIban,
                        WAITING_LIMIT)
                .flatMap(waiting -> waiting.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : settings(item.tenantId)
                                .flatMap(settings -> sequentially(
                                        waiting,
                                        tx -> rejected(tx).flatMap(rejected -> decide(tx, book, settings, rejected)))));
    }

    /** Takes what may change on an issued invoice; the amount due stays ours (every payment is decided here). */
    public Uni<Void> onInvoiceChanged(InvoiceChanged e) {
        return openItems.lockForTenant(e.tenantId(), e.invoiceId()).flatMap(item -> {
            if (item == null) {
                return Uni.createFrom().voidItem();
            }
            String iban = Iban.normalize(e.counterpartyIban());
            boolean cancelled = "CANCELLED".equals(e.status()) && item.status != OpenItem.Status.CANCELLED;
            if (!cancelled
                    && Objects.equals(item.dueDate, e.dueDate())
                    && Objects.equals(item.counterpartyName, e.counterpartyName())
                    && Objects.equals(item.counterpartyIban, iban)) {
                return Uni.createFrom().voidItem(); // e.g. the echo of our own payment: nothing matchable changed
            }
            return books.current(e.tenantId()).flatMap(book -> {
                item.dueDate = e.dueDate();
                item.counterpartyName = e.counterpartyName();
                item.counterpartyIban = iban;
                if (cancelled) {
                    item.status = OpenItem.Status.CANCELLED;
                    book.remove(item.invoiceId);
                } else if (item.status != OpenItem.Status.CANCELLED) {
                    book.upsert(Books.toInvoice(item));
                }
                item.updatedAt = Instant.now();
                return books.bump(e.tenantId());
            });
        });
    }

    /** A cancelled invoice is no longer matchable. */
    public Uni<Void> onInvoiceCancelled(InvoiceCancelled e) {
        return openItems.lockForTenant(e.tenantId(), e.invoiceId()).flatMap(item -> {
            if (item == null || item.status == OpenItem.Status.CANCELLED) {
                return Uni.createFrom().voidItem();
            }
            return books.current(e.tenantId()).flatMap(book -> {
                item.status = OpenItem.Status.CANCELLED;
                item.updatedAt = Instant.now();
                book.remove(item.invoiceId);
                return books.bump(e.tenantId());
            });
        });
    }

    // ------------------------------------------------------------------ transactions (caller: inTenantTransaction)

    public Uni<Void> onTransactionImported(TransactionImported e) {
        return transactions.findById(e.transactionId()).flatMap(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem(); // the same transaction again (new event id): decided once
            }
            ReconTransaction tx = new ReconTransaction();
            tx.transactionId = e.transactionId();
            tx.tenantId = e.tenantId();
            tx.accountId = e.accountId();
            tx.accountIban = Iban.normalize(e.accountIban());
            tx.status = e.status().name();
            tx.amount = Money.of(e.amount(), e.currency());
            tx.currency = e.currency();
            tx.bookingDate = e.bookingDate();
            tx.valueDate = e.valueDate();
            tx.counterpartyName = e.counterpartyName();
            tx.counterpartyIban = Iban.normalize(e.counterpartyIban());
            tx.remittanceInformation = e.remittanceInformation();
            tx.structuredReference = e.structuredReference();
            tx.endToEndId = e.endToEndId();
            tx.bankTransactionCode = e.bankTransactionCode();
            tx.supersedesTransactionId = e.supersedesTransactionId();
            tx.textKey = OpenItem.key(e.remittanceInformation()) + " " + OpenItem.key(e.structuredReference());
            tx.receivedAt = Instant.now();
            if (e.status() == TransactionImported.BookingStatus.PENDING) {
                // never decided while pending; and a booked version that arrived first wins
                return transactions.supersededBy(tx.tenantId, tx.transactionId).flatMap(newer -> {
                    tx.state = newer != null ? ReconTransaction.State.SUPERSEDED : ReconTransaction.State.PENDING;
                    return transactions.persist(tx).replaceWithVoid();
                });
            }
            tx.state = ReconTransaction.State.UNMATCHED;
            return transactions
                    .persist(tx)
                    .flatMap(t -> supersede(tx))
                    .flatMap(carried -> carried
                            ? Uni.createFrom().voidItem()
                            : books.current(tx.tenantId)
                                    .flatMap(book -> settings(tx.tenantId)
                                            .flatMap(settings -> decide(tx, book, settings, Set.of()))));
        });
    }

    /**
     * A booked transaction that replaces an earlier version marks it SUPERSEDED. If the earlier one was already
     * matched, its match moves to the new version (nothing is published: the invoices were paid once) and the new
     * version is not decided again. Returns whether a match was carried over.
     */
    private Uni<Boolean> supersede(ReconTransaction tx) {
        if (tx.supersedesTransactionId == null) {
            return Uni.createFrom().item(false);
        }
        return transactions
                .lockForTenant(tx.tenantId, tx.supersedesTransactionId)
                .flatMap(old -> {
                    if (old == null || old.state == ReconTransaction.State.SUPERSEDED) {
                        return Uni.createFrom().item(false);
                    }
                    ReconTransaction.State was = old.state;
                    old.state = ReconTransaction.State.SUPERSEDED;
                    old.decisionReasons =
                            appendReason(old.decisionReasons, "superseded by transaction " + tx.transactionId);
                    if (was != ReconTransaction.State.MATCHED) {
                        return Uni.createFrom().item(false);
                    }
                    return matches.activeFor(tx.tenantId, old.transactionId).flatMap(m -> {
                        if (m == null) {
                            return Uni.createFrom().item(false);
                        }
                        return transactions.flush().map(x -> {
                            m.transactionId = tx.transactionId;
                            tx.state = ReconTransaction.State.MATCHED;
                            tx.confidence = m.confidence;
                            tx.decidedAt = Instant.now();
                            tx.decisionReasons = appendReason(
                                    m.reasons,
                                    "match " + m.id + " carried over from superseded transaction " + old.transactionId);
                            return true;
                        });
                    });
                });
    }

    /** Has the engine decide one booked transaction against the book and stores (and for AUTO applies) the decision. */
    private Uni<Void> decide(ReconTransaction tx, OpenItemBook book, MatchingSettings settings, Set<String> rejected) {
        long start = System.nanoTime();
        Decision d = withoutRejected(engine.decide(toBankTransaction(tx), book, settings), rejected);
        metrics.counter(
                        "lettrage.reconciliation.decisions",
                        "outcome",
                        d.status().name())
                .increment();
        tx.candidates = StoredCandidate.write(
                d.candidates().stream().map(c -> stored(c, book, tx.currency)).toList());
        tx.decidedAt = Instant.now();
        tx.confidence = confidence(d.confidence());
        tx.decisionReasons = String.join("\n", d.reasons());
        Uni<Void> outcome;
        if (d.status() == MatchStatus.AUTO_MATCHED) {
            List<StoredAllocation> allocations = d.allocations().stream()
                    .map(a -> stored(a, book, tx.currency))
                    .toList();
            outcome = match(tx, book, settings, allocations, MatchDecision.AUTO, d.confidence(), d.reasons(), ENGINE)
                    .replaceWithVoid();
        } else {
            tx.state = d.status() == MatchStatus.SUGGESTED
                    ? ReconTransaction.State.SUGGESTED
                    : ReconTransaction.State.UNMATCHED;
            outcome = Uni.createFrom().voidItem();
        }
        return outcome.invoke(() -> decisionTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /** Candidates naming an invoice a person rejected for this transaction are dropped; AUTO on one of them too. */
    static Decision withoutRejected(Decision d, Set<String> rejected) {
        if (rejected.isEmpty()) {
            return d;
        }
        List<Candidate> kept = d.candidates().stream()
                .filter(c -> c.invoiceIds().stream().noneMatch(rejected::contains))
                .toList();
        boolean autoKept = d.status() == MatchStatus.AUTO_MATCHED
                && d.allocations().stream().noneMatch(a -> rejected.contains(a.invoiceId()));
        if (autoKept
                || (d.status() == MatchStatus.UNMATCHED
                        && kept.size() == d.candidates().size())) {
            return new Decision(d.transactionId(), d.status(), d.allocations(), d.confidence(), d.reasons(), kept);
        }
        List<String> reasons = new ArrayList<>(d.reasons());
        reasons.add("invoices rejected by a person for this transaction are not proposed again: "
                + new TreeSet<>(rejected));
        if (kept.isEmpty()) {
            return new Decision(d.transactionId(), MatchStatus.UNMATCHED, List.of(), 0.0, reasons, List.of());
        }
        return new Decision(
                d.transactionId(),
                MatchStatus.SUGGESTED,
                kept.get(0).allocations(),
                kept.get(0).confidence(),
                reasons,
                kept);
    }

    /**
     * Stores the match, reduces the open items' amount due (database and book), learns the payer, and publishes
     * PaymentMatched, all in the caller's transaction. The caller has validated the allocations.
     */
    private Uni<PaymentMatch> match(
            ReconTransaction tx,
            OpenItemBook book,
            MatchingSettings settings,
            List<StoredAllocation> allocations,
            MatchDecision decidedBy,
            double confidence,
            List<String> reasons,
            String by) {
        PaymentMatch m = new PaymentMatch();
        m.id = UUID.randomUUID();
        m.tenantId = tx.tenantId;
        m.transactionId = tx.transactionId;
        m.decidedBy = decidedBy;
        m.confidence = confidence(confidence);
        m.reasons = String.join("\n", reasons);
        m.matchedBy = by;
        m.matchedAt = Instant.now();
        tx.state = ReconTransaction.State.MATCHED;
        tx.confidence = m.confidence;
        tx.decisionReasons = m.reasons;
        tx.decidedAt = m.matchedAt;

        List<app.lettrage.matching.Allocation> engineAllocations = allocations.stream()
                .map(a -> new app.lettrage.matching.Allocation(
                        a.invoiceId(), a.amount().subtract(nz(a.writeOff())), nz(a.writeOff())))
                .toList();
        LearnedPayer learned = null;
        if (decidedBy == MatchDecision.AUTO) {
            String party = book.confirm(toBankTransaction(tx), engineAllocations, settings);
            if (party != null) {
                learned = learnedPayer(tx, party, tx.counterpartyIban, null, "AUTO");
            }
        } else {
            book.apply(engineAllocations);
            Set<String> parties = allocations.stream()
                    .map(a -> book.invoice(a.invoiceId())
                            .map(Invoice::counterpartyName)
                            .orElse(null))
                    .filter(Objects::nonNull)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (parties.size() == 1 && (tx.counterpartyIban != null || tx.counterpartyName != null)) {
                String party = parties.iterator().next();
                book.learn(tx.tenantId, party, tx.counterpartyIban, tx.counterpartyName);
                learned = learnedPayer(tx, party, tx.counterpartyIban, tx.counterpartyName, decidedBy.name());
            }
        }
        LearnedPayer toPersist = learned;
        List<Allocation> eventAllocations = allocations.stream()
                .map(a -> new Allocation(a.invoiceId(), a.invoiceNumber(), a.amount(), a.currency(), a.writeOff()))
                .toList();
        return matches.persist(m)
                .flatMap(x -> sequentially(allocations, a -> {
                    MatchAllocation row = new MatchAllocation();
                    row.id = UUID.randomUUID();
                    row.matchId = m.id;
                    row.tenantId = tx.tenantId;
                    row.invoiceId = a.invoiceId();
                    row.invoiceNumber = a.invoiceNumber();
                    row.amount = a.amount();
                    row.writeOff = a.writeOff();
                    row.currency = a.currency();
                    return matches.persistAllocation(row)
                            .flatMap(r -> adjustDue(
                                    tx.tenantId, a.invoiceId(), a.amount().negate()));
                }))
                .flatMap(x -> toPersist == null
                        ? Uni.createFrom().voidItem()
                        : Panache.getSession().flatMap(s -> s.persist(toPersist)))
                .flatMap(x -> books.bump(tx.tenantId))
                .flatMap(x -> outbox.append(
                        AGGREGATE,
                        new PaymentMatched(
                                m.id.toString(),
                                tx.tenantId,
                                tx.transactionId,
                                eventAllocations,
                                decidedBy,
                                m.confidence.doubleValue(),
                                reasons,
                                tx.bookingDate,
                                m.matchedAt)))
                .replaceWith(m);
    }

    private static LearnedPayer learnedPayer(
            ReconTransaction tx, String counterparty, String iban, String name, String source) {
        LearnedPayer p = new LearnedPayer();
        p.tenantId = tx.tenantId;
        p.counterparty = truncate(counterparty, 200);
        p.payerIban = iban;
        p.payerName = truncate(name, 200);
        p.source = source;
        p.learnedAt = Instant.now();
        return p;
    }

    private Uni<Void> adjustDue(String tenantId, String invoiceId, BigDecimal delta) {
        return openItems
                .lockForTenant(tenantId, invoiceId)
                .invoke(item -> {
                    if (item != null) {
                        BigDecimal due = item.amountDue.add(delta);
                        item.amountDue = Money.of(due.max(BigDecimal.ZERO).min(item.totalAmount), item.currency);
                        if (item.status != OpenItem.Status.CANCELLED) {
                            item.status = item.amountDue.signum() == 0 ? OpenItem.Status.SETTLED : OpenItem.Status.OPEN;
                        }
                        item.updatedAt = Instant.now();
                    }
                })
                .replaceWithVoid();
    }

    // ------------------------------------------------------------------ the workflow of a person

    public record MatchWithAllocations(PaymentMatch match, List<MatchAllocation> allocations) {}

    /** Confirms the transaction's suggestion (candidate 0 unless another is chosen): PaymentMatched, CONFIRMED. */
    public Uni<MatchWithAllocations> confirm(String tenantId, String transactionId, Integer candidate, String by) {
        return inTenantTransaction(
                tenantId,
                () -> transactions.lockForTenant(tenantId, transactionId).flatMap(tx -> {
                    requireState(tx, transactionId, "confirmed", ReconTransaction.State.SUGGESTED);
                    List<StoredCandidate> candidates = StoredCandidate.read(tx.candidates);
                    int index = candidate == null ? 0 : candidate;
                    if (index < 0 || index >= candidates.size()) {
                        throw ProblemException.badRequest(
                                "candidate",
                                "must be between 0 and " + (candidates.size() - 1) + " (the transaction has "
                                        + candidates.size() + " candidates)");
                    }
                    StoredCandidate chosen = candidates.get(index);
                    return sequentially(
                                    chosen.allocations(),
                                    a -> openItems
                                            .lockForTenant(tenantId, a.invoiceId())
                                            .invoke(item -> {
                                                if (item == null
                                                        || item.status != OpenItem.Status.OPEN
                                                        || item.amountDue.compareTo(a.amount()) < 0) {
                                                    throw ProblemException.conflict(
                                                            "stale-suggestion",
                                                            "invoice " + a.invoiceNumber() + " is no longer open for "
                                                                    + a.amount().toPlainString() + " " + a.currency()
                                                                    + ": match the transaction by hand");
                                                }
                                            })
                                            .replaceWithVoid())
                            .flatMap(x -> books.current(tenantId))
                            .flatMap(book -> settings(tenantId).<PaymentMatch>flatMap(settings -> {
                                List<String> reasons = new ArrayList<>(chosen.reasons());
                                reasons.add("suggestion confirmed by " + by);
                                return match(
                                        tx,
                                        book,
                                        settings,
                                        chosen.allocations(),
                                        MatchDecision.CONFIRMED,
                                        chosen.confidence().doubleValue(),
                                        reasons,
                                        by);
                            }))
                            .flatMap(this::withAllocations);
                }));
    }

    /**
     * Rejects the suggestion's invoices (all candidates' unless some are named): they are never proposed again for
     * this transaction. The transaction stays SUGGESTED only if candidates without them remain.
     */
    public Uni<ReconTransaction> reject(String tenantId, String transactionId, List<String> invoiceIds, String by) {
        return inTenantTransaction(
                tenantId,
                () -> transactions.lockForTenant(tenantId, transactionId).flatMap(tx -> {
                    requireState(tx, transactionId, "rejected", ReconTransaction.State.SUGGESTED);
                    List<StoredCandidate> candidates = StoredCandidate.read(tx.candidates);
                    Set<String> proposed = candidates.stream()
                            .flatMap(c -> c.invoiceIds().stream())
                            .collect(Collectors.toCollection(LinkedHashSet::new));
                    Set<String> rejected = new LinkedHashSet<>();
                    if (invoiceIds == null || invoiceIds.isEmpty()) {
                        rejected.addAll(proposed);
                    } else {
                        for (int i = 0; i < invoiceIds.size(); i++) {
                            if (!proposed.contains(invoiceIds.get(i))) {
                                throw ProblemException.badRequest(
                                        "invoiceIds[" + i + "]",
                                        "invoice " + invoiceIds.get(i) + " is not among this transaction's candidates");
                            }
                            rejected.add(invoiceIds.get(i));
                        }
                    }
                    List<StoredCandidate> kept = candidates.stream()
                            .filter(c -> c.invoiceIds().stream().noneMatch(rejected::contains))
                            .toList();
                    tx.candidates = StoredCandidate.write(kept);
                    tx.state = kept.isEmpty() ? ReconTransaction.State.UNMATCHED : ReconTransaction.State.SUGGESTED;
                    tx.confidence = kept.isEmpty() ? null : kept.get(0).confidence();
                    tx.decisionReasons = appendReason(tx.decisionReasons, "suggestion rejected by " + by);
                    return recordRejected(tx, rejected, by).replaceWith(tx);
                }));
    }

    private Uni<Void> recordRejected(ReconTransaction tx, Set<String> invoiceIds, String by) {
        Instant now = Instant.now();
        return sequentially(
                new ArrayList<>(invoiceIds),
                id -> Panache.getSession()
                        .flatMap(s -> s.createNativeQuery(
                                        "INSERT INTO rejected_candidate (tenant_id, transaction_id, invoice_id, rejected_by, rejected_at) "
                                                + "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
                                .setParameter(1, tx.tenantId)
                                .setParameter(2, tx.transactionId)
                                .setParameter(3, id)
                                .setParameter(4, truncate(by, 100))
                                .setParameter(5, now)
                                .executeUpdate())
                        .replaceWithVoid());
    }

    private Uni<Set<String>> rejected(ReconTransaction tx) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery(
                                "SELECT invoice_id FROM rejected_candidate WHERE tenant_id = ?1 AND transaction_id = ?2",
                                String.class)
                        .setParameter(1, tx.tenantId)
                        .setParameter(2, tx.transactionId)
                        .getResultList())
                .map(HashSet::new);
    }

    /** One allocation a person chose; the amount is what the invoice's amount due goes down by. */
    public record ManualAllocation(String invoiceId, BigDecimal amount) {}

    /**
     * Matches a transaction by hand to invoices of the tenant, partial allocations allowed: each invoice open, of the
     * transaction's direction and currency, each amount at most the invoice's amount due, the total at most the
     * transaction's absolute amount. PaymentMatched, MANUAL.
     */
    public Uni<MatchWithAllocations> matchManually(
            String tenantId, String transactionId, List<ManualAllocation> allocations, String by) {
        return inTenantTransaction(
                tenantId,
                () -> transactions.lockForTenant(tenantId, transactionId).flatMap(tx -> {
                    requireState(
                            tx,
                            transactionId,
                            "matched by hand",
                            ReconTransaction.State.UNMATCHED,
                            ReconTransaction.State.SUGGESTED);
                    InvoiceDirection direction =
                            tx.amount.signum() > 0 ? InvoiceDirection.SALES : InvoiceDirection.PURCHASE;
                    Set<String> seen = new HashSet<>();
                    BigDecimal total = BigDecimal.ZERO;
                    for (int i = 0; i < allocations.size(); i++) {
                        ManualAllocation a = allocations.get(i);
                        if (!seen.add(a.invoiceId())) {
                            throw ProblemException.badRequest(
                                    "allocations[" + i + "].invoiceId", "invoice " + a.invoiceId() + " is named twice");
                        }
                        try {
                            total = total.add(Money.of(a.amount(), tx.currency));
                        } catch (IllegalArgumentException ex) {
                            throw ProblemException.badRequest("allocations[" + i + "].amount", ex.getMessage());
                        }
                    }
                    if (total.compareTo(tx.amount.abs()) > 0) {
                        throw unprocessable(
                                "allocations",
                                "the allocations total " + total.toPlainString() + " " + tx.currency
                                        + ", more than the transaction's "
                                        + tx.amount.abs().toPlainString() + " " + tx.currency);
                    }
                    List<StoredAllocation> stored = new ArrayList<>();
                    List<Integer> indexes = new ArrayList<>();
                    for (int i = 0; i < allocations.size(); i++) {
                        indexes.add(i);
                    }
                    return sequentially(indexes, i -> {
                                ManualAllocation a = allocations.get(i);
                                return openItems
                                        .lockForTenant(tenantId, a.invoiceId())
                                        .invoke(item -> {
                                            String field = "allocations[" + i + "]";
                                            if (item == null) {
                                                throw unprocessable(
                                                        field + ".invoiceId",
                                                        "no invoice " + a.invoiceId()
                                                                + " of this tenant is known here");
                                            }
                                            if (item.status != OpenItem.Status.OPEN) {
                                                throw unprocessable(
                                                        field + ".invoiceId",
                                                        "invoice " + item.number + " is " + item.status + ", not open");
                                            }
                                            if (item.direction != direction) {
                                                throw unprocessable(
                                                        field + ".invoiceId",
                                                        "invoice " + item.number + " is a " + item.direction
                                                                + " invoice; "
                                                                + (direction == InvoiceDirection.SALES
                                                                        ? "money in settles SALES invoices"
                                                                        : "money out settles PURCHASE invoices"));
                                            }
                                            if (!item.currency.equals(tx.currency)) {
                                                throw unprocessable(
                                                        field + ".invoiceId",
                                                        "invoice " + item.number + " is in " + item.currency
                                                                + ", the transaction in " + tx.currency);
                                            }
                                            BigDecimal amount = Money.of(a.amount(), tx.currency);
                                            if (amount.compareTo(item.amountDue) > 0) {
                                                throw unprocessable(
                                                        field + ".amount",
                                                        amount.toPlainString() + " is more than invoice " + item.number
                                                                + "'s amount due " + item.amountDue.toPlainString()
                                                                + " " + item.currency);
                                            }
                                            stored.add(new StoredAllocation(
                                                    item.invoiceId, item.number, amount, item.currency, null));
                                        })
                                        .replaceWithVoid();
                            })
                            .flatMap(x -> books.current(tenantId))
                            .flatMap(book -> settings(tenantId)
                                    .<PaymentMatch>flatMap(settings -> match(
                                            tx,
                                            book,
                                            settings,
                                            stored,
                                            MatchDecision.MANUAL,
                                            1.0,
                                            List.of("matched by hand by " + by),
                                            by)))
                            .flatMap(this::withAllocations);
                }));
    }

    /**
     * Undoes an active match: the open items get their amount due back, PaymentUnmatched tells invoice-service, and
     * the transaction is unmatched (its invoices are not proposed for it again).
     */
    public Uni<MatchWithAllocations> undo(String tenantId, UUID id, String by, String reason) {
        return inTenantTransaction(
                tenantId,
                () -> matches.lockForTenant(tenantId, id).onItem().ifNotNull().transformToUni(m -> {
                    if (m.undoneAt != null) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "already-undone", "match " + id + " was undone at " + m.undoneAt));
                    }
                    return books.current(tenantId).flatMap(book -> {
                        m.undoneAt = Instant.now();
                        m.undoneBy = by;
                        return matches.allocations(m.id).flatMap(allocs -> {
                            for (MatchAllocation a : allocs) {
                                if (book.invoice(a.invoiceId).isPresent()) {
                                    book.revertAllocation(a.invoiceId, a.amount);
                                }
                            }
                            return sequentially(allocs, a -> adjustDue(tenantId, a.invoiceId, a.amount))
                                    .flatMap(x -> transactions.lockForTenant(tenantId, m.transactionId))
                                    .flatMap(tx -> {
                                        tx.state = ReconTransaction.State.UNMATCHED;
                                        tx.candidates = null;
                                        tx.confidence = null;
                                        tx.decisionReasons =
                                                "match undone by " + by + (reason == null ? "" : ": " + reason);
                                        return recordRejected(
                                                tx,
                                                allocs.stream()
                                                        .map(a -> a.invoiceId)
                                                        .collect(Collectors.toCollection(LinkedHashSet::new)),
                                                by);
                                    })
                                    .flatMap(x -> books.bump(tenantId))
                                    .flatMap(x -> outbox.append(
                                            AGGREGATE,
                                            new PaymentUnmatched(
                                                    m.id.toString(),
                                                    tenantId,
                                                    m.transactionId,
                                                    allocs.stream()
                                                            .map(a -> new Allocation(
                                                                    a.invoiceId,
                                                                    a.invoiceNumber,
                                                                    a.amount,
                                                                    a.currency,
                                                                    a.writeOff))
                                                            .toList(),
                                                    reason,
                                                    m.undoneAt)))
                                    .invoke(() -> LOG.infof("match %s undone by %s", id, by))
                                    .replaceWith(new MatchWithAllocations(m, allocs));
                        });
                    });
                }));
    }

    private static void requireState(
            ReconTransaction tx, String transactionId, String action, ReconTransaction.State... allowed) {
        if (tx == null) {
            throw ProblemException.notFound("transaction", transactionId);
        }
        for (ReconTransaction.State s : allowed) {
            if (tx.state == s) {
                return;
            }
        }
        throw ProblemException.conflict(
                "wrong-state",
                "transaction " + transactionId + " is " + tx.state + "; only a " + java.util.Arrays.toString(allowed)
                        + " transaction can be " + action);
    }

    private static ProblemException unprocessable(String field, String message) {
        return new ProblemException(
                422,
                "invalid-allocation",
                "Unprocessable request",
                field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    // ------------------------------------------------------------------ settings

    @WithTransaction
    public Uni<MatchingSettingsRow> settingsRow(String tenantId) {
        return Panache.getSession().flatMap(s -> s.find(MatchingSettingsRow.class, tenantId));
    }

    /** The tenant's engine settings (the defaults when none were saved). */
    Uni<MatchingSettings> settings(String tenantId) {
        return Panache.getSession()
                .flatMap(s -> s.find(MatchingSettingsRow.class, tenantId))
                .map(row -> row == null ? MatchingSettings.defaults() : row.toSettings());
    }

    @WithTransaction
    public Uni<MatchingSettingsRow> saveSettings(MatchingSettingsRow values) {
        return Panache.getSession()
                .flatMap(s -> s.find(MatchingSettingsRow.class, values.tenantId).flatMap(row -> {
                    if (row == null) {
                        return s.persist(values).replaceWith(values);
                    }
                    return s.merge(values);
                }));
    }

    // ------------------------------------------------------------------ queries

    public record TransactionPage(List<ReconTransaction> items, long total, Map<String, UUID> activeMatches) {}

    @WithTransaction
    public Uni<TransactionPage> transactions(
            String tenantId, ReconTransactionRepository.Filter filter, int page, int size) {
        return transactions
                .search(tenantId, filter, page, size)
                .flatMap(list -> transactions
                        .count(tenantId, filter)
                        .flatMap(total -> matches.activeFor(
                                        tenantId,
                                        list.stream().map(t -> t.transactionId).toList())
                                .map(active -> new TransactionPage(
                                        list,
                                        total,
                                        active.stream()
                                                .collect(Collectors.toMap(
                                                        m -> m.transactionId, m -> m.id, (a, b) -> a))))));
    }

    public record TransactionWithMatch(ReconTransaction transaction, UUID activeMatchId) {}

    @WithTransaction
    public Uni<TransactionWithMatch> transaction(String tenantId, String transactionId) {
        return transactions
                .findForTenant(tenantId, transactionId)
                .onItem()
                .ifNotNull()
                .transformToUni(tx -> matches.activeFor(tenantId, tx.transactionId)
                        .map(m -> new TransactionWithMatch(tx, m == null ? null : m.id)));
    }

    @WithTransaction
    public Uni<List<MatchWithAllocations>> matches(String tenantId, int page, int size) {
        return matches.list(tenantId, page, size)
                .flatMap(list -> matches.allocations(
                                list.stream().map(m -> m.id).toList())
                        .map(allocs -> list.stream()
                                .map(m -> new MatchWithAllocations(
                                        m,
                                        allocs.stream()
                                                .filter(a -> a.matchId.equals(m.id))
                                                .toList()))
                                .toList()));
    }

    @WithTransaction
    public Uni<MatchWithAllocations> match(String tenantId, UUID id) {
        return matches.findForTenant(tenantId, id).onItem().ifNotNull().transformToUni(this::withAllocations);
    }

    private Uni<MatchWithAllocations> withAllocations(PaymentMatch m) {
        return matches.allocations(m.id).map(a -> new MatchWithAllocations(m, a));
    }

    // ------------------------------------------------------------------ helpers

    static BankTransaction toBankTransaction(ReconTransaction tx) {
        return new BankTransaction(
                tx.transactionId,
                tx.tenantId,
                tx.accountIban,
                tx.amount,
                tx.currency,
                tx.bookingDate,
                tx.valueDate,
                tx.counterpartyName,
                tx.counterpartyIban,
                tx.remittanceInformation,
                tx.structuredReference,
                tx.endToEndId,
                tx.bankTransactionCode);
    }

    private static StoredCandidate stored(Candidate c, OpenItemBook book, String currency) {
        return new StoredCandidate(
                confidence(c.confidence()),
                c.reasons(),
                c.allocations().stream().map(a -> stored(a, book, currency)).toList());
    }

    private static StoredAllocation stored(app.lettrage.matching.Allocation a, OpenItemBook book, String currency) {
        Invoice inv = book.invoice(a.invoiceId()).orElseThrow();
        BigDecimal writeOff = a.writeOff().signum() == 0 ? null : Money.of(a.writeOff(), inv.currency());
        return new StoredAllocation(
                a.invoiceId(), inv.number(), Money.of(a.settledAmount(), inv.currency()), inv.currency(), writeOff);
    }

    static BigDecimal confidence(double c) {
        return BigDecimal.valueOf(c).setScale(4, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal nz(BigDecimal v) {
        return v == null ? BigDecimal.ZERO : v;
    }

    private static String appendReason(String reasons, String reason) {
        return reasons == null || reasons.isBlank() ? reason : reasons + "\n" + reason;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static <T> Uni<Void> sequentially(List<T> items, Function<T, Uni<Void>> step) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(items)
                .onItem()
                .<Void>transformToUniAndConcatenate(step::apply)
                .collect()
                .last()
                .replaceWithVoid();
    }
}
