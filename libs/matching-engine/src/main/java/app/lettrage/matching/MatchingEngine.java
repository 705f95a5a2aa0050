package app.lettrage.matching;

import app.lettrage.matching.OpenItemBook.Item;
import app.lettrage.matching.OpenItemBook.Partition;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Decides, for one bank transaction and one tenant's {@link OpenItemBook}, whether the transaction settles open
 * invoices: AUTO_MATCHED, SUGGESTED or UNMATCHED, with allocations, a confidence and readable reasons. Stateless and
 * deterministic: the same book and transaction give the same decision. Every look-up goes through the book's indexes;
 * a decision never scans all open invoices.
 *
 * <p>Evidence is scored (reference strength x amount relation x payer), then rules veto automatic matches that
 * explicit evidence contradicts: a reference that names another invoice, a reference whose invoice has another amount
 * while an invoice of the payer fits it, a write-off that is no plausible fee, a grouped payment whose combination the
 * references do not decide, a payer known only by a name that several companies share.
 */
public final class MatchingEngine {

    /** How many open invoices of one counterparty are looked at. */
    private static final int MAX_PARTY_ITEMS = 200;
    /** Up to this many open invoices of one counterparty are all candidates; beyond, only those the amount fits. */
    private static final int MAX_PARTY_ALL = 16;
    /** How many invoices an amount look-up may return. */
    private static final int MAX_AMOUNT_ITEMS = 40;
    /** How many invoices the shortfall / overpayment ranges may add. */
    private static final int MAX_AMOUNT_RANGE_ITEMS = 16;
    /** How many counterparties a fuzzy name look-up may scan, and compare with Jaro-Winkler. */
    private static final int MAX_NAME_SCAN = 400;

    private static final int MAX_NAME_PARTIES = 100;
    /**
     * A combination of a payer's open invoices found by subset search is believed without a person only when a
     * combination fitting by chance is unlikely: with n invoices the remittance does not name there are 2^n
     * combinations, and the payment's amount in minor units bounds how many distinct sums there are. Believed when 2^n
     * is at most amount / 2^8, a chance fit below 0.4%.
     */
    private static final int SUBSET_CHANCE_BITS = 8;
    /** Days a transfer may take between the payer's order and the booking (discount deadline). */
    private static final int DISCOUNT_BOOKING_DELAY = 5;
    /** Confidence cap of a candidate that explicit evidence vetoes: shown first among suggestions, never automatic. */
    private static final double VETOED = 0.85;
    /** Confidence cap of a named invoice whose amount disagrees while another invoice of the payer fits. */
    private static final double DISAGREEING_REFERENCE = 0.80;

    /** Tolerances of the last settings and currency exponent decided with (immutable; a race only recomputes). */
    private volatile Limits limits;

    public MatchingEngine() {}

    enum Strength {
        STRONG,
        WEAK,
        NONE
    }

    enum Rel {
        EXACT,
        OVER_SMALL,
        FEE,
        DISCOUNT,
        INSTALMENT,
        PARTIAL,
        OVER_LARGE;

        /** The amount settles the invoice (exactly or within a tolerance). */
        boolean fits() {
            return this == EXACT || this == OVER_SMALL || this == FEE || this == DISCOUNT;
        }

        boolean tolerance() {
            return this == OVER_SMALL || this == FEE || this == DISCOUNT;
        }
    }

    /** How the payer relates to an invoice's counterparty. */
    enum PartyState {
        /** The payer's IBAN is the counterparty's (on an invoice, or learned from confirmed matches). */
        IBAN,
        /** The payer's name identifies the counterparty, and no other known company. */
        NAME,
        /** The payer's name fits the counterparty, but also other companies (legal form missing or cut). */
        WEAK,
        /** Neither name nor IBAN given. */
        UNKNOWN,
        MISMATCH;

        boolean identified() {
            return this == IBAN || this == NAME;
        }
    }

    /** What identifies a counterparty as the payer. */
    enum Basis {
        IBAN,
        LEARNED_IBAN,
        NAME,
        LEARNED_NAME,
        SHARED_NAME
    }

    record RefHit(Strength strength, String reason) {}

    /** Evidence that the payer is a counterparty; its reason is written only when a candidate is shown. */
    record PartyEv(double score, Basis basis, Supplier<String> why) {
        String reason() {
            return why.get();
        }
    }

    /** A reference the payer quotes: an invoice number of the tenant's shape, an RF reference, a structured one. */
    record Quote(String shown, Set<String> open, Set<String> settled) {}

    /** A candidate under construction. */
    private static final class Cand {
        final List<Item> items;
        /** Null for a single-invoice candidate until it is shown or chosen (see {@link Ctx#allocations}). */
        List<Allocation> allocations;

        double confidence;
        final List<String> reasons;
        boolean autoEligible;
        /** Single-invoice candidates: the amount relation, reference strength and payer. */
        Rel rel;

        Strength strength = Strength.NONE;
        PartyState party = PartyState.UNKNOWN;
        /**
         * Reasons of the rules that capped this candidate, added after the scoring reasons; written only when the
         * candidate is shown.
         */
        List<Supplier<String>> vetoes = List.of();

        Cand(
                List<Item> items,
                List<Allocation> allocations,
                double confidence,
                List<String> reasons,
                boolean autoEligible) {
            this.items = items;
            this.allocations = allocations;
            this.confidence = Math.max(0.0, Math.min(1.0, confidence));
            this.reasons = reasons;
            this.autoEligible = autoEligible;
        }

        void veto(double cap, Supplier<String> reason) {
            autoEligible = false;
            confidence = Math.min(confidence, cap);
            if (vetoes.isEmpty()) {
                vetoes = new ArrayList<>(2);
            }
            vetoes.add(reason);
        }

        private String idKey;

        String idKey() {
            if (idKey == null) {
                if (items.size() == 1) {
                    idKey = items.get(0).id();
                } else {
                    List<String> ids = new ArrayList<>();
                    for (Item i : items) {
                        ids.add(i.id());
                    }
                    ids.sort(null);
                    idKey = String.join(",", ids);
                }
            }
            return idKey;
        }

        boolean contains(String id) {
            for (Item i : items) {
                if (i.id().equals(id)) {
                    return true;
                }
            }
            return false;
        }

        LocalDate firstDue() {
            LocalDate d = null;
            for (Item i : items) {
                LocalDate x = i.invoice.dueDate() != null ? i.invoice.dueDate() : i.invoice.issueDate();
                if (x != null && (d == null || x.isBefore(d))) {
                    d = x;
                }
            }
            return d == null ? LocalDate.MAX : d;
        }

