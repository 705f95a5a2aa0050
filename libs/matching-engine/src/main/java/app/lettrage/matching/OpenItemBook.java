package app.lettrage.matching;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One tenant's open invoices, indexed so that a decision looks up candidates instead of scanning: by normalised
 * reference keys, by amount due in minor units, by counterparty (IBAN, normalised name tokens). Updated incrementally
 * as invoices are created, changed or paid. Not thread-safe: one book per tenant, used by one thread at a time (the
 * service partitions its stream by tenant).
 */
public final class OpenItemBook {

    private final String tenantId;
    private final Map<String, Item> items = new HashMap<>();
    private final Map<String, Partition> partitions = new TreeMap<>();
    /** payer IBAN -> counterparty keys, learned from confirmed matches. */
    private final Map<String, TreeSet<String>> learnedIbans = new HashMap<>();
    /** payer name key -> counterparty keys, learned from confirmed matches. */
    private final Map<String, TreeSet<String>> learnedNames = new HashMap<>();
    /**
     * name key (without legal form) -> counterparty keys (with it) -> how many known invoices, settled ones included:
     * the companies a payer's name could mean.
     */
    private final Map<String, Map<String, Integer>> families = new HashMap<>();
    /** counterparty key -> {name key, legal form} of the known counterparties. */
    private final Map<String, String[]> partyNames = new HashMap<>();
    /** The letters that begin known invoice numbers and references ("FV" of "FV-2026-00019"). */
    private final Set<String> numberStarts = new HashSet<>();
    /** Shapes of the known invoice numbers, per direction. */
    private final Map<Direction, NumberShapes> shapes = new EnumMap<>(Direction.class);

    public OpenItemBook(String tenantId) {
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
    }

    public String tenantId() {
        return tenantId;
    }

    // ------------------------------------------------------------------ mutation

    /** Adds or replaces an invoice (its {@code amountDue} becomes the open amount). */
    public void upsert(Invoice invoice) {
        if (!tenantId.equals(invoice.tenantId())) {
            throw new IllegalArgumentException(
                    "invoice " + invoice.id() + " belongs to tenant " + invoice.tenantId() + ", not " + tenantId);
        }
        Item old = items.remove(invoice.id());
        if (old != null) {
            unindex(old);
            forget(old);
        }
        Item it = new Item(invoice);
        items.put(invoice.id(), it);
        remember(it);
        index(it);
    }

    /** Removes an invoice (cancelled, deleted). Returns whether it was known. */
    public boolean remove(String invoiceId) {
        Item it = items.remove(invoiceId);
        if (it == null) {
            return false;
        }
        unindex(it);
        forget(it);
        return true;
    }

    /** Reduces the invoice's amount due by {@code amount} (not below zero) and returns the new amount due. */
    public BigDecimal applyAllocation(String invoiceId, BigDecimal amount) {
        Item it = require(invoiceId);
        long a = Money.toMinor(amount, it.exponent);
        unindex(it);
        it.dueMinor = Math.max(0, it.dueMinor - a);
        index(it);
        return Money.fromMinor(it.dueMinor, it.exponent);
    }

    /** Undoes {@link #applyAllocation}: raises the amount due (not above the total) and returns it. */
    public BigDecimal revertAllocation(String invoiceId, BigDecimal amount) {
        Item it = require(invoiceId);
        long a = Money.toMinor(amount, it.exponent);
        unindex(it);
        it.dueMinor = Math.min(it.totalMinor, it.dueMinor + a);
        index(it);
        return Money.fromMinor(it.dueMinor, it.exponent);
    }

    /** Applies every allocation of a decision (amount plus accepted write-off). */
    public void apply(List<Allocation> allocations) {
        for (Allocation a : allocations) {
            applyAllocation(a.invoiceId(), a.settledAmount());
        }
    }

    /** Reverts every allocation of a decision. */
    public void revert(List<Allocation> allocations) {
        for (Allocation a : allocations) {
            revertAllocation(a.invoiceId(), a.settledAmount());
        }
    }

    /**
     * Records that a payer (IBAN and/or name) pays for a counterparty, after a person or the service confirmed a
     * match. {@code counterparty} is the invoice's counterparty name (or its key, see {@link Names#key}).
     */
    public void learn(String tenantId, String counterparty, String payerIban, String payerName) {
        if (!this.tenantId.equals(tenantId)) {
            throw new IllegalArgumentException("book of tenant " + this.tenantId + " cannot learn for " + tenantId);
        }
        String party = Names.partyKey(counterparty);
        if (party == null) {
            return;
        }
        String iban = normIban(payerIban);
        if (iban != null) {
            learnedIbans.computeIfAbsent(iban, k -> new TreeSet<>()).add(party);
        }
        String nk = Names.partyKey(payerName);
        if (nk != null && !Objects.equals(Names.key(payerName), Names.key(party))) {
            learnedNames.computeIfAbsent(nk, k -> new TreeSet<>()).add(party);
        }
    }

