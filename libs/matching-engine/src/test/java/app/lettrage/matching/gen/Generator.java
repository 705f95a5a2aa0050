package app.lettrage.matching.gen;

import app.lettrage.identifiers.BelgianStructuredCommunication;
import app.lettrage.matching.BankTransaction;
import app.lettrage.matching.Direction;
import app.lettrage.matching.Invoice;
import app.lettrage.matching.References;
import app.lettrage.matching.gen.Companies.Country;
import app.lettrage.matching.gen.Companies.Lang;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Seeded, deterministic generator of labelled data sets in the benchmark's format: one tenant's open invoices, its
 * bank transactions in booking order, and the truth of what each transaction pays. It writes payments the way payers
 * and banks do (four languages, numbers misspelt, names cut, legal forms dropped) and produces each trap class of
 * issue 13 with its truth; see {@link Kind} and {@link Profile}.
 */
public final class Generator {
    static final String TENANT = "tenant-gen";
    static final String ACCOUNT = "FR7630004000031234567890143";
    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final int ISSUE_DAYS = 300;

    /** Invoice numbering schemes of a tenant; one is drawn per seed, another one stands for "another tenant". */
    private static final List<IntFunction<String>> SCHEMES = List.of(
            n -> String.format(Locale.ROOT, "INV-26-%06d", n),
            n -> String.format(Locale.ROOT, "FA2026-%06d", n),
            n -> String.format(Locale.ROOT, "RG 26/%06d", n),
            n -> String.format(Locale.ROOT, "2026-%06d", n),
            n -> String.format(Locale.ROOT, "F26-%07d", n));

    private static final String[] NOISE_OUT = {
        "PRLV SEPA URSSAF %o",
        "DGFIP TVA %o",
        "Finanzamt USt-VZ %o",
        "Belastingdienst btw %o",
        "HMRC VAT %o",
        "SALAIRE %d",
        "Lohn/Gehalt %d",
        "CB SHELL %o",
        "CARTE AMAZON EU %o",
        "Loyer bureau %d",
        "Huur kantoor %d",
        "Leasing vehicule %o",
        "Assurance RC Pro %o",
        "Frais bancaires",
        "Kontoführungsgebühr"
    };
    private static final String[] NOISE_IN = {
        "INTERETS CREDITEURS",
        "Remboursement assurance %o",
        "Erstattung Versicherung %o",
        "Teruggave %o",
        "VIR INTERNE EPARGNE",
        "Subvention BPI %o",
        "Refund order %o",
        "Rückerstattung %o",
        "Retour %o"
    };
    private static final String[] STRANGERS = {
        "M. ET MME DURAND",
        "SCHMITT PETRA",
        "J. DE VRIES",
        "GARCIA LOPEZ MARIA",
        "HOLLOWAY TRUST",
        "ANONYMOUS DONOR",
        "PAYPAL EUROPE S.A.R.L.",
        "STRIPE PAYMENTS EUROPE",
        "AMAZON PAYMENTS EU",
        "WISE EUROPE SA",
        "CAF DE PARIS"
    };

    private final Profile profile;
    private final Random r;
    private final IntFunction<String> scheme;
    private final IntFunction<String> foreignScheme;

    private final List<Customer> customers = new ArrayList<>();
    private final List<Customer> suppliers = new ArrayList<>();
    private final List<Inv> invoices = new ArrayList<>();
    private final List<Inv> cancelled = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, Inv> invById = new HashMap<>();

    private Generator(Profile profile, long seed) {
        this.profile = profile;
        this.r = new Random(seed);
        int s = r.nextInt(SCHEMES.size());
        this.scheme = SCHEMES.get(s);
        this.foreignScheme = SCHEMES.get((s + 1 + r.nextInt(SCHEMES.size() - 1)) % SCHEMES.size());
    }

    /** A generated data set: invoices, transactions in booking order, and each transaction's truth and kind. */
    public record DataSet(
            List<Invoice> invoices,
            List<BankTransaction> transactions,
            Map<String, Set<String>> truth,
            Map<String, Kind> kinds) {}

    public static DataSet generate(Profile profile, long seed) {
        return new Generator(profile, seed).build();
    }

    // ------------------------------------------------------------------ model

    private static final class Customer {
        String name;
        String form;
        Country country;
        Lang lang;
        String iban;
        String secondIban;
        boolean ibanOnInvoices;
        boolean family;
        long recurringCents;
        final List<Inv> invoices = new ArrayList<>();
        IntFunction<String> supplierScheme;
    }