        String numbers() {
            List<String> n = new ArrayList<>();
            for (Item i : items) {
                n.add(i.invoice.number());
            }
            return String.join(", ", n);
        }
    }

    private static final Comparator<Cand> ORDER = Comparator.<Cand>comparingDouble(c -> -round3(c.confidence))
            .thenComparingInt(c -> c.items.size())
            .thenComparing(Cand::firstDue)
            .thenComparing(Cand::idKey);

    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /**
     * Decides one transaction against the tenant's open items. Does not modify the book. A payment the bank converted
     * from another currency is also compared with the invoices of that currency ({@link ConvertedPayments}).
     */
    public Decision decide(BankTransaction tx, OpenItemBook book, MatchingSettings s) {
        if (tx.conversion() != null && tx.tenantId().equals(book.tenantId())) {
            return ConvertedPayments.decide(tx, book, s, booked -> decideAsBooked(booked, book, s));
        }
        return decideAsBooked(tx, book, s);
    }

    /** Decides the transaction against the open invoices in its own currency. */
    private Decision decideAsBooked(BankTransaction tx, OpenItemBook book, MatchingSettings s) {
        if (!tx.tenantId().equals(book.tenantId())) {
            return Decision.unmatched(
                    tx.id(),
                    List.of("transaction of tenant " + tx.tenantId() + " is never matched against invoices of tenant "
                            + book.tenantId()));
        }
        Direction dir = Direction.settledBy(tx.amount());
        if (dir == null) {
            return Decision.unmatched(tx.id(), List.of("zero amount"));
        }
        Partition p = book.partition(dir, tx.currency());
        if (p == null || p.open == 0) {
            return Decision.unmatched(
                    tx.id(),
                    List.of("no open " + dir + " invoice in " + tx.currency()
                            + (dir == Direction.SALES
                                    ? " (money in settles sales invoices)"
                                    : " (money out settles purchase invoices)")));
        }
        int exp = Money.exponent(tx.currency());
        long amt = Money.toMinor(tx.amount().abs(), exp);
        Limits l = limits;
        if (l == null || !l.isFor(s, exp)) {
            l = new Limits(s, exp);
            limits = l; // the next decision of the tenant (same settings object) reuses it
        }
        Ctx c = new Ctx(tx, book, p, dir, s, l, exp, amt);
        c.collectReferences();
        c.collectParties();
        c.collectPool();
        List<Cand> cands = new ArrayList<>();
        for (Item it : c.pool.values()) {
            Cand k = c.single(it, false);
            if (k != null) {
                cands.add(k);
            }
        }
        c.referenceGroups(cands);
        c.partyGroups(cands);
        c.contradictingReferences(cands);
        c.disagreeingReferences(cands);
        return c.conclude(cands);
    }

    // ====================================================================== per-decision context

    private static final class Ctx {
        final BankTransaction tx;
        final OpenItemBook book;
        final Partition p;
        final Direction dir;
        final MatchingSettings s;
        final int exp;
        final long amt;
        final String payerIban;
        /** Booking date as an epoch day ({@link Item#NO_DAY} when unknown). */
        final long bookDay;

        final Names.Parsed payer;
        final List<String> payerTokens;
        final FeePolicy fees;
        final long overAbsMinor;
        final long unitMinor;
        final long overRelPpm;
        final long discPpm;
        final int maxDiscountPermille;
        /** item id -> reference evidence (strongest kept). */
        final Map<String, RefHit> refs = new HashMap<>();
        /** counterparty key -> party evidence. */
        final Map<String, PartyEv> parties = new TreeMap<>();
        /** candidate invoices, by id (candidates are sorted with an id tie-break, so hash order never shows). */
        final Map<String, Item> pool = new HashMap<>();
        /** Counterparties' postings already in the pool (by identity). */
        final Set<IdSet<Item>> added = Collections.newSetFromMap(new IdentityHashMap<>(4));
        /** References the payer quotes, resolved or not. */
        final List<Quote> quotes = new ArrayList<>();

        /** Numbers in the remittance and structured reference without leading zeros (weak evidence). */
        final Set<String> numericTokens = new HashSet<>();

        Ctx(
                BankTransaction tx,
                OpenItemBook book,
                Partition p,
                Direction dir,
                MatchingSettings s,
                Limits limits,
                int exp,
                long amt) {
            this.tx = tx;
            this.book = book;
            this.p = p;
            this.dir = dir;
            this.s = s;
            this.exp = exp;
            this.amt = amt;
            this.payerIban = OpenItemBook.normIban(tx.counterpartyIban());
            this.bookDay =
                    tx.bookingDate() == null ? Item.NO_DAY : tx.bookingDate().toEpochDay();
            this.fees = limits.fees(PaymentChannel.of(tx));
            this.overAbsMinor = limits.overAbsMinor;
            this.unitMinor = limits.unitMinor;
            this.overRelPpm = limits.overRelPpm;
            this.discPpm = limits.discPpm;
            this.maxDiscountPermille = limits.maxDiscountPermille;
            this.payer = tx.counterpartyName() == null ? null : Names.parse(tx.counterpartyName());
            // each word once: "Dupont et Dupont" is compared as the counterparty key is, without repeats
            this.payerTokens = payer == null ? List.of() : List.copyOf(new LinkedHashSet<>(payer.tokens()));
        }

        String fmt(long minor) {
            return Money.format(minor, exp);
        }

        // ------------------------------------------------------------ references

        void collectReferences() {
            String structured = tx.structuredReference();
            String text = tx.remittanceInformation();
            if (structured != null && !structured.isBlank()) {
                scan(structured, "structured reference", true);
                String c = References.compact(structured);
                hitKey("N:" + c, "structured reference", null);
            }
            if (text != null && !text.isBlank()) {
                scan(text, "remittance", true);
            }
            // some payers put the invoice reference in the end-to-end id; its other tokens are the payer's own
            String e2e = tx.endToEndId();
            if (e2e != null && !e2e.isBlank() && !e2e.equalsIgnoreCase("NOTPROVIDED")) {
                scan(e2e, "end-to-end id", false);
            }
        }