    /**
     * Applies confirmed allocations and learns the payer's IBAN for the invoices' counterparty when the payer's name
     * agrees with it (or is absent): what the service calls once a match is final.
     *
     * @return the counterparty key the payer's IBAN was learned for, or null when nothing was learned (so that a
     *         caller can persist what the book learned and feed it back with {@link #learn} after a rebuild)
     */
    public String confirm(BankTransaction tx, List<Allocation> allocations, MatchingSettings settings) {
        Item counterparty = null;
        boolean one = true;
        for (Allocation a : allocations) {
            Item it = items.get(a.invoiceId());
            if (it != null && it.partyKey != null) {
                one &= counterparty == null || counterparty.partyKey.equals(it.partyKey);
                counterparty = it;
            }
        }
        apply(allocations);
        String iban = normIban(tx.counterpartyIban());
        if (counterparty != null && one && iban != null) {
            String party = counterparty.partyKey;
            Set<String> known = learnedIbans.get(iban);
            if (known != null && known.contains(party)) {
                return party; // learnt before
            }
            Names.Parsed payer = Names.parse(tx.counterpartyName() == null ? "" : tx.counterpartyName());
            boolean nameAgrees = payer.tokens().isEmpty()
                    || (Names.similarity(payer.tokens(), counterparty.partyTokens) >= settings.nameSimilarityThreshold()
                            && Names.formMatch(payer, counterparty.form) != Names.FormMatch.DIFFERENT);
            if (nameAgrees) {
                learnedIbans.computeIfAbsent(iban, k -> new TreeSet<>()).add(party);
                return party;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ queries

    public Optional<BigDecimal> amountDue(String invoiceId) {
        Item it = items.get(invoiceId);
        return it == null ? Optional.empty() : Optional.of(Money.fromMinor(it.dueMinor, it.exponent));
    }

    public Optional<Invoice> invoice(String invoiceId) {
        Item it = items.get(invoiceId);
        return it == null ? Optional.empty() : Optional.of(it.invoice);
    }

    /** Number of invoices with an amount still due. */
    public int openCount() {
        int n = 0;
        for (Partition p : partitions.values()) {
            n += p.open;
        }
        return n;
    }

    public int size() {
        return items.size();
    }

    // ------------------------------------------------------------------ engine access (package-private)

    Item item(String id) {
        return items.get(id);
    }

    Partition partition(Direction d, String currency) {
        return partitions.get(partitionKey(d, currency));
    }

    Set<String> learnedPartiesByIban(String iban) {
        TreeSet<String> s = learnedIbans.get(iban);
        return s == null ? Set.of() : Collections.unmodifiableSet(s);
    }

    /** The counterparty keys of every known invoice (settled ones included) whose name has this name key. */
    Set<String> family(String nameKey) {
        Map<String, Integer> f = nameKey == null ? null : families.get(nameKey);
        return f == null ? Set.of() : Collections.unmodifiableSet(f.keySet());
    }

    /** The name key (without legal form) of a known counterparty key. */
    String nameKeyOf(String partyKey) {
        String[] n = partyNames.get(partyKey);
        return n != null ? n[0] : Names.key(partyKey);
    }

    /** The canonical legal form of a known counterparty key, "" when none. */
    String formOf(String partyKey) {
        String[] n = partyNames.get(partyKey);
        return n != null ? n[1] : Names.parse(partyKey).form();
    }

    NumberShapes shapes(Direction d) {
        return shapes.computeIfAbsent(d, k -> new NumberShapes());
    }

    Set<String> learnedPartiesByName(String nameKey) {
        TreeSet<String> s = nameKey == null ? null : learnedNames.get(nameKey);
        return s == null ? Set.of() : Collections.unmodifiableSet(s);
    }

    static String normIban(String iban) {
        if (iban == null) {
            return null;
        }
        String c = References.compact(iban);
        return c.isEmpty() ? null : c;
    }

    private static String partitionKey(Direction d, String currency) {
        return d.name() + "|" + currency.trim().toUpperCase(Locale.ROOT);
    }

    private Item require(String invoiceId) {
        Item it = items.get(invoiceId);
        if (it == null) {
            throw new IllegalArgumentException("unknown invoice " + invoiceId + " in book of tenant " + tenantId);
        }
        return it;
    }

    private void remember(Item it) {
        if (it.partyKey != null) {
            families.computeIfAbsent(it.nameKey, k -> new TreeMap<>()).merge(it.partyKey, 1, Integer::sum);
            partyNames.putIfAbsent(it.partyKey, new String[] {it.nameKey, it.form});
        }
        shapes(it.invoice.direction()).add(it.numberRuns);
        addStart(it.numberRuns);
        if (it.rf == null && it.ogm == null) {
            addStart(
                    it.invoice.paymentReference() == null ? List.of() : References.runs(it.invoice.paymentReference()));
        }
    }

    private void addStart(List<String> runs) {
        if (!runs.isEmpty() && !References.isDigit(runs.get(0).charAt(0))) {
            numberStarts.add(runs.get(0));
        }
    }

    /**
     * The letter runs that begin known invoice numbers and references: a remittance word that is none of them begins
     * no invoice number (it is not looked up). Only grows; a few stale entries cost nothing.
     */
    Set<String> numberStarts() {
        return Collections.unmodifiableSet(numberStarts);
    }

    private void forget(Item it) {
        if (it.partyKey != null) {
            Map<String, Integer> f = families.get(it.nameKey);
            if (f != null && f.merge(it.partyKey, -1, Integer::sum) <= 0) {
                f.remove(it.partyKey);
                partyNames.remove(it.partyKey);
                if (f.isEmpty()) {
                    families.remove(it.nameKey);
                }
            }
        }
        shapes(it.invoice.direction()).remove(it.numberRuns);
    }

    private void index(Item it) {
        Partition p = partitions.computeIfAbsent(
                partitionKey(it.invoice.direction(), it.invoice.currency()), k -> new Partition());
        if (it.dueMinor <= 0) {
            // settled: only its references stay known, to tell a payer who quotes it that it is settled
            for (String k : it.refKeys) {
                p.settledByRef.computeIfAbsent(k, x -> new IdSet<>()).add(it);
            }
            it.indexedDue = 0;
            it.indexed = true;
            return;
        }
        p.open++;
        for (String k : it.refKeys) {
            p.byRef.computeIfAbsent(k, x -> new IdSet<>()).add(it);
        }
        IdSet<Item> sameDue = p.byDue.computeIfAbsent(it.dueMinor, x -> new IdSet<>());
        if (sameDue.isEmpty()) {
            p.byDueExact.put(it.dueMinor, sameDue);
        }
        sameDue.add(it);
        if (it.partyKey != null) {
            IdSet<Item> partyItems = p.byParty.computeIfAbsent(it.partyKey, x -> new IdSet<>());
            if (partyItems.isEmpty()) {
                p.partyTokens.put(it.partyKey, it.partyTokens);
                p.byName.computeIfAbsent(it.nameKey, x -> new IdSet<>()).add(it.partyKey);
                for (String t : it.partyTokens) {
                    p.byNameToken.computeIfAbsent(t, x -> new IdSet<>()).add(it.partyKey);
                    if (t.length() > 4) {
                        p.byNameToken
                                .computeIfAbsent(prefixKey(t), x -> new IdSet<>())
                                .add(it.partyKey);
                    }
                }
            }
            partyItems.add(it);
        }
        if (it.iban != null) {
            p.byIban.computeIfAbsent(it.iban, x -> new IdSet<>()).add(it);
        }
        it.indexedDue = it.dueMinor;
        it.indexed = true;
    }

    static String prefixKey(String token) {
        return "^" + token.substring(0, 4);
    }

    private void unindex(Item it) {
        if (!it.indexed) {
            return;
        }
        Partition p = partitions.get(partitionKey(it.invoice.direction(), it.invoice.currency()));
        it.indexed = false;
        if (it.indexedDue <= 0) {
            for (String k : it.refKeys) {
                removeFrom(p.settledByRef, k, it);
            }
            return;
        }
        p.open--;
        for (String k : it.refKeys) {
            removeFrom(p.byRef, k, it);
        }
        removeFrom(p.byDue, it.indexedDue, it);
        if (!p.byDue.containsKey(it.indexedDue)) {
            p.byDueExact.remove(it.indexedDue);
        }
        if (it.partyKey != null) {
            IdSet<Item> partyItems = p.byParty.get(it.partyKey);
            partyItems.remove(it);
            if (partyItems.isEmpty()) {
                p.byParty.remove(it.partyKey);
                p.partyTokens.remove(it.partyKey);
                removeFrom(p.byName, it.nameKey, it.partyKey);
                for (String t : it.partyTokens) {
                    removeFrom(p.byNameToken, t, it.partyKey);
                    if (t.length() > 4) {
                        removeFrom(p.byNameToken, prefixKey(t), it.partyKey);
                    }
                }
            }
        }
        if (it.iban != null) {
            removeFrom(p.byIban, it.iban, it);
        }
    }

    private static <K, T extends Comparable<? super T>> void removeFrom(Map<K, IdSet<T>> m, K k, T v) {
        IdSet<T> s = m.get(k);
        if (s != null) {
            s.remove(v);
            if (s.isEmpty()) {
                m.remove(k);
            }
        }
    }

    /** An invoice and its derived keys; {@code dueMinor} is the open amount. */
    static final class Item implements Comparable<Item> {
        final Invoice invoice;
        final int exponent;
        final long totalMinor;
        long dueMinor;
        /** Counterparty key, legal form included (see {@link Names#partyKey}). */
        final String partyKey;
        /** Name key without the legal form: the family the counterparty belongs to. */
        final String nameKey;
        /** Canonical legal form, "" when none. */
        final String form;
        /** Significant name tokens, sorted. */
        final List<String> partyTokens;

        final Set<String> refKeys;
        final String shortKey;
        /** The invoice number cut into letter and digit runs ({@link References#runs}). */
        final List<String> numberRuns;

        final String rf;
        final String ogm;
        final String iban;
        /** Issue and due dates as epoch days, {@link #NO_DAY} when absent (compared once per candidate). */
        final long issueDay;

        final long dueDay;
        static final long NO_DAY = Long.MIN_VALUE;
        boolean indexed;
        long indexedDue;

        Item(Invoice inv) {
            this.invoice = inv;
            this.exponent = Money.exponent(inv.currency());
            this.totalMinor = Money.toMinor(inv.totalAmount(), exponent);
            this.dueMinor = Money.toMinor(inv.amountDue(), exponent);
            String name = inv.counterpartyName();
            Names.Parsed parsed = name == null || name.isBlank() ? null : Names.parse(name);
            this.nameKey = parsed == null ? null : Names.key(parsed);
            this.form = nameKey == null ? "" : parsed.form();
            this.partyKey = nameKey == null ? null : Names.partyKey(parsed);
            this.partyTokens = nameKey == null ? List.of() : List.of(nameKey.split(" "));
            this.numberRuns = inv.number() == null ? List.of() : References.runs(inv.number());
            Set<String> keys = new LinkedHashSet<>(References.numberKeys(numberRuns));
            String ref = inv.paymentReference();
            String rfv = null;
            String ogmv = null;
            if (ref != null && !ref.isBlank()) {
                if (References.isValidRf(ref)) {
                    rfv = References.compact(ref);
                    keys.add("RF:" + rfv);
                } else if ((ogmv = References.ogmOf(ref)) != null) {
                    keys.add("OGM:" + ogmv);
                } else {
                    keys.addAll(References.numberKeys(ref));
                }
            }
            this.rf = rfv;
            this.ogm = ogmv;
            this.refKeys = keys;
            this.shortKey = References.shortNumberKey(numberRuns);
            this.iban = normIban(inv.counterpartyIban());
            this.issueDay = inv.issueDate() == null ? NO_DAY : inv.issueDate().toEpochDay();
            this.dueDay = inv.dueDate() == null ? NO_DAY : inv.dueDate().toEpochDay();
        }

        String id() {
            return invoice.id();
        }

        @Override
        public int compareTo(Item o) {
            return invoice.id().compareTo(o.invoice.id());
        }
    }

    /** Indexes of one direction and currency. */
    static final class Partition {
        int open;
        final Map<String, IdSet<Item>> byRef = new HashMap<>();
        final TreeMap<Long, IdSet<Item>> byDue = new TreeMap<>();
        /** The same postings as {@link #byDue}, hashed: the exact-amount look-up of every decision. */
        final Map<Long, IdSet<Item>> byDueExact = new HashMap<>();

        final Map<String, IdSet<Item>> byParty = new HashMap<>();
        final Map<String, IdSet<Item>> byIban = new HashMap<>();
        final Map<String, IdSet<String>> byNameToken = new HashMap<>();
        /** name key (without legal form) -> counterparty keys with open invoices. */
        final Map<String, IdSet<String>> byName = new HashMap<>();
        /** reference keys of settled invoices -> their ids. */
        final Map<String, IdSet<Item>> settledByRef = new HashMap<>();
        /** counterparty key -> its tokens, for the counterparties with open invoices. */
        final Map<String, List<String>> partyTokens = new HashMap<>();
    }
}