    private static final class Inv {
        String id;
        int seq;
        String number;
        String reference;
        Customer c;
        long cents;
        LocalDate issue;
        LocalDate due;
        boolean purchase;
        boolean consumed;
        /** When the transaction that settles it is booked (null while none does). */
        LocalDate paidOn;
    }

    private record Event(BankTransaction tx, Set<String> truth, Kind kind) {}

    // ------------------------------------------------------------------ build

    private DataSet build() {
        makeCustomers();
        makeInvoices();
        makeEvents();
        events.sort(Comparator.comparing((Event e) -> e.tx.bookingDate()));
        payRecurringInOrder();
        List<BankTransaction> txs = new ArrayList<>();
        Map<String, Set<String>> truth = new LinkedHashMap<>();
        Map<String, Kind> kinds = new LinkedHashMap<>();
        int n = 0;
        for (Event e : events) {
            String id = String.format(Locale.ROOT, "tx-%07d", ++n);
            BankTransaction t = e.tx;
            txs.add(new BankTransaction(
                    id,
                    t.tenantId(),
                    t.accountIban(),
                    t.amount(),
                    t.currency(),
                    t.bookingDate(),
                    t.valueDate(),
                    t.counterpartyName(),
                    t.counterpartyIban(),
                    t.remittanceInformation(),
                    t.structuredReference(),
                    t.endToEndId(),
                    t.bankTransactionCode()));
            truth.put(id, e.truth);
            kinds.put(id, e.kind);
        }
        List<Invoice> out = new ArrayList<>();
        for (Inv i : invoices) {
            BigDecimal amount = BigDecimal.valueOf(i.cents, 2);
            Customer c = i.c;
            out.add(new Invoice(
                    i.id,
                    TENANT,
                    i.purchase ? Direction.PURCHASE : Direction.SALES,
                    i.number,
                    i.reference,
                    c.name,
                    c.ibanOnInvoices ? c.iban : null,
                    "EUR",
                    amount,
                    amount,
                    i.issue,
                    i.due));
        }
        return new DataSet(out, txs, truth, kinds);
    }

    /**
     * A payer who pays a recurring amount without a reference pays the oldest such invoice still open (events are
     * made in a random order, booked in time order): the truths of such payments are swapped into that order.
     */
    private void payRecurringInOrder() {
        Map<Inv, Integer> payer = new HashMap<>();
        for (int k = 0; k < events.size(); k++) {
            Event e = events.get(k);
            if (e.kind == Kind.FULL_NO_REFERENCE) {
                payer.put(invById.get(e.truth.iterator().next()), k);
            }
        }
        Set<Inv> paid = new HashSet<>();
        for (int k = 0; k < events.size(); k++) {
            Event e = events.get(k);
            for (String id : e.truth) {
                paid.add(invById.get(id));
            }
            if (e.kind != Kind.FULL_NO_REFERENCE) {
                continue;
            }
            Inv x = invById.get(e.truth.iterator().next());
            Inv oldest = x;
            for (Inv o : x.c.invoices) {
                Integer other = payer.get(o);
                if (o.cents == x.cents
                        && !paid.contains(o)
                        && other != null
                        && other > k
                        && o.issue.isBefore(oldest.issue)) {
                    oldest = o;
                }
            }
            if (oldest != x) {
                int later = payer.get(oldest);
                events.set(k, new Event(e.tx, Set.of(oldest.id), e.kind));
                Event l = events.get(later);
                events.set(later, new Event(l.tx, Set.of(x.id), l.kind));
                payer.put(oldest, k);
                payer.put(x, later);
                paid.remove(x);
                paid.add(oldest);
            }
        }
    }