        private void scan(String text, String where, boolean quoted) {
            for (List<String> readings : References.rfCandidatesByPosition(text)) {
                String resolved = null;
                for (String rf : readings) {
                    if (hitKey("RF:" + rf, where, "RF reference " + rf + " (check digits valid) in " + where)) {
                        resolved = rf;
                        break;
                    }
                }
                if (quoted) {
                    String rf = resolved != null ? resolved : readings.get(0);
                    quote(rf, List.of("RF:" + rf));
                }
            }
            for (String ogm : References.ogmCandidates(text)) {
                String shown = References.formatOgm(ogm);
                hitKey("OGM:" + ogm, where, "structured communication " + shown + " (check digits valid) in " + where);
                if (quoted) {
                    quote(shown, List.of("OGM:" + ogm));
                }
            }
            List<String> runs = References.runs(text);
            if (quoted) {
                for (NumberShapes.Quoted q : book.shapes(dir).find(text, runs)) {
                    quote(q.shown(), q.keys());
                }
                References.addNumericTokens(runs, numericTokens);
            }
            for (String k : References.textKeys(runs, References.mayBeCut(text), book.numberStarts())) {
                hitKey(k, where, null);
            }
        }

        private void quote(String shown, List<String> keys) {
            Set<String> open = new TreeSet<>();
            Set<String> settled = new TreeSet<>();
            for (String k : keys) {
                IdSet<Item> o = p.byRef.get(k);
                if (o != null) {
                    for (Item it : o) {
                        open.add(it.id());
                    }
                }
                IdSet<Item> c = p.settledByRef.get(k);
                if (c != null) {
                    for (Item it : c) {
                        settled.add(it.id());
                    }
                }
            }
            for (Quote q : quotes) {
                if (q.open.equals(open) && q.settled.equals(settled) && (!open.isEmpty() || q.shown.equals(shown))) {
                    return; // the same invoice quoted twice (number and RF, structured field and text)
                }
            }
            quotes.add(new Quote(shown, open, settled));
        }

        private boolean hitKey(String key, String where, String reason) {
            IdSet<Item> items = p.byRef.get(key);
            if (items == null) {
                return false;
            }
            for (Item it : items) {
                String id = it.id();
                if (refs.containsKey(id)) {
                    continue;
                }
                String r = reason != null ? reason : "invoice number " + it.invoice.number() + " in " + where;
                refs.put(id, new RefHit(Strength.STRONG, r));
                pool.put(id, it);
            }
            return true;
        }

        /** How a reason describes a quoted reference. */
        private String describe(Quote q) {
            if (!q.open.isEmpty()) {
                Item it = book.item(q.open.iterator().next());
                String inv = it.invoice.number().equals(q.shown) ? "" : ", invoice " + it.invoice.number();
                return q.shown + inv + " (open, " + fmt(it.dueMinor) + " due, " + it.invoice.counterpartyName() + ")";
            }
            if (!q.settled.isEmpty()) {
                Item it = book.item(q.settled.iterator().next());
                String inv = it.invoice.number().equals(q.shown) ? "" : " (invoice " + it.invoice.number() + ")";
                return q.shown + inv + ", an invoice already settled";
            }
            return q.shown + ", which names no open invoice";
        }

        // ------------------------------------------------------------ parties

        void collectParties() {
            if (payerIban != null) {
                IdSet<Item> items = p.byIban.get(payerIban);
                if (items != null) {
                    for (Item it : items) {
                        if (it.partyKey != null && !parties.containsKey(it.partyKey)) {
                            parties.put(
                                    it.partyKey,
                                    new PartyEv(
                                            1.0,
                                            Basis.IBAN,
                                            () -> "payer IBAN " + payerIban
                                                    + " belongs to counterparty " + it.invoice.counterpartyName()
                                                    + " (known from invoice " + it.invoice.number() + ")"));
                        }
                    }
                }
                for (String party : book.learnedPartiesByIban(payerIban)) {
                    if (!parties.containsKey(party) && p.byParty.containsKey(party)) {
                        parties.put(
                                party,
                                new PartyEv(
                                        0.99,
                                        Basis.LEARNED_IBAN,
                                        () -> "payer IBAN " + payerIban + " learned from confirmed matches"));
                    }
                }
            }
            if (payerTokens.isEmpty()) {
                return;
            }
            Set<String> learned = book.learnedPartiesByName(Names.partyKey(payer));
            for (String party : learned) {
                if (!parties.containsKey(party) && p.byParty.containsKey(party)) {
                    parties.put(
                            party,
                            new PartyEv(
                                    0.97,
                                    learned.size() == 1 ? Basis.LEARNED_NAME : Basis.SHARED_NAME,
                                    () -> "payer name learned from confirmed matches"));
                }
            }
            // the payer's name reduced to a name key equals one: no fuzzy search needed
            IdSet<String> same = p.byName.get(String.join(" ", new TreeSet<>(payerTokens)));
            if (same != null) {
                Map<String, Double> found = new TreeMap<>();
                for (String party : same) {
                    found.put(party, 1.0);
                }
                nameEvidence(found);
                return;
            }
            if (!parties.isEmpty()) {
                return; // the payer's IBAN already identifies the counterparty: no fuzzy name search
            }
            // otherwise fuzzy: first counterparties sharing every token of the payer's name, exactly or by a
            // 4-letter prefix (truncation, plural...), found in the smallest posting; then, only if none fits,
            // counterparties sharing all tokens but one, the other close enough to be a typo
            List<String> distinct = new ArrayList<>(new TreeSet<>(payerTokens));
            String lastWord = payerTokens.get(payerTokens.size() - 1);
            List<IdSet<String>[]> postings = new ArrayList<>();
            for (String t : distinct) {
                IdSet<String> a = p.byNameToken.get(t);
                IdSet<String> b =
                        t.equals(lastWord) && t.length() >= 4 ? p.byNameToken.get(OpenItemBook.prefixKey(t)) : null;
                postings.add(pair(a, b));
            }
            postings.sort(Comparator.comparingInt(Ctx::postingSize));
            Map<String, Double> found = new TreeMap<>();
            searchNames(distinct, postings, distinct.size(), 1, found);
            if (found.isEmpty() && distinct.size() >= 2) {
                searchNames(distinct, postings, distinct.size() - 1, 2, found);
            }
            nameEvidence(found);
        }

