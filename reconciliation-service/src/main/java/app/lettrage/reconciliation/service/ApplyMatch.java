package app.lettrage.reconciliation.service;

import app.lettrage.events.ExchangeRate;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.matching.Allocation;
import app.lettrage.matching.Decision;
import app.lettrage.matching.Invoice;
import app.lettrage.matching.MatchingSettings;
import app.lettrage.matching.OpenItemBook;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.reconciliation.LearnedPayer;
import app.lettrage.reconciliation.MatchAllocation;
import app.lettrage.reconciliation.PaymentMatch;
import app.lettrage.reconciliation.ReconTransaction;
import app.lettrage.reconciliation.StoredCandidate.StoredAllocation;
import app.lettrage.reconciliation.repository.LearnedPayerRepository;
import app.lettrage.reconciliation.repository.OpenItemRepository;
import app.lettrage.reconciliation.repository.PaymentMatchRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Applies a decided match in the caller's transaction (which holds the tenant's lock): stores it, reduces the open
 * items' amount due in the database and the book, learns the payer, and publishes PaymentMatched. The caller has
 * validated the allocations.
 */
@ApplicationScoped
public class ApplyMatch {

    /** Who {@link PaymentMatch#matchedBy()} names for a match nobody made by hand. */
    static final String ENGINE = "engine";

    private final OpenItemRepository openItems;
    private final PaymentMatchRepository matches;
    private final LearnedPayerRepository learnedPayers;
    private final Books books;
    private final Outbox outbox;
    private final Clock clock;

    public ApplyMatch(
            OpenItemRepository openItems,
            PaymentMatchRepository matches,
            LearnedPayerRepository learnedPayers,
            Books books,
            Outbox outbox,
            Clock clock) {
        this.openItems = openItems;
        this.matches = matches;
        this.learnedPayers = learnedPayers;
        this.books = books;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The engine's AUTO_MATCHED decision; the book learns the payer's IBAN when the payer's name agrees. */
    public Uni<PaymentMatch> byEngine(ReconTransaction tx, OpenItemBook book, MatchingSettings settings, Decision d) {
        List<StoredAllocation> allocations =
                d.allocations().stream().map(a -> StoredAllocation.of(a, book)).toList();
        PaymentMatch m = PaymentMatch.of(tx, MatchDecision.AUTO, d.confidence(), d.reasons(), ENGINE, clock.instant());
        tx.match(m);
        String party = book.confirm(tx.toBankTransaction(), engineAllocations(allocations), settings);
        LearnedPayer learned = party == null
                ? null
                : LearnedPayer.of(
                        tx.tenantId(), party, tx.counterpartyIban(), null, MatchDecision.AUTO, clock.instant());
        return store(tx, m, allocations, learned, d.reasons());
    }

    /**
     * A person's match (a confirmed suggestion or one made by hand); when the invoices have one counterparty, the
     * payer's IBAN and name are learned for it.
     */
    public Uni<PaymentMatch> byPerson(
            ReconTransaction tx,
            OpenItemBook book,
            List<StoredAllocation> allocations,
            MatchDecision decidedBy,
            double confidence,
            List<String> reasons,
            String by) {
        PaymentMatch m = PaymentMatch.of(tx, decidedBy, confidence, reasons, by, clock.instant());
        tx.match(m);
        book.apply(engineAllocations(allocations));
        Set<String> parties = allocations.stream()
                .map(a -> book.invoice(a.invoiceId())
                        .map(Invoice::counterpartyName)
                        .orElse(null))
                .filter(Objects::nonNull)
                .collect(Collectors.toCollection(TreeSet::new));
        LearnedPayer learned = null;
        if (parties.size() == 1 && (tx.counterpartyIban() != null || tx.counterpartyName() != null)) {
            String party = parties.iterator().next();
            book.learn(tx.tenantId(), party, tx.counterpartyIban(), tx.counterpartyName());
            learned = LearnedPayer.of(
                    tx.tenantId(), party, tx.counterpartyIban(), tx.counterpartyName(), decidedBy, clock.instant());
        }
        return store(tx, m, allocations, learned, reasons);
    }

    private Uni<PaymentMatch> store(
            ReconTransaction tx,
            PaymentMatch m,
            List<StoredAllocation> allocations,
            LearnedPayer learned,
            List<String> reasons) {
        List<MatchAllocation> rows =
                allocations.stream().map(a -> MatchAllocation.of(m, a)).toList();
        return matches.persist(m)
                .flatMap(x -> InOrder.each(
                        rows,
                        row -> matches.persistAllocation(row)
                                .flatMap(r -> openItems.lockForTenant(tx.tenantId(), row.invoiceId()))
                                .invoke(item -> {
                                    if (item != null) {
                                        item.allocate(row.amount(), clock.instant());
                                    }
                                })
                                .replaceWithVoid()))
                .flatMap(x -> learned == null
                        ? Uni.createFrom().voidItem()
                        : learnedPayers.persist(learned).replaceWithVoid())
                .flatMap(x -> books.bump(tx.tenantId()))
                .flatMap(x -> outbox.append(
                        PaymentMatch.AGGREGATE,
                        new PaymentMatched(
                                m.id().toString(),
                                tx.tenantId(),
                                tx.transactionId(),
                                rows.stream().map(MatchAllocation::toEvent).toList(),
                                m.decidedBy(),
                                m.confidence().doubleValue(),
                                reasons,
                                tx.bookingDate(),
                                m.matchedAt(),
                                rate(tx, allocations))))
                .replaceWith(m);
    }

    /** The rate a payment converted from its invoices' currency was compared at; null for one in their currency. */
    private static ExchangeRate rate(ReconTransaction tx, List<StoredAllocation> allocations) {
        for (StoredAllocation a : allocations) {
            ExchangeRate r = tx.rateFrom(a.currency());
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private static List<Allocation> engineAllocations(List<StoredAllocation> allocations) {
        return allocations.stream().map(StoredAllocation::toEngine).toList();
    }
}