    private void makeCustomers() {
        List<String> codes =
                List.of("FR", "BE", "NL", "DE", "AT", "GB", "IE", "ES", "IT", "LU", "CH", "TR", "AE", "US");
        int[] weights = {34, 12, 10, 16, 3, 5, 2, 4, 4, 2, 3, 2, 1, 2};
        int n = profile.customers();
        while (customers.size() < n) {
            Country country = Companies.COUNTRIES.get(codes.get(weighted(weights)));
            Lang lang = country.lang();
            if (r.nextDouble() < profile.familyShare()) {
                // a family: companies that share a name and differ by legal form (sometimes a holding beside them)
                String base = Companies.familyBase(r, lang);
                int size = r.nextInt(100) < 10 ? 4 + r.nextInt(5) : 2 + r.nextInt(2);
                List<String> forms = Companies.distinctForms(r, country, size);
                boolean holding = r.nextInt(4) == 0;
                for (String form : forms) {
                    add(base, form, country, true);
                }
                if (holding) {
                    add(base + (lang == Lang.FR ? " Gestion" : " Holding"), forms.get(0), country, true);
                }
            } else if (r.nextInt(100) < 6) {
                add(Companies.person(r, lang), "", country, false);
            } else {
                add(Companies.baseName(r, lang), Companies.pick(r, country.forms()), country, false);
            }
        }
        while (customers.size() > n) {
            customers.remove(customers.size() - 1);
        }
        Collections.shuffle(customers, r); // heavy payers anywhere in the list
        for (int i = 0; i < Math.max(5, n / 80); i++) {
            Country country = Companies.COUNTRIES.get(codes.get(weighted(weights)));
            Customer s = new Customer();
            s.name = Companies.baseName(r, country.lang()) + " " + Companies.pick(r, country.forms());
            s.form = "";
            s.country = country;
            s.lang = country.lang();
            s.iban = Companies.iban(r, country);
            s.ibanOnInvoices = true;
            int style = r.nextInt(3);
            String p = Companies.brand(r).substring(0, 2).toUpperCase(Locale.ROOT);
            s.supplierScheme = style == 0
                    ? k -> String.format(Locale.ROOT, "%s-%06d", p, k)
                    : style == 1 ? k -> String.format(Locale.ROOT, "2026/%05d", k) : k -> "" + (40_000_000 + k);
            suppliers.add(s);
        }
    }

    private void add(String base, String form, Country country, boolean family) {
        String name = form.isEmpty() ? base : base + " " + form;
        if (!names.add(name.toUpperCase(Locale.ROOT))) {
            return; // a registry does not give one name twice
        }
        Customer c = new Customer();
        c.name = name;
        c.form = form;
        c.country = country;
        c.lang = country.lang();
        c.family = family;
        c.iban = Companies.iban(r, country);
        c.secondIban = r.nextInt(100) < 5 ? Companies.iban(r, country) : null;
        c.ibanOnInvoices = c.iban != null && r.nextInt(100) < 55;
        c.recurringCents = r.nextInt(100) < 12 ? roundAmount() : 0;
        customers.add(c);
    }

    private void makeInvoices() {
        int purchases = profile.invoices() / 20;
        int sales = profile.invoices() - purchases;
        List<Inv> all = new ArrayList<>();
        for (int i = 0; i < sales; i++) {
            // a skewed choice: some customers get many invoices
            double u = r.nextDouble();
            Customer c = customers.get((int) (customers.size() * u * u));
            Inv inv = new Inv();
            inv.c = c;
            inv.cents = c.recurringCents > 0 && r.nextInt(100) < 85 ? c.recurringCents : amount();
            inv.issue = START.plusDays(r.nextInt(ISSUE_DAYS));
            inv.due = inv.issue.plusDays(new int[] {14, 30, 30, 45, 60}[r.nextInt(5)]);
            all.add(inv);
        }
        all.sort(Comparator.comparing((Inv i) -> i.issue));
        int seq = 0;
        for (Inv inv : all) {
            inv.seq = ++seq;
            inv.number = scheme.apply(seq);
            if (r.nextInt(1000) < 12) {
                cancelled.add(inv); // cancelled: its number exists nowhere in the book
                continue;
            }
            if (inv.c.country.code().equals("BE") && r.nextInt(100) < 45) {
                inv.reference = ogm(seq);
            } else if (r.nextInt(100) < 25) {
                inv.reference = References.makeRf(String.format(Locale.ROOT, "%d%07d", 26, seq));
            }
            invoices.add(inv);
            inv.c.invoices.add(inv);
        }
        for (int i = 0; i < purchases; i++) {
            Customer s = Companies.pick(r, suppliers);
            Inv inv = new Inv();
            inv.c = s;
            inv.purchase = true;
            inv.cents = amount();
            inv.issue = START.plusDays(r.nextInt(ISSUE_DAYS));
            inv.due = inv.issue.plusDays(30);
            inv.number = s.supplierScheme.apply(1 + r.nextInt(90_000));
            invoices.add(inv);
            s.invoices.add(inv);
        }
        invoices.sort(Comparator.comparing((Inv i) -> i.issue).thenComparing(i -> i.number));
        int n = 0;
        for (Inv inv : invoices) {
            inv.id = String.format(Locale.ROOT, "inv-%07d", ++n);
            invById.put(inv.id, inv);
        }
    }