        /**
         * Turns counterparties whose names fit the payer's into evidence: none of another legal form; identifying only
         * when no other known company (settled invoices included) could bear the payer's name.
         */
        private void nameEvidence(Map<String, Double> found) {
            if (found.isEmpty()) {
                return;
            }
            Set<String> compatible = new TreeSet<>();
            Set<String> families = new HashSet<>();
            for (String party : found.keySet()) {
                String family = book.nameKeyOf(party);
                if (!families.add(family)) {
                    continue;
                }
                for (String member : book.family(family)) {
                    if (Names.formMatch(payer, book.formOf(member)) != Names.FormMatch.DIFFERENT) {
                        compatible.add(member);
                    }
                }
            }
            for (Map.Entry<String, Double> e : found.entrySet()) {
                String party = e.getKey();
                if (parties.containsKey(party)
                        || Names.formMatch(payer, book.formOf(party)) == Names.FormMatch.DIFFERENT) {
                    continue;
                }
                double sim = e.getValue();
                if (compatible.size() <= 1) {
                    parties.put(
                            party,
                            new PartyEv(
                                    e.getValue(),
                                    Basis.NAME,
                                    () -> "payer name " + tx.counterpartyName() + " matches counterparty "
                                            + displayName(party) + String.format(Locale.ROOT, " (%.2f)", sim)));
                } else {
                    parties.put(
                            party,
                            new PartyEv(
                                    e.getValue(),
                                    Basis.SHARED_NAME,
                                    () -> "payer name " + tx.counterpartyName() + " fits " + compatible.size()
                                            + " companies (" + String.join(", ", displayNames(compatible))
                                            + "): a name several companies share is weak evidence"
                                            + String.format(Locale.ROOT, " (%.2f)", sim)));
                }
            }
        }

        private List<String> displayNames(Set<String> partyKeys) {
            List<String> out = new ArrayList<>();
            for (String k : partyKeys) {
                if (out.size() == 3) {
                    out.add("...");
                    break;
                }
                out.add(displayName(k));
            }
            return out;
        }

        private int scanned;

        /** Compares the payer with the counterparties of the first {@code scan} postings; adds those that fit. */
        private void searchNames(
                List<String> distinct, List<IdSet<String>[]> postings, int need, int scan, Map<String, Double> found) {
            Set<String> seen = scan > 1 ? new HashSet<>() : null;
            int compared = 0;
            for (int i = 0; i < Math.min(postings.size(), scan); i++) {
                for (IdSet<String> post : postings.get(i)) {
                    if (post == null) {
                        continue;
                    }
                    for (String party : post) {
                        if (seen != null && !seen.add(party)) {
                            continue;
                        }
                        if (++scanned > MAX_NAME_SCAN) {
                            return; // bounded: a very common word cannot make a look-up expensive
                        }
                        // membership in the other tokens' postings (binary searches, no hashing) before anything else
                        int in = 0;
                        for (IdSet<String>[] other : postings) {
                            if (contains(other, party)) {
                                in++;
                            }
                        }
                        if (in < need) {
                            continue;
                        }
                        List<String> pt = p.partyTokens.get(party);
                        if (pt == null || !plausible(distinct, pt, need)) {
                            continue;
                        }
                        if (++compared > MAX_NAME_PARTIES) {
                            return;
                        }
                        double sim = Names.similarity(payerTokens, pt);
                        if (sim >= s.nameSimilarityThreshold()) {
                            found.merge(party, sim, Math::max);
                        }
                    }
                }
            }
        }

        /**
         * Cheap filter before Jaro-Winkler: at least {@code need} payer tokens equal a counterparty token or share
         * its first four letters, and every other payer token has a counterparty token of the same initial and a
         * similar length (a typo).
         */
        private static boolean plausible(List<String> payer, List<String> party, int need) {
            int n = 0;
            for (String t : payer) {
                boolean hit = false;
                boolean close = false;
                for (String u : party) {
                    if (t.equals(u)
                            || (t.length() >= 4 && u.length() >= 4 && t.regionMatches(0, u, 0, 4))
                            || (t.length() >= 3 && u.startsWith(t))) { // a word the bank cut
                        hit = true;
                        break;
                    }
                    if (t.charAt(0) == u.charAt(0) && Math.abs(t.length() - u.length()) <= 2) {
                        close = true;
                    }
                }
                if (hit) {
                    n++;
                } else if (!close) {
                    return false;
                }
            }
            return n >= need;
        }

        @SuppressWarnings({"unchecked", "rawtypes"}) // Java has no generic array creation
        private static IdSet<String>[] pair(IdSet<String> a, IdSet<String> b) {
            return new IdSet[] {a, b};
        }

        private static boolean contains(IdSet<String>[] ps, String party) {
            for (IdSet<String> x : ps) {
                if (x != null && x.contains(party)) {
                    return true;
                }
            }
            return false;
        }

        private static int postingSize(IdSet<String>[] ps) {
            int n = 0;
            for (IdSet<String> x : ps) {
                n += x == null ? 0 : x.size();
            }
            return n;
        }

        private String displayName(String party) {
            IdSet<Item> items = p.byParty.get(party);
            if (items != null && !items.isEmpty()) {
                String n = items.first().invoice.counterpartyName();
                if (n != null) {
                    return n;
                }
            }
            return party;
        }

        boolean payerUnknown() {
            return payerIban == null && payerTokens.isEmpty();
        }

        PartyState partyState(Item it) {
            if (it.iban != null && it.iban.equals(payerIban)) {
                return PartyState.IBAN;
            }
            PartyEv ev = it.partyKey == null ? null : parties.get(it.partyKey);
            if (ev != null && ev.score >= s.nameSimilarityThreshold()) {
                return switch (ev.basis) {
                    case IBAN, LEARNED_IBAN -> PartyState.IBAN;
                    case NAME, LEARNED_NAME -> PartyState.NAME;
                    case SHARED_NAME -> PartyState.WEAK;
                };
            }
            if (payerUnknown()) {
                return PartyState.UNKNOWN;
            }
            return PartyState.MISMATCH;
        }

        String partyReason(Item it, PartyState st) {
            switch (st) {
                case IBAN:
                    if (it.iban != null && it.iban.equals(payerIban)) {
                        return "payer IBAN equals the invoice's counterparty IBAN";
                    }
                    return parties.get(it.partyKey).reason();
                case NAME:
                case WEAK:
                    return parties.get(it.partyKey).reason();
                case UNKNOWN:
                    return "payer not identified (no name, no IBAN)";
                default:
                    String who = tx.counterpartyName() != null ? tx.counterpartyName() : payerIban;
                    if (payer != null
                            && it.nameKey != null
                            && it.nameKey.equals(String.join(" ", new TreeSet<>(payerTokens)))
                            && Names.formMatch(payer, it.form) == Names.FormMatch.DIFFERENT) {
                        return "payer " + who + " is not the invoice's counterparty " + it.invoice.counterpartyName()
                                + ": another legal form is another company";
                    }
                    return "payer " + who + " is not the invoice's counterparty " + it.invoice.counterpartyName();
            }
        }

        // ------------------------------------------------------------ pool

