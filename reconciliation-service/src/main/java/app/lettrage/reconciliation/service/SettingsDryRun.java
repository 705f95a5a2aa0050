package app.lettrage.reconciliation.service;

import app.lettrage.events.MatchDecision;
import app.lettrage.matching.Allocation;
import app.lettrage.matching.Decision;
import app.lettrage.matching.MatchStatus;
import app.lettrage.matching.MatchingEngine;
import app.lettrage.matching.MatchingSettings;
import app.lettrage.matching.OpenItemBook;
import app.lettrage.reconciliation.MatchAllocation;
import app.lettrage.reconciliation.MatchingSettingsRow;
import app.lettrage.reconciliation.PaymentMatch;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.repository.PaymentMatchRepository;
import app.lettrage.reconciliation.repository.ReconTransactionRepository;
import app.lettrage.reconciliation.repository.RejectedCandidateRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Replays a tenant's last decided transactions under proposed settings and reports what would have changed, writing
 * nothing: it reads in a session without a transaction, decides against a private copy of the book
 * ({@link Books#privateCopy}), and publishes nothing.
 *
 * <p>What it approximates: the engine's inputs at decision time are not stored, so each transaction is replayed against
 * the tenant's book <em>as it is now</em>, with the transaction's own active match given back to its invoices (so a
 * matched payment meets its invoices open as it did). Invoices other payments settled since are seen as settled,
 * invoices issued since are seen (the engine's issue-date rule still applies), payers learned since are known, and
 * invoices cancelled since are gone. Each transaction is replayed alone: an automatic match the proposal would make
 * does not consume its invoices for the next one. It is compared with what the engine decided then
 * ({@code engine_status}).
 */
@ApplicationScoped
public class SettingsDryRun {

    public static final int DEFAULT_LAST = 500;
    public static final int MAX_LAST = 5000;

    /**
     * What the proposal would have changed.
     *
     * @param transitions decided then → under the proposal, e.g. {@code AUTO_MATCHED->SUGGESTED}; changes only
     * @param decidedByPerson transactions with a person's verdict (a confirmed or manual match, or rejected invoices)
     * @param wouldAutoMatchCorrectly automatic under the proposal, on the invoices a person matched
     * @param wouldAutoMatchWrongly automatic under the proposal, on other invoices than a person matched, or on ones a
     *     person rejected
     */
    public record Report(
            int replayed,
            double autoMatchThreshold,
            Map<String, Long> transitions,
            long unchanged,
            long decidedByPerson,
            long wouldAutoMatchCorrectly,
            long wouldAutoMatchWrongly) {}

    private final ReconTransactionRepository transactions;
    private final PaymentMatchRepository matches;
    private final RejectedCandidateRepository rejectedCandidates;
    private final Books books;
    private final MatchingSettingsService settings;
    private final MatchingEngine engine = new MatchingEngine();

    public SettingsDryRun(
            ReconTransactionRepository transactions,
            PaymentMatchRepository matches,
            RejectedCandidateRepository rejectedCandidates,
            Books books,
            MatchingSettingsService settings) {
        this.transactions = transactions;
        this.matches = matches;
        this.rejectedCandidates = rejectedCandidates;
        this.books = books;
        this.settings = settings;
    }

    /** {@code proposed} is validated and carries the tenant; {@code last} is within 1..{@value #MAX_LAST}. */
    @WithSession
    public Uni<Report> replay(MatchingSettingsRow proposed, int last) {
        if (last < 1 || last > MAX_LAST) {
            throw new IllegalArgumentException("last must be between 1 and " + MAX_LAST);
        }
        String tenantId = proposed.tenantId();
        return settings.effective(proposed)
                .flatMap(s -> transactions
                        .lastDecided(tenantId, last)
                        .flatMap(txs -> txs.isEmpty()
                                ? Uni.createFrom().item(report(s, List.of(), Map.of(), Map.of(), Map.of(), null))
                                : verdicts(tenantId, txs)
                                        .flatMap(v -> books.privateCopy(tenantId)
                                                .map(book -> report(s, txs, v.active, v.byPerson, v.rejected, book)))));
    }

    /** Per transaction: the active match's allocations, the invoices a person matched, the invoices rejected. */
    private record Verdicts(
            Map<String, List<MatchAllocation>> active,
            Map<String, Set<String>> byPerson,
            Map<String, Set<String>> rejected) {}

    private Uni<Verdicts> verdicts(String tenantId, List<ReconTransaction> txs) {
        List<String> ids = txs.stream().map(ReconTransaction::transactionId).toList();
        Instant since = txs.stream()
                .map(ReconTransaction::decidedAt)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        return matches.activeFor(tenantId, ids).flatMap(active -> {
            Map<UUID, PaymentMatch> byId = active.stream().collect(Collectors.toMap(PaymentMatch::id, m -> m));
            return matches.allocations(List.copyOf(byId.keySet()))
                    .flatMap(allocs -> rejectedCandidates
                            .ofTransactionsDecidedSince(tenantId, since)
                            .map(rows -> {
                                Map<String, List<MatchAllocation>> mine = new HashMap<>();
                                Map<String, Set<String>> person = new HashMap<>();
                                for (MatchAllocation a : allocs) {
                                    PaymentMatch m = byId.get(a.matchId());
                                    mine.computeIfAbsent(m.transactionId(), k -> new ArrayList<>())
                                            .add(a);
                                    if (m.decidedBy() != MatchDecision.AUTO) {
                                        person.computeIfAbsent(m.transactionId(), k -> new HashSet<>())
                                                .add(a.invoiceId());
                                    }
                                }
                                Map<String, Set<String>> rejected = new HashMap<>();
                                for (Object[] r : rows) {
                                    rejected.computeIfAbsent((String) r[0], k -> new HashSet<>())
                                            .add((String) r[1]);
                                }
                                return new Verdicts(mine, person, rejected);
                            }));
        });
    }

    private Report report(
            MatchingSettings s,
            List<ReconTransaction> txs,
            Map<String, List<MatchAllocation>> active,
            Map<String, Set<String>> byPerson,
            Map<String, Set<String>> rejected,
            OpenItemBook book) {
        Map<String, Long> transitions = new TreeMap<>();
        long unchanged = 0, decided = 0, correct = 0, wrong = 0;
        for (ReconTransaction tx : txs) {
            String id = tx.transactionId();
            List<MatchAllocation> own = active.getOrDefault(id, List.of());
            Decision d = replayed(tx, own, book, s);
            if (d.status() == tx.engineStatus()) {
                unchanged++;
            } else {
                transitions.merge(tx.engineStatus() + "->" + d.status(), 1L, Long::sum);
            }
            Set<String> truth = byPerson.get(id);
            Set<String> no = rejected.getOrDefault(id, Set.of());
            if (truth != null || !no.isEmpty()) {
                decided++;
            }
            if (d.status() == MatchStatus.AUTO_MATCHED) {
                Set<String> chosen =
                        d.allocations().stream().map(Allocation::invoiceId).collect(Collectors.toSet());
                if (truth != null) {
                    if (truth.equals(chosen)) {
                        correct++;
                    } else {
                        wrong++;
                    }
                } else if (chosen.stream().anyMatch(no::contains)) {
                    wrong++;
                }
            }
        }
        return new Report(txs.size(), s.autoMatchThreshold(), transitions, unchanged, decided, correct, wrong);
    }

    /** The engine's decision of {@code tx} against the book with the transaction's own match given back. */
    private Decision replayed(ReconTransaction tx, List<MatchAllocation> own, OpenItemBook book, MatchingSettings s) {
        List<MatchAllocation> present = own.stream()
                .filter(a -> book.invoice(a.invoiceId()).isPresent())
                .toList();
        present.forEach(a -> book.revertAllocation(a.invoiceId(), a.amount()));
        try {
            return engine.decide(tx.toBankTransaction(), book, s);
        } finally {
            present.forEach(a -> book.applyAllocation(a.invoiceId(), a.amount()));
        }
    }
}