    /** Belgian structured communication: ten digits and their mod-97 check (97 for 0). */
    private static String ogm(int seq) {
        return BelgianStructuredCommunication.create(2_600_000_000L + seq);
    }

    private long amount() {
        if (r.nextInt(100) < 20) {
            return roundAmount();
        }
        double eur = Math.exp(6.1 + 1.1 * r.nextGaussian());
        return Math.max(1_500, Math.min(9_000_000, Math.round(eur * 100)));
    }

    private long roundAmount() {
        long[] steps = {1_000, 5_000, 10_000};
        long step = steps[r.nextInt(steps.length)];
        return step * (1 + r.nextInt(step == 10_000 ? 60 : 40));
    }

    private int weighted(int[] w) {
        int total = 0;
        for (int x : w) {
            total += x;
        }
        int k = r.nextInt(total);
        for (int i = 0; i < w.length; i++) {
            k -= w[i];
            if (k < 0) {
                return i;
            }
        }
        return w.length - 1;
    }

    // ------------------------------------------------------------------ events

    private int cursor;
    private List<Inv> order;
    private final List<Inv> purchases = new ArrayList<>();
    private int purchaseCursor;

    private void makeEvents() {
        order = new ArrayList<>();
        for (Inv i : invoices) {
            (i.purchase ? purchases : order).add(i);
        }
        Collections.shuffle(order, r);
        Collections.shuffle(purchases, r);
        Map<Kind, Integer> mix = profile.mix();
        List<Kind> kinds = new ArrayList<>(mix.keySet());
        int[] weights = new int[kinds.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = mix.get(kinds.get(i));
        }
        while (events.size() < profile.transactions()) {
            Kind k = kinds.get(weighted(weights));
            if (!make(k) && !make(Kind.FULL_REFERENCE) && !make(Kind.NOISE_IN)) {
                break;
            }
        }
    }

    /** Makes one event of kind {@code k}; false when the data offers none (the caller falls back). */
    private boolean make(Kind k) {
        return switch (k) {
            case FULL_REFERENCE -> full(k, 0);
            case FULL_RF -> full(k, 1);
            case FULL_OGM -> full(k, 2);
            case FULL_NO_REFERENCE -> full(k, 3);
            case FULL_E2E -> full(k, 4);
            case TYPO -> full(k, 5);
            case INSTALMENT, INSTALMENT_BALANCE -> instalment();
            case SEPA_CHARGE -> shortfall(k, 10 + r.nextInt(241), true, false);
            case CROSS_BORDER_CHARGES -> shortfall(k, 1_000 + r.nextInt(3_501), true, true);
            case DISCOUNT -> discount();
            case OVERPAYMENT -> overpayment();
            case NAME_ONLY_TOLERANCE -> shortfall(k, 10 + r.nextInt(241), false, false);
            case NET_OF_CREDIT_NOTE -> netOfCreditNote();
            case GROUP_REFERENCED -> group(k, true, true);
            case GROUP_IBAN -> group(k, false, true);
            case NAME_ONLY_GROUP -> group(k, false, false);
            case EQUAL_AMOUNT_GROUP -> equalAmountGroup();
            case STALE_REFERENCE, UNKNOWN_NUMBER, OTHER_CUSTOMERS_NUMBER, OTHER_PAYMENTS_REFERENCE -> wrongReference(k);
            case FAMILY_NAME_ONLY -> familyNameOnly();
            case PURCHASE -> purchase();
            case NOISE_OUT -> noise(k, true);
            case NOISE_IN -> noise(k, false);
            case STRANGER_EXACT_AMOUNT, FOREIGN_TENANT_NUMBER -> stranger(k);
            case KNOWN_PAYER_OTHER -> knownPayerOther();
            case ADVANCE_PAYMENT -> advance();
        };
    }

    /** The next open invoice of the walk that satisfies {@code ok}, consumed; null when none is left soon. */
    private Inv next(Predicate<Inv> ok) {
        for (int tries = 0; tries < 400 && cursor + tries < order.size(); tries++) {
            Inv i = order.get(cursor + tries);
            if (!i.consumed && ok.test(i)) {
                i.consumed = true;
                if (tries == 0) {
                    cursor++;
                }
                while (cursor < order.size() && order.get(cursor).consumed) {
                    cursor++;
                }
                return i;
            }
        }
        return null;
    }

    private LocalDate paidAfter(LocalDate issued) {
        int delay = r.nextInt(100) < 85 ? r.nextInt(45) : 45 + r.nextInt(80);
        return issued.plusDays(delay);
    }