        void collectPool() {
            // amounts: exact, shortfall (fee, discount) and small overpayment ranges
            IdSet<Item> exact = p.byDueExact.get(amt);
            if (exact != null && exact.size() <= MAX_AMOUNT_ITEMS) { // a very common amount says nothing alone
                for (Item it : exact) {
                    pool.put(it.id(), it);
                }
            }
            // shortfall (fee, discount) range above the amount, nearest first; small overpayment range below.
            // Only for an unidentified payer without reference: otherwise the payer's own invoices and the named
            // ones are in the pool already, and an amount-alone candidate could not win.
            if (parties.isEmpty() && refs.isEmpty()) {
                long hi = amt + maxShortfall(amt);
                long lo = Math.max(1, amt - overTolerance(amt));
                int n = 0;
                outer:
                for (IdSet<Item> items : p.byDue.subMap(amt, false, hi, true).values()) {
                    for (Item it : items) {
                        pool.put(it.id(), it);
                        if (++n >= MAX_AMOUNT_RANGE_ITEMS) {
                            break outer;
                        }
                    }
                }
                n = 0;
                outer2:
                for (IdSet<Item> items :
                        p.byDue.subMap(lo, true, amt, false).descendingMap().values()) {
                    for (Item it : items) {
                        pool.put(it.id(), it);
                        if (++n >= MAX_AMOUNT_RANGE_ITEMS / 2) {
                            break outer2;
                        }
                    }
                }
            }
            // counterparties the payer may be
            for (Map.Entry<String, PartyEv> e : parties.entrySet()) {
                if (e.getValue().score < s.nameSimilarityThreshold()) {
                    continue;
                }
                IdSet<Item> items = p.byParty.get(e.getKey());
                if (items != null) {
                    addPartyItems(items);
                }
            }
            if (payerIban != null) {
                IdSet<Item> items = p.byIban.get(payerIban);
                if (items != null) {
                    addPartyItems(items);
                }
            }
            // weak references: a short running number ("Reglement 700") on an invoice already in the pool
            for (Item it : pool.values()) {
                if (it.shortKey != null && numericTokens.contains(it.shortKey) && !refs.containsKey(it.id())) {
                    refs.put(
                            it.id(),
                            new RefHit(
                                    Strength.WEAK,
                                    "running number " + it.shortKey + " of invoice " + it.invoice.number()
                                            + " in remittance"));
                }
            }
        }

        /**
         * The payer's open invoices as candidates: all of them for an ordinary account; for one with more than {@link
         * #MAX_PARTY_ALL} open invoices only those whose amount the payment can settle (or whose running number the
         * remittance quotes), since without a reference an instalment or part payment of such an account is for a
         * person to place anyway.
         */
        private void addPartyItems(IdSet<Item> items) {
            if (!added.add(items)) {
                return; // the same counterparty, found by name and by IBAN
            }
            boolean all = items.size() <= MAX_PARTY_ALL;
            long lo = amt - overAbsMinor;
            long hi = amt + maxShortfall(amt);
            int k = 0;
            for (Item it : items) {
                if (all
                        || (it.dueMinor >= lo && it.dueMinor <= hi)
                        || (it.shortKey != null && numericTokens.contains(it.shortKey))) {
                    pool.put(it.id(), it);
                }
                if (++k >= MAX_PARTY_ITEMS) {
                    break;
                }
            }
        }

        /** An upper bound of the shortfall (fee or discount) any invoice could have that this payment settles. */
        long maxShortfall(long paid) {
            long fee = fees.maxFee(paid + paid / 10);
            // due * d / (1 - d), rounded up
            long disc = discPpm >= 1_000_000
                    ? Long.MAX_VALUE / 4
                    : Arith.ceilDiv(Arith.mulPpm(paid, discPpm), 1_000_000 - discPpm);
            return Math.max(fee, disc);
        }

        long overTolerance(long due) {
            long rel = Arith.mulPpm(due, overRelPpm) / 1_000_000;
            return Math.min(overAbsMinor, Math.max(rel, unitMinor));
        }

        /**
         * An early-payment discount is earned by paying before the due date (terms such as "2% within 10 days, net
         * 30"); one taken later is a short payment. Booked up to {@link #DISCOUNT_BOOKING_DELAY} days after the due
         * date still counts, for the days a transfer takes.
         */
        boolean earlyEnough(long dueDay) {
            return dueDay == Item.NO_DAY || bookDay == Item.NO_DAY || bookDay <= dueDay + DISCOUNT_BOOKING_DELAY;
        }

        /** How the transaction amount relates to what is due; reasons are appended. */
        Rel relation(long paid, long due, long total, long dueDay, List<String> reasons) {
            if (paid == due) {
                if (reasons != null) {
                    reasons.add("amount " + fmt(paid) + " equals amount due");
                }
                return Rel.EXACT;
            }
            if (paid > due) {
                long over = paid - due;
                if (over <= overTolerance(due)) {
                    if (reasons != null) {
                        reasons.add("overpayment of " + fmt(over) + " on " + fmt(due) + " due");
                    }
                    return Rel.OVER_SMALL;
                }
                if (reasons != null) {
                    reasons.add("amount " + fmt(paid) + " exceeds amount due " + fmt(due));
                }
                return Rel.OVER_LARGE;
            }
            long short_ = due - paid;
            // early-payment discount: a round rate (0.5% steps) within tolerance, taken while it can be earned
            int maxPermille = earlyEnough(dueDay) ? maxDiscountPermille : 0;
            if (short_ * 1000 <= due * (long) maxPermille + 1000) {
                long nearest = Math.round((double) short_ * 200 / due) * 5; // nearest 0.5% step, checked exactly
                for (long permille = Math.max(5, nearest - 5);
                        permille <= Math.min(maxPermille, nearest + 5);
                        permille += 5) {
                    long d = Arith.fraction(due, (int) permille, 1000);
                    if (Math.abs(d - short_) <= 1) {
                        if (reasons != null) {
                            reasons.add(BigDecimal.valueOf(permille, 1)
                                            .stripTrailingZeros()
                                            .toPlainString() + "% early-payment discount (" + fmt(short_) + ") on "
                                    + fmt(due) + " due");
                        }
                        return Rel.DISCOUNT;
                    }
                }
            }
            if (short_ <= fees.maxFee(due)) {
                if (reasons != null) {
                    reasons.add("shortfall " + fmt(short_) + " on " + fmt(due)
                            + " due written off as a fee: within the " + fees.describe(exp));
                }
                return Rel.FEE;
            }
            // instalment: a round fraction of the invoice total (10%, 25%, 50%, a third...)
            long nearestPct = total == 0 ? 0 : Math.round((double) paid * 20 / total) * 5; // nearest 5% step
            for (long pct = Math.max(5, nearestPct - 5); pct <= Math.min(95, nearestPct + 5); pct += 5) {
                if (Arith.near(paid, total, (int) pct, 100)) {
                    if (reasons != null) {
                        reasons.add("instalment of " + pct + "% of the invoice total " + fmt(total) + " (" + fmt(due)
                                + " due)");
                    }
                    return Rel.INSTALMENT;
                }
            }
            for (int thirds = 1; thirds <= 2; thirds++) {
                if (Arith.near(paid, total, thirds, 3)) {
                    if (reasons != null) {
                        reasons.add("instalment of " + thirds + "/3 of the invoice total " + fmt(total));
                    }
                    return Rel.INSTALMENT;
                }
            }
            if (reasons != null) {
                reasons.add("partial payment: " + fmt(paid) + " of " + fmt(due) + " due (shortfall " + fmt(short_)
                        + " beyond the " + fees.describe(exp) + ")");
            }
            return Rel.PARTIAL;
        }