    /** Full payment of one invoice; {@code how}: 0 number, 1 RF, 2 structured communication, 3 none, 4 e2e, 5 typo. */
    private boolean full(Kind k, int how) {
        Inv i = next(x -> switch (how) {
            case 1 -> x.reference != null && x.reference.startsWith("RF");
            case 2 -> x.reference != null && x.reference.startsWith("+++");
            case 3 -> identifiable(x.c);
            default -> true;
        });
        if (i == null) {
            return false;
        }
        if (how == 3) {
            i = oldestOfSameAmount(i); // without a reference, a payer pays recurring invoices in order
        }
        LocalDate d = paidAfter(i.issue);
        Customer c = i.c;
        String text;
        String structured = null;
        String e2e = null;
        Lang lang = language(c);
        switch (how) {
            case 1, 2 -> {
                if (r.nextInt(100) < 70) {
                    structured = i.reference;
                    text = r.nextBoolean() ? null : Phrasing.noReference(r, lang);
                } else {
                    text = Phrasing.single(
                            r, lang, how == 1 ? Phrasing.spacedRf(i.reference) : i.reference.replace("+", ""), d);
                }
            }
            case 3 -> text = r.nextInt(4) == 0 ? null : Phrasing.noReference(r, lang);
            case 4 -> {
                e2e = Phrasing.number(r, i.number).replace(" ", "");
                text = Phrasing.noReference(r, lang);
            }
            case 5 -> text = Phrasing.single(r, lang, Phrasing.typo(r, i.number), d);
            default -> text = Phrasing.single(r, lang, Phrasing.number(r, i.number), d);
        }
        boolean withIban = how == 3 ? true : r.nextInt(100) < 85;
        emit(k, i.cents, d, c, withIban, text, structured, e2e, "PMNT-RCDT-ESCT", i);
        return true;
    }

    /** The oldest open invoice of the customer with the same amount as {@code i} (i itself when none is older). */
    private Inv oldestOfSameAmount(Inv i) {
        Inv oldest = i;
        for (Inv o : i.c.invoices) {
            if (!o.consumed && o.cents == i.cents && o.issue.isBefore(oldest.issue)) {
                oldest = o;
            }
        }
        if (oldest != i) {
            i.consumed = false;
            oldest.consumed = true;
        }
        return oldest;
    }

    /** A customer whose payments can be told from others' by IBAN or by a name no other company has. */
    private static boolean identifiable(Customer c) {
        return c.iban != null && !c.family;
    }

    private boolean instalment() {
        Inv i = next(x -> x.cents >= 20_000);
        if (i == null) {
            return false;
        }
        int[][] fractions = {{30, 100}, {50, 100}, {25, 100}, {1, 3}, {40, 100}};
        int[] f = fractions[r.nextInt(fractions.length)];
        long part = (i.cents * f[0] * 2 + f[1]) / (2L * f[1]);
        Customer c = i.c;
        Lang lang = language(c);
        LocalDate d1 = paidAfter(i.issue);
        emit(
                Kind.INSTALMENT,
                part,
                d1,
                c,
                r.nextInt(100) < 85,
                instalmentText(lang, i, false),
                null,
                null,
                "PMNT-RCDT-ESCT",
                i);
        LocalDate d2 = d1.plusDays(20 + r.nextInt(40));
        emit(
                Kind.INSTALMENT_BALANCE,
                i.cents - part,
                d2,
                c,
                r.nextInt(100) < 85,
                instalmentText(lang, i, true),
                null,
                null,
                "PMNT-RCDT-ESCT",
                i);
        return true;
    }

    private String instalmentText(Lang lang, Inv i, boolean balance) {
        String n = Phrasing.number(r, i.number);
        return balance ? Phrasing.balance(r, lang, n) : Phrasing.instalment(r, lang, n);
    }

    /** The invoice less a charge; with a reference (and IBAN as usual), or with neither (payer known by name only). */
    private boolean shortfall(Kind k, long charge, boolean referenced, boolean crossBorder) {
        Inv i = next(x -> x.cents > 20 * charge
                && (referenced || (!x.c.family && x.c.iban != null))
                && (!crossBorder || !x.c.country.sepa() || r.nextInt(4) == 0));
        if (i == null) {
            return false;
        }
        LocalDate d = paidAfter(i.issue);
        Lang lang = language(i.c);
        String text =
                referenced ? Phrasing.single(r, lang, Phrasing.number(r, i.number), d) : Phrasing.noReference(r, lang);
        emit(
                k,
                i.cents - charge,
                d,
                i.c,
                referenced && r.nextInt(100) < 85,
                text,
                null,
                null,
                crossBorder ? "PMNT-RCDT-XBCT" : "PMNT-RCDT-ESCT",
                i);
        return true;
    }

    private boolean discount() {
        Inv i = next(x -> x.cents >= 10_000);
        if (i == null) {
            return false;
        }
        int pct = r.nextBoolean() ? 2 : 3;
        long paid = i.cents - (i.cents * pct + 50) / 100;
        LocalDate d = i.issue.plusDays(r.nextInt(10));
        String text = Phrasing.single(r, language(i.c), Phrasing.number(r, i.number), d)
                + (r.nextBoolean() ? " -" + pct + "% " + (language(i.c) == Lang.DE ? "Skonto" : "escompte") : "");
        emit(Kind.DISCOUNT, paid, d, i.c, r.nextInt(100) < 85, text, null, null, "PMNT-RCDT-ESCT", i);
        return true;
    }

    private boolean overpayment() {
        Inv i = next(x -> x.cents >= 10_000);
        if (i == null) {
            return false;
        }
        LocalDate d = paidAfter(i.issue);
        String text = Phrasing.single(r, language(i.c), Phrasing.number(r, i.number), d);
        emit(Kind.OVERPAYMENT, i.cents + 1 + r.nextInt(100), d, i.c, true, text, null, null, "PMNT-RCDT-ESCT", i);
        return true;
    }

    private boolean netOfCreditNote() {
        Inv i = next(x -> x.cents >= 20_000 && x.c.iban != null);
        if (i == null) {
            return false;
        }
        long credit = i.cents * (5 + r.nextInt(16)) / 100;
        LocalDate d = paidAfter(i.issue);
        emit(
                Kind.NET_OF_CREDIT_NOTE,
                i.cents - credit,
                d,
                i.c,
                true,
                Phrasing.creditNote(r, language(i.c)),
                null,
                null,
                "PMNT-RCDT-ESCT",
                i);
        return true;
    }

    /** Several open invoices of one customer, paid at once. */
    private boolean group(Kind k, boolean referenced, boolean withIban) {
        Inv first = next(x -> openOf(x.c, x).size() >= 1
                && (referenced || (withIban ? x.c.ibanOnInvoices : !x.c.family))
                && distinctAmounts(x.c));
        if (first == null) {
            return false;
        }
        Customer c = first.c;
        List<Inv> others = openOf(c, first);
        Collections.shuffle(others, r);
        int extra = Math.min(others.size(), 1 + r.nextInt(referenced ? 3 : 2));
        List<Inv> chosen = new ArrayList<>();
        chosen.add(first);
        chosen.addAll(others.subList(0, extra));
        long sum = 0;
        LocalDate last = first.issue;
        List<String> numbers = new ArrayList<>();
        for (Inv i : chosen) {
            i.consumed = true;
            sum += i.cents;
            last = i.issue.isAfter(last) ? i.issue : last;
            numbers.add(Phrasing.number(r, i.number));
        }
        LocalDate d = last.plusDays(r.nextInt(30));
        Lang lang = language(c);
        String text = referenced ? Phrasing.group(r, lang, numbers) : Phrasing.noReference(r, lang);
        emit(k, sum, d, c, withIban, text, null, null, "PMNT-RCDT-ESCT", chosen.toArray(new Inv[0]));
        return true;
    }

    private static boolean distinctAmounts(Customer c) {
        Set<Long> seen = new HashSet<>();
        for (Inv i : c.invoices) {
            if (!seen.add(i.cents)) {
                return false;
            }
        }
        return true;
    }

    private List<Inv> openOf(Customer c, Inv except) {
        List<Inv> out = new ArrayList<>();
        for (Inv i : c.invoices) {
            if (i != except && !i.consumed) {
                out.add(i);
            }
        }
        return out;
    }