        /** Days the payment was booked before the invoice was issued (0 when on or after). */
        long daysBeforeIssue(Item it) {
            if (it.issueDay == Item.NO_DAY || bookDay == Item.NO_DAY || bookDay >= it.issueDay) {
                return 0;
            }
            return it.issueDay - bookDay;
        }

        // ------------------------------------------------------------ single-invoice candidates

        Cand single(Item it, boolean withReasons) {
            if (it.dueMinor <= 0) {
                return null;
            }
            List<String> reasons = withReasons ? new ArrayList<>() : null;
            RefHit ref = refs.get(it.id());
            Strength strength = ref == null ? Strength.NONE : ref.strength;
            if (ref != null && reasons != null) {
                reasons.add(ref.reason);
            }
            Rel rel = relation(amt, it.dueMinor, it.totalMinor, it.dueDay, reasons);
            PartyState ps = partyState(it);
            if (reasons != null) {
                reasons.add(partyReason(it, ps));
            }
            double conf = score(strength, rel, ps);
            if (conf <= 0) {
                return null;
            }
            boolean auto = true;
            if (strength == Strength.NONE && rel.tolerance()) {
                // only a reference ties a payment that is not the amount due to the invoice: a payer (even known by
                // IBAN) paying about an open amount may be paying something else
                if (reasons != null) {
                    reasons.add("no reference: a person confirms that the difference of "
                            + fmt(Math.abs(it.dueMinor - amt)) + " settles this invoice");
                }
                conf = Math.min(conf, VETOED);
                auto = false;
            }
            long early = daysBeforeIssue(it);
            if (early > s.maxDaysBeforeIssue()) {
                if (reasons != null) {
                    reasons.add("booked " + early + " days before the invoice was issued: implausible");
                }
                conf = Math.min(conf * 0.5, 0.4);
                auto = false;
            } else if (early > 0) {
                if (reasons != null) {
                    reasons.add("booked " + early + " days before the invoice was issued");
                }
                conf -= 0.03;
            }
            Cand c = new Cand(List.of(it), null, conf, reasons, auto);
            c.rel = rel;
            c.strength = strength;
            c.party = ps;
            return c;
        }

        /**
         * Confidence of one invoice explaining the payment, from the reference evidence, the amount relation and
         * whether the payer is the invoice's counterparty.
         */
        static double score(Strength st, Rel rel, PartyState ps) {
            boolean match = ps.identified();
            boolean mismatch = ps == PartyState.MISMATCH;
            switch (st) {
                case STRONG:
                    return switch (rel) {
                        case EXACT -> match ? 0.99 : mismatch ? 0.94 : 0.97;
                        // a payer who is someone else: only the reference agrees, the amount does not quite
                        case OVER_SMALL, FEE, DISCOUNT -> match ? 0.96 : mismatch ? 0.86 : 0.93;
                        case INSTALMENT -> match ? 0.95 : mismatch ? 0.86 : 0.92;
                        case PARTIAL -> match ? 0.90 : mismatch ? 0.73 : 0.86;
                        case OVER_LARGE -> match ? 0.72 : 0.6;
                    };
                case WEAK:
                    if (match) {
                        return switch (rel) {
                            case EXACT -> 0.95;
                            case OVER_SMALL, FEE, DISCOUNT -> 0.92;
                            case INSTALMENT -> 0.91;
                            case PARTIAL -> 0.80;
                            case OVER_LARGE -> 0.50;
                        };
                    }
                    return switch (rel) {
                        case EXACT -> 0.60;
                        case OVER_SMALL, FEE, DISCOUNT -> 0.45;
                        default -> 0.25;
                    };
                default:
                    if (match) {
                        return switch (rel) {
                            case EXACT -> 0.92;
                            case OVER_SMALL, FEE, DISCOUNT -> 0.91;
                            case INSTALMENT -> 0.75;
                            case PARTIAL -> 0.55;
                            case OVER_LARGE -> 0.35;
                        };
                    }
                    if (ps == PartyState.WEAK) {
                        return switch (rel) {
                            case EXACT -> 0.70;
                            case OVER_SMALL, FEE, DISCOUNT -> 0.55;
                            case INSTALMENT -> 0.40;
                            case PARTIAL -> 0.30;
                            case OVER_LARGE -> 0.20;
                        };
                    }
                    return switch (rel) {
                        case EXACT -> 0.50;
                        case OVER_SMALL, FEE, DISCOUNT -> 0.35;
                        default -> 0.0;
                    };
            }
        }

        // ------------------------------------------------------------ grouped payments

        /** Several invoices named in the text whose amounts add up to the payment. */
        void referenceGroups(List<Cand> out) {
            List<Item> named = new ArrayList<>();
            for (Map.Entry<String, RefHit> e : refs.entrySet()) {
                Item it = book.item(e.getKey());
                if (it.dueMinor > 0 && daysBeforeIssue(it) <= s.maxDaysBeforeIssue()) {
                    named.add(it);
                }
            }
            if (named.size() < 2) {
                return;
            }
            named.sort(Comparator.comparing((Item i) -> refs.get(i.id()).strength)
                    .thenComparing(i -> i.invoice.dueDate() == null ? LocalDate.MAX : i.invoice.dueDate())
                    .thenComparing(Item::id));
            if (named.size() > s.maxSubsetCandidates()) {
                named = named.subList(0, s.maxSubsetCandidates());
            }
            out.addAll(groups(named, "invoices named in remittance", null));
        }

        /**
         * Several open invoices of the identified payer adding up to the payment. Searched only for a payer identified
         * by IBAN or by a name no other company shares; automatic only with a reason to believe the combination (the
         * payer's IBAN, or an invoice of it named in the remittance, e.g. a list the bank cut), and when a combination
         * of the invoices the remittance does not name is unlikely to fit by chance.
         */
        void partyGroups(List<Cand> out) {
            for (Cand c : out) {
                if (c.items.size() == 1 && c.confidence >= 0.85) {
                    return; // a single invoice explains the payment well: no need to combine
                }
            }
            for (Map.Entry<String, PartyEv> e : parties.entrySet()) {
                PartyEv ev = e.getValue();
                if (ev.score < s.nameSimilarityThreshold() || ev.basis == Basis.SHARED_NAME) {
                    continue;
                }
                IdSet<Item> own = p.byParty.get(e.getKey());
                if (own == null || own.size() < 2) {
                    continue;
                }
                List<Item> items = new ArrayList<>();
                long hi = amt + maxShortfall(amt);
                for (Item it : own) {
                    if (it.dueMinor > 0 && it.dueMinor <= hi && daysBeforeIssue(it) <= s.maxDaysBeforeIssue()) {
                        items.add(it);
                    }
                }
                if (items.size() < 2) {
                    continue;
                }
                items.sort(Comparator.comparing(
                                (Item i) -> i.invoice.dueDate() == null ? LocalDate.MAX : i.invoice.dueDate())
                        .thenComparing(Item::id));
                if (items.size() > s.maxSubsetCandidates()) {
                    items = items.subList(0, s.maxSubsetCandidates());
                }
                out.addAll(groups(items, "open invoices of " + displayName(e.getKey()), ev));
            }
        }

        /**
         * Combinations of {@code items} that add up to the payment (exactly, else within the fee and overpayment
         * tolerances). {@code payerEv} is null for invoices named in the remittance, else the evidence that the payer
         * is their counterparty.
         */
        private List<Cand> groups(List<Item> items, String what, PartyEv payerEv) {
            boolean named = payerEv == null;
            List<Cand> out = new ArrayList<>();
            long[] dues = new long[items.size()];
            for (int i = 0; i < dues.length; i++) {
                dues[i] = items.get(i).dueMinor;
            }
            // exact first, then within shortfall / overpayment tolerance
            List<int[]> sols = SubsetSum.find(dues, amt, amt, 2, 2, s.maxSubsetSteps());
            boolean isExact = true;
            if (sols.isEmpty()) {
                isExact = false;
                sols = SubsetSum.find(
                        dues,
                        Math.max(1, amt - overTolerance(amt)),
                        amt + fees.maxFee(amt + amt / 10),
                        2,
                        2,
                        s.maxSubsetSteps());
            }
            for (int[] sol : sols) {
                List<Item> chosen = new ArrayList<>();
                long sum = 0;
                for (int idx : sol) {
                    chosen.add(items.get(idx));
                    sum += dues[idx];
                }
                if (sum > amt && sum - amt > fees.maxFee(sum)) {
                    continue; // the search range is an upper bound of the fee; this sum's fee range is smaller
                }
                List<String> reasons = new ArrayList<>();
                List<String> numbers = new ArrayList<>();
                for (Item it : chosen) {
                    numbers.add(it.invoice.number());
                }
                reasons.add(chosen.size() + " " + what + " (" + String.join(", ", numbers) + ") add up to " + fmt(sum));
                boolean allNamed = true;
                boolean allStrong = true;
                int partyMatches = 0;
                for (Item it : chosen) {
                    RefHit r = refs.get(it.id());
                    allNamed &= r != null;
                    allStrong &= r != null && r.strength == Strength.STRONG;
                    if (partyState(it).identified()) {
                        partyMatches++;
                    }
                }
                double conf;
                if (allStrong) {
                    conf = isExact ? 0.97 : 0.92;
                } else if (allNamed) {
                    conf = isExact ? 0.93 : 0.88;
                } else {
                    conf = isExact ? 0.91 : 0.84;
                }
                boolean auto = true;
                if (named && partyMatches == chosen.size()) {
                    conf += 0.02;
                    reasons.add(partyReason(chosen.get(0), partyState(chosen.get(0))));
                } else if (!named) {
                    reasons.add(payerEv.reason());
                    boolean byIban = payerEv.basis == Basis.IBAN || payerEv.basis == Basis.LEARNED_IBAN;
                    int unnamed = 0;
                    for (Item it : items) {
                        unnamed += refs.containsKey(it.id()) ? 0 : 1;
                    }
                    boolean anchored = unnamed < items.size() && !Collections.disjoint(refs.keySet(), ids(chosen));
                    if (!allNamed && !byIban && !anchored) {
                        conf = Math.min(conf, VETOED);
                        auto = false;
                        reasons.add("no reference and a payer known by name only: a person confirms which invoices"
                                + " it pays");
                    } else if (!allNamed && !significant(unnamed)) {
                        conf = Math.min(conf, VETOED);
                        auto = false;
                        reasons.add(unnamed + " open invoices of the payer that the remittance does not name could"
                                + " add up to " + fmt(amt) + " by chance: a person confirms the combination");
                    }
                }
                if (sols.size() > 1 || equalAmountSwap(sol, dues)) {
                    conf = Math.min(conf, 0.7);
                    auto = false;
                    reasons.add(
                            named
                                    ? "another combination of the named invoices fits too: the references do not"
                                            + " decide which"
                                    : "another combination of open invoices fits too");
                }
                if (!isExact) {
                    long diff = sum - amt;
                    reasons.add(
                            diff > 0
                                    ? "shortfall " + fmt(diff) + " within the " + fees.describe(exp)
                                    : "overpayment of " + fmt(-diff));
                }
                // allocations: each invoice its amount due; shortfall written off on the largest, overpayment
                // added to the largest
                int largest = 0;
                for (int k = 1; k < chosen.size(); k++) {
                    if (chosen.get(k).dueMinor > chosen.get(largest).dueMinor) {
                        largest = k;
                    }
                }
                List<Allocation> allocs = new ArrayList<>();
                for (int k = 0; k < chosen.size(); k++) {
                    Item it = chosen.get(k);
                    long a = it.dueMinor;
                    long w = 0;
                    if (k == largest) {
                        long diff = sum - amt;
                        if (diff > 0) {
                            a -= diff;
                            w = diff;
                        } else {
                            a += -diff;
                        }
                    }
                    allocs.add(new Allocation(it.id(), Money.fromMinor(a, exp), Money.fromMinor(w, exp)));
                }
                out.add(new Cand(chosen, allocs, conf, reasons, auto));
            }
            return out;
        }