    /** Two of three or more open invoices of the same amount, no reference: the truth is the two oldest. */
    private boolean equalAmountGroup() {
        for (int tries = 0; tries < 50; tries++) {
            Customer c = Companies.pick(r, customers);
            if (c.recurringCents == 0 || c.iban == null) {
                continue;
            }
            List<Inv> same = new ArrayList<>();
            for (Inv i : c.invoices) {
                if (!i.consumed && i.cents == c.recurringCents) {
                    same.add(i);
                }
            }
            if (same.size() < 3) {
                continue;
            }
            same.sort(Comparator.comparing((Inv i) -> i.issue));
            List<Inv> paid = same.subList(0, 2);
            LocalDate d = same.get(2).issue.plusDays(r.nextInt(20));
            for (Inv i : paid) {
                i.consumed = true;
            }
            emit(
                    Kind.EQUAL_AMOUNT_GROUP,
                    2 * c.recurringCents,
                    d,
                    c,
                    true,
                    Phrasing.noReference(r, language(c)),
                    null,
                    null,
                    "PMNT-RCDT-ESCT",
                    paid.toArray(new Inv[0]));
            return true;
        }
        return false;
    }

    /** Pays one invoice exactly while quoting a reference that is not it. */
    private boolean wrongReference(Kind k) {
        Inv i = next(x -> x.c.iban != null && !x.c.family);
        if (i == null) {
            return false;
        }
        LocalDate d = paidAfter(i.issue);
        String quoted = null;
        if (k == Kind.STALE_REFERENCE || k == Kind.OTHER_PAYMENTS_REFERENCE) {
            for (Inv o : i.c.invoices) {
                if (o == i || o.cents == i.cents || o.issue.isAfter(d)) {
                    continue;
                }
                boolean settled = o.paidOn != null && o.paidOn.isBefore(d);
                if (k == Kind.STALE_REFERENCE ? settled : !o.consumed) {
                    quoted = o.number;
                    break;
                }
            }
        } else if (k == Kind.UNKNOWN_NUMBER && !cancelled.isEmpty()) {
            quoted = Companies.pick(r, cancelled).number;
        } else if (k == Kind.OTHER_CUSTOMERS_NUMBER) {
            Inv o = Companies.pick(r, invoices);
            quoted = o.purchase || o.c == i.c || o.cents == i.cents ? null : o.number;
        }
        if (quoted == null) {
            i.consumed = false; // not this one: put it back
            return false;
        }
        String text = Phrasing.single(r, language(i.c), Phrasing.number(r, quoted), d);
        emit(k, i.cents, d, i.c, true, text, null, null, "PMNT-RCDT-ESCT", i);
        return true;
    }

    private boolean familyNameOnly() {
        Inv i = next(x -> x.c.family && !x.c.form.isEmpty());
        if (i == null) {
            return false;
        }
        LocalDate d = paidAfter(i.issue);
        Customer c = i.c;
        String name = Phrasing.stripDiacritics(
                        c.name.substring(0, c.name.length() - c.form.length()).trim())
                .toUpperCase(Locale.ROOT);
        BankTransaction t =
                tx(i.cents, d, name, null, Phrasing.noReference(r, language(c)), null, null, "PMNT-RCDT-ESCT");
        record(Kind.FAMILY_NAME_ONLY, t, i);
        return true;
    }

    private boolean purchase() {
        if (purchaseCursor >= purchases.size()) {
            return false;
        }
        Inv i = purchases.get(purchaseCursor++);
        i.consumed = true;
        LocalDate d = paidAfter(i.issue);
        String text = (r.nextBoolean() ? "Facture fournisseur " : "Invoice ") + i.number;
        BankTransaction t = tx(-i.cents, d, i.c.name, i.c.iban, text, null, "NOTPROVIDED", "PMNT-ICDT-ESCT");
        record(Kind.PURCHASE, t, i);
        return true;
    }

    private boolean noise(Kind k, boolean out) {
        String text = fillNoise(Companies.pick(r, out ? NOISE_OUT : NOISE_IN));
        long cents = 100 + (long) (Math.exp(5 + 1.5 * r.nextGaussian()) * 100);
        LocalDate d = START.plusDays(r.nextInt(ISSUE_DAYS + 60));
        boolean card = text.startsWith("CB ") || text.startsWith("CARTE");
        BankTransaction t = tx(
                out ? -cents : cents,
                d,
                r.nextBoolean() ? null : Companies.pick(r, STRANGERS),
                null,
                text,
                null,
                null,
                card ? "PMNT-CCRD-POSD" : out ? "PMNT-ICDT-ESCT" : "PMNT-RCDT-ESCT");
        record(k, t);
        return true;
    }

    private String fillNoise(String template) {
        return template.replace("%o", Integer.toString(10_000 + r.nextInt(9_000_000)))
                .replace("%d", String.format(Locale.ROOT, "%02d/2026", 1 + r.nextInt(12)));
    }

    /** A stranger pays an amount equal to an open invoice; perhaps quoting another tenant's invoice number. */
    private boolean stranger(Kind k) {
        Inv target = Companies.pick(r, order);
        if (target.consumed) {
            return false;
        }
        LocalDate d = paidAfter(target.issue);
        String text = k == Kind.FOREIGN_TENANT_NUMBER
                ? Phrasing.single(r, Lang.values()[r.nextInt(4)], foreignScheme.apply(1 + r.nextInt(50_000)), d)
                : Phrasing.noReference(r, Lang.values()[r.nextInt(4)]);
        String who = Companies.person(r, Lang.values()[r.nextInt(4)]).toUpperCase(Locale.ROOT);
        BankTransaction t = tx(
                target.cents,
                d,
                who,
                Companies.iban(r, Companies.COUNTRIES.get("DE")),
                text,
                null,
                null,
                "PMNT-RCDT-ESCT");
        record(k, t);
        return true;
    }

    /** A customer known by IBAN pays an amount of its own (a deposit, another business). */
    private boolean knownPayerOther() {
        Customer c = Companies.pick(r, customers);
        if (c.iban == null || c.invoices.isEmpty()) {
            return false;
        }
        LocalDate d = c.invoices.get(c.invoices.size() - 1).issue.plusDays(r.nextInt(30));
        long cents = 1_000 + (long) (Math.exp(6 + r.nextGaussian()) * 100);
        BankTransaction t = tx(
                cents,
                d,
                Phrasing.payerName(r, c.name, c.form),
                c.iban,
                Phrasing.advance(r, c.lang),
                null,
                null,
                "PMNT-RCDT-ESCT");
        record(Kind.KNOWN_PAYER_OTHER, t);
        return true;
    }

    /** An advance on an order, several percent below one of the customer's open invoices: pays no invoice. */
    private boolean advance() {
        Inv i = Companies.pick(r, order);
        if (i.consumed || i.c.iban == null || i.cents < 20_000) {
            return false;
        }
        // advances are round sums, a few percent below the order's value
        long below = i.cents - i.cents * (3 + r.nextInt(10)) / 100;
        long step = below >= 100_000 ? 10_000 : below >= 10_000 ? 1_000 : 100;
        long cents = below / step * step;
        for (Inv o : i.c.invoices) {
            if (!o.consumed && o.cents == cents) {
                return false; // that would be a payment of that invoice, not an advance
            }
        }
        LocalDate d = paidAfter(i.issue);
        BankTransaction t = tx(
                cents,
                d,
                Phrasing.payerName(r, i.c.name, i.c.form),
                i.c.iban,
                Phrasing.advance(r, language(i.c)),
                null,
                null,
                "PMNT-RCDT-ESCT");
        record(Kind.ADVANCE_PAYMENT, t);
        return true;
    }

    // ------------------------------------------------------------------ output

    private Lang language(Customer c) {
        return r.nextInt(100) < 15 ? Lang.values()[r.nextInt(4)] : c.lang;
    }

    private void emit(
            Kind k,
            long cents,
            LocalDate d,
            Customer c,
            boolean withIban,
            String text,
            String structured,
            String e2e,
            String code,
            Inv... paid) {
        String iban =
                !withIban || c.iban == null ? null : c.secondIban != null && r.nextBoolean() ? c.secondIban : c.iban;
        String btc = c.country.sepa() ? code : "PMNT-RCDT-XBCT";
        String delivered = text == null ? null : Phrasing.delivered(r, text, profile.cutShare());
        BankTransaction t = tx(
                cents,
                d,
                r.nextInt(100) < 97 ? Phrasing.payerName(r, c.name, c.form) : null,
                iban,
                delivered,
                structured,
                e2e,
                btc);
        record(k, t, paid);
    }

    private BankTransaction tx(
            long cents,
            LocalDate d,
            String name,
            String iban,
            String text,
            String structured,
            String e2e,
            String code) {
        return new BankTransaction(
                "pending",
                TENANT,
                ACCOUNT,
                BigDecimal.valueOf(cents, 2),
                "EUR",
                d,
                d,
                name,
                iban,
                text,
                structured,
                e2e,
                code);
    }

    private void record(Kind k, BankTransaction t, Inv... paid) {
        Set<String> truth = new TreeSet<>();
        for (Inv i : paid) {
            truth.add(i.id);
            if (i.paidOn == null || t.bookingDate().isAfter(i.paidOn)) {
                i.paidOn = t.bookingDate();
            }
        }
        events.add(new Event(t, truth, k));
    }
}