        private static Set<String> ids(List<Item> items) {
            Set<String> out = new HashSet<>();
            for (Item it : items) {
                out.add(it.id());
            }
            return out;
        }

        /** A chosen invoice has an unchosen one of the same amount: swapping them gives another combination. */
        private static boolean equalAmountSwap(int[] sol, long[] dues) {
            Set<Integer> chosen = new HashSet<>();
            Set<Long> amounts = new HashSet<>();
            for (int i : sol) {
                chosen.add(i);
                amounts.add(dues[i]);
            }
            for (int i = 0; i < dues.length; i++) {
                if (!chosen.contains(i) && amounts.contains(dues[i])) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a combination of {@code n} invoices that fits the amount is unlikely to fit by chance. */
        private boolean significant(int n) {
            return n + SUBSET_CHANCE_BITS < 62 && (1L << (n + SUBSET_CHANCE_BITS)) <= amt;
        }

        // ------------------------------------------------------------ rules on the candidates

        /**
         * A candidate the remittance does not name while it names another invoice (or a reference that names no open
         * invoice) is contradicted: no automatic match, and the reason says which reference contradicts it. A
         * candidate whose every invoice is named is not: the payer named it, whatever else he quoted.
         */
        void contradictingReferences(List<Cand> cands) {
            if (quotes.isEmpty()) {
                return;
            }
            for (Cand c : cands) {
                boolean allNamed = true;
                for (Item it : c.items) {
                    RefHit r = refs.get(it.id());
                    allNamed &= r != null && r.strength == Strength.STRONG;
                }
                if (allNamed) {
                    continue;
                }
                for (Quote q : quotes) {
                    boolean disjoint = true;
                    for (String id : q.open) {
                        disjoint &= !c.contains(id);
                    }
                    if (disjoint) {
                        c.veto(
                                VETOED,
                                () -> "the remittance names " + describe(q) + ", not "
                                        + (c.items.size() == 1 ? "this invoice" : "these invoices")
                                        + ": contrary evidence, a person decides");
                        break;
                    }
                }
            }
        }

        /**
         * A named invoice whose amount is not exactly the payment's (a tolerance, an instalment, a part payment), while an
         * invoice of the payer that the remittance does not name has exactly that amount due: the payer may have quoted
         * the reference of another payment, or mistyped it. Neither is
         * matched without a person; the one that fits the amount is suggested first.
         */
        void disagreeingReferences(List<Cand> cands) {
            Cand fit = null;
            for (Cand c : cands) {
                if (c.items.size() == 1
                        && c.strength == Strength.NONE
                        && c.rel == Rel.EXACT
                        && (c.party.identified() || c.party == PartyState.WEAK)
                        && (fit == null || c.confidence > fit.confidence)) {
                    fit = c;
                }
            }
            if (fit == null) {
                return;
            }
            for (Cand c : cands) {
                if (c.items.size() == 1 && c.strength == Strength.STRONG && c.rel != Rel.EXACT) {
                    Item it = c.items.get(0);
                    String fitting = fit.numbers();
                    c.veto(
                            DISAGREEING_REFERENCE,
                            () -> "the reference names " + it.invoice.number() + " with " + fmt(it.dueMinor)
                                    + " due, while invoice " + fitting + " of the payer fits the amount "
                                    + fmt(amt) + ": the reference may belong to another payment");
                }
            }
        }

        // ------------------------------------------------------------ conclusion

        Decision conclude(List<Cand> cands) {
            // keep the best candidate per invoice set
            Map<String, Cand> best = new LinkedHashMap<>();
            cands.sort(ORDER);
            for (Cand c : cands) {
                best.putIfAbsent(c.idKey(), c);
            }
            List<Cand> ranked = new ArrayList<>(best.values());
            ranked.removeIf(c -> c.confidence < s.suggestThreshold());
            if (ranked.isEmpty()) {
                return Decision.unmatched(
                        tx.id(),
                        List.of(
                                refs.isEmpty() && parties.isEmpty()
                                        ? "no reference, payer or amount fits an open invoice"
                                        : "no open invoice fits well enough"));
            }
            List<Candidate> out = new ArrayList<>();
            List<List<String>> shownReasons = new ArrayList<>();
            for (int i = 0; i < Math.min(s.maxCandidates(), ranked.size()); i++) {
                Cand c = ranked.get(i);
                // single candidates are scored first and explained only when shown
                List<String> reasons =
                        new ArrayList<>(c.reasons != null ? c.reasons : single(c.items.get(0), true).reasons);
                for (Supplier<String> v : c.vetoes) {
                    reasons.add(v.get());
                }
                shownReasons.add(reasons);
                out.add(new Candidate(allocations(c), round3(c.confidence), reasons));
            }
            Cand top = ranked.get(0);
            Cand second = ranked.size() > 1 ? ranked.get(1) : null;
            boolean ambiguous = second != null && top.confidence - second.confidence < s.ambiguityMargin();
            List<String> reasons = new ArrayList<>(shownReasons.get(0));
            if (top.confidence >= s.autoMatchThreshold() && top.autoEligible && !ambiguous) {
                return new Decision(
                        tx.id(), MatchStatus.AUTO_MATCHED, allocations(top), round3(top.confidence), reasons, out);
            }
            double conf = top.confidence;
            if (ambiguous) {
                reasons.add("ambiguous: another candidate fits about as well ("
                        + String.format(Locale.ROOT, "%.2f", second.confidence) + "), a person decides");
                conf = Math.min(conf, s.autoMatchThreshold() - 0.01);
            } else if (top.confidence >= s.autoMatchThreshold()) {
                conf = Math.min(conf, s.autoMatchThreshold() - 0.01);
            }
            return new Decision(tx.id(), MatchStatus.SUGGESTED, allocations(top), round3(conf), reasons, out);
        }

        /**
         * A candidate's allocations; a single invoice's are made here, when shown: the payment's amount, and the
         * shortfall written off when it is a fee or a discount.
         */
        List<Allocation> allocations(Cand c) {
            if (c.allocations == null) {
                Item it = c.items.get(0);
                long writeOff = (c.rel == Rel.FEE || c.rel == Rel.DISCOUNT) ? it.dueMinor - amt : 0;
                c.allocations =
                        List.of(new Allocation(it.id(), Money.fromMinor(amt, exp), Money.fromMinor(writeOff, exp)));
            }
            return c.allocations;
        }
    }
}
