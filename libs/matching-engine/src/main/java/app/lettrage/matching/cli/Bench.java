package app.lettrage.matching.cli;

import app.lettrage.matching.BankTransaction;
import app.lettrage.matching.Decision;
import app.lettrage.matching.Direction;
import app.lettrage.matching.Invoice;
import app.lettrage.matching.MatchingSettings;
import app.lettrage.matching.References;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Speed benchmark on synthetic data: N open invoices of one tenant, M transactions in booking order (references,
 * RF, payer + amount only, instalments, fees, grouped payments, noise), each decided and, when auto-matched, applied
 * to the book before the next, as the service does. Prints total time and the per-decision latency distribution.
 */
public final class Bench {
    private static final String[] FAMILY = {
        "Martin",
        "Bernard",
        "Dubois",
        "Thomas",
        "Robert",
        "Richard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Laurent",
        "Lefebvre",
        "Michel",
        "Garcia",
        "David",
        "Bertrand",
        "Roux",
        "Vincent",
        "Fournier",
        "Morel",
        "Girard",
        "Andre",
        "Mercier",
        "Dupont",
        "Lambert",
        "Bonnet",
        "Francois",
        "Martinez",
        "Legrand",
        "Garnier",
        "Faure",
        "Rousseau",
        "Blanc",
        "Guerin",
        "Muller",
        "Henry",
        "Roussel",
        "Nicolas",
        "Perrin",
        "Morin",
        "Mathieu",
        "Clement",
        "Gauthier",
        "Dumont",
        "Lopez",
        "Fontaine",
        "Chevalier",
        "Robin",
        "Masson",
        "Janssens",
        "Peeters",
        "Maes",
        "Jacobs",
        "Mertens",
        "Willems",
        "Claes",
        "Goossens",
        "Wouters",
        "De Vries",
        "Van Dijk",
        "Bakker",
        "Visser",
        "Smit",
        "Meyer",
        "Schulz",
        "Wagner",
        "Becker",
        "Hoffmann",
        "Schafer",
        "Koch",
        "Weber",
        "Schneider",
        "Fischer",
        "Rossi",
        "Russo",
        "Ferrari",
        "Esposito",
        "Bianchi",
        "Romano"
    };
    private static final String[] TRADE = {
        "Logistique",
        "Media",
        "Conseil",
        "Bâtiment",
        "Électricité",
        "Optique",
        "Traiteur",
        "Jardins",
        "Transports",
        "Informatique",
        "Imprimerie",
        "Sécurité",
        "Design",
        "Studio",
        "Garage",
        "Plomberie",
        "Menuiserie",
        "Boulangerie",
        "Pharmacie",
        "Architecture",
        "Voyages",
        "Nettoyage",
        "Distribution",
        "Industrie",
        "Services",
        "Formation",
        "Software",
        "Handel",
        "Bau",
        "Energie"
    };
    private static final String[] FORM = {
        "SARL", "SAS", "SA", "EURL", "GmbH", "AG", "KG", "BV", "NV", "SRL", "SPRL", "Ltd", "SL", "SpA", ""
    };
    private static final String[] NOISE = {
        "PRLV SEPA URSSAF",
        "CB CARREFOUR %d",
        "FRAIS TENUE DE COMPTE",
        "VIR INTERNE EPARGNE",
        "INTERETS CREDITEURS",
        "REMISE CHEQUES %d",
        "PRLV EDF FACTURE %d",
        "Virement recu",
        "PAIEMENT"
    };

    private Bench() {}

    record Party(String name, String iban) {}

    static void run(Map<String, String> opts) throws IOException {
        String data = opts.get("--data");
        if (data != null) {
            Path dir = Path.of(data);
            long p0 = System.nanoTime();
            List<Invoice> invoices = JsonLines.invoices(dir.resolve("invoices.jsonl"));
            List<BankTransaction> txs = JsonLines.transactions(dir.resolve("transactions.jsonl"));
            Path expected = dir.resolve("expected.jsonl");
            Map<String, Set<String>> truth = Files.exists(expected) ? JsonLines.expected(expected) : null;
            System.out.printf(Locale.ROOT, "data set %s (parsed in %.2f s)%n", dir, (System.nanoTime() - p0) / 1e9);
            measure(invoices, txs, truth);
            return;
        }
        int nInv = Integer.parseInt(opts.getOrDefault("--invoices", "100000"));
        int nTx = Integer.parseInt(opts.getOrDefault("--transactions", "100000"));
        long seed = Long.parseLong(opts.getOrDefault("--seed", "7"));
        Random rnd = new Random(seed);
        String tenant = "bench-tenant";

        // ---------------------------------------------------------------- synthetic data
        int nParties = Math.max(10, nInv / 5);
        List<Party> parties = new ArrayList<>();
        Set<String> names = new HashSet<>();
        while (parties.size() < nParties) {
            String n = FAMILY[rnd.nextInt(FAMILY.length)] + " "
                    + (rnd.nextInt(3) == 0 ? FAMILY[rnd.nextInt(FAMILY.length)] + " " : "")
                    + TRADE[rnd.nextInt(TRADE.length)];
            String form = FORM[rnd.nextInt(FORM.length)];
            String full = form.isEmpty() ? n : (rnd.nextBoolean() ? form + " " + n : n + " " + form);
            if (names.add(n)) {
                parties.add(new Party(full, rnd.nextInt(10) < 7 ? iban(rnd) : null));
            }
        }
        LocalDate start = LocalDate.of(2026, 1, 1);
        List<Invoice> invoices = new ArrayList<>(nInv);
        int[] partyOf = new int[nInv];
        for (int i = 0; i < nInv; i++) {
            int p = rnd.nextInt(nParties);
            partyOf[i] = p;
            long cents = rnd.nextInt(4) == 0
                    ? (rnd.nextInt(20) + 1) * 5000L
                    : 1000 + (long) (rnd.nextDouble() * rnd.nextDouble() * 6_000_000);
            BigDecimal amount = BigDecimal.valueOf(cents, 2);
            LocalDate issue = start.plusDays(rnd.nextInt(180));
            String number = String.format(Locale.ROOT, "INV-2026-%06d", i + 1);
            String rf = rnd.nextInt(10) < 3 ? References.makeRf(String.format(Locale.ROOT, "%d%05d", 7, i + 1)) : null;
            invoices.add(new Invoice(
                    "inv-" + (i + 1),
                    tenant,
                    Direction.SALES,
                    number,
                    rf,
                    parties.get(p).name(),
                    parties.get(p).iban(),
                    "EUR",
                    amount,
                    amount,
                    issue,
                    issue.plusDays(30)));
        }
        // transactions: walk the invoices in a shuffled order, one or a few per transaction
        Integer[] order = new Integer[nInv];
        for (int i = 0; i < nInv; i++) {
            order[i] = i;
        }
        Collections.shuffle(Arrays.asList(order), rnd);
        List<BankTransaction> txs = new ArrayList<>(nTx);
        int cursor = 0;
        for (int t = 0; t < nTx; t++) {
            String id = String.format(Locale.ROOT, "tx-%07d", t + 1);
            int kind = rnd.nextInt(100);
            if (kind < 12 || cursor >= nInv) { // noise
                BigDecimal amt = BigDecimal.valueOf(100 + rnd.nextInt(500_000), 2);
                String text = String.format(Locale.ROOT, NOISE[rnd.nextInt(NOISE.length)], rnd.nextInt(99_999_999));
                boolean out = rnd.nextBoolean();
                txs.add(new BankTransaction(
                        id,
                        tenant,
                        "FR76BENCH",
                        out ? amt.negate() : amt,
                        "EUR",
                        start.plusDays(rnd.nextInt(240)),
                        null,
                        null,
                        null,
                        text,
                        null,
                        null,
                        null));
                continue;
            }
            Invoice inv = invoices.get(order[cursor]);
            Party party = parties.get(partyOf[order[cursor]]);
            cursor++;
            String payer = payerName(party.name(), rnd);
            String iban = rnd.nextInt(10) < 8 ? party.iban() : null;
            LocalDate booked = inv.issueDate().plusDays(rnd.nextInt(60));
            BigDecimal amount = inv.totalAmount();
            String text;
            String structured = null;
            if (kind < 45) {
                text = variant(inv.number(), rnd);
            } else if (kind < 55 && inv.paymentReference() != null) {
                structured = inv.paymentReference();
                text = null;
            } else if (kind < 70) {
                text = rnd.nextBoolean() ? "PAIEMENT" : "VIR SEPA " + payer;
            } else if (kind < 80) {
                amount = amount.multiply(new BigDecimal("0.30")).setScale(2, RoundingMode.HALF_UP);
                text = "acompte " + variant(inv.number(), rnd);
            } else if (kind < 88) {
                amount = amount.subtract(new BigDecimal("7.50")).max(new BigDecimal("0.01"));
                text = variant(inv.number(), rnd);
            } else { // grouped: this invoice plus the next one(s) of the walk
                StringBuilder sb = new StringBuilder("Factures ").append(variant(inv.number(), rnd));
                int extra = 1 + rnd.nextInt(2);
                for (int k = 0; k < extra && cursor < nInv; k++, cursor++) {
                    Invoice more = invoices.get(order[cursor]);
                    amount = amount.add(more.totalAmount());
                    sb.append(", ").append(variant(more.number(), rnd));
                    if (more.issueDate().isAfter(booked)) {
                        booked = more.issueDate().plusDays(rnd.nextInt(10));
                    }
                }
                text = sb.toString();
            }
            txs.add(new BankTransaction(
                    id,
                    tenant,
                    "FR76BENCH",
                    amount,
                    "EUR",
                    booked,
                    booked,
                    payer,
                    iban,
                    text,
                    structured,
                    null,
                    "PMNT-RCDT-ESCT"));
        }
        txs.sort(Comparator.comparing(BankTransaction::bookingDate).thenComparing(BankTransaction::id));
        measure(invoices, txs, null);
    }

    /**
     * Times loading the invoices into books and deciding every transaction in order (auto-matches applied before the
     * next), as one process on one thread; prints the total, the deciding thread's CPU time and the per-decision
     * latency distribution, and the scores when a truth is given.
     */
    static void measure(List<Invoice> invoices, List<BankTransaction> txs, Map<String, Set<String>> truth) {
        MatchingSettings settings = MatchingSettings.defaults();
        int nInv = invoices.size();
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        long gc0 = gcMillis(gcs);
        long a0 = mx.getThreadAllocatedBytes(me);
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Replay replay = new Replay(settings);
        for (Invoice inv : invoices) {
            replay.invoice(inv);
        }
        long t1 = System.nanoTime();
        long[] lat = new long[txs.size()];
        long[] cpu = new long[txs.size()];
        long c1 = mx.getCurrentThreadCpuTime();
        long a1 = mx.getThreadAllocatedBytes(me);
        int[] counts = new int[3];
        Scores scores = new Scores();
        for (int i = 0; i < txs.size(); i++) {
            BankTransaction tx = txs.get(i);
            long a = System.nanoTime();
            long ca = mx.getCurrentThreadCpuTime();
            Decision d = replay.decide(tx);
            lat[i] = System.nanoTime() - a;
            cpu[i] = mx.getCurrentThreadCpuTime() - ca;
            counts[d.status().ordinal()]++;
            if (truth != null && truth.containsKey(tx.id())) {
                scores.add(d, truth.get(tx.id()));
            }
        }
        long t2 = System.nanoTime();
        long c2 = mx.getCurrentThreadCpuTime();
        long a2 = mx.getThreadAllocatedBytes(me);
        long gc2 = gcMillis(gcs);
        Arrays.sort(lat);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "invoices=%d transactions=%d%n", nInv, txs.size());
        System.out.printf(Locale.ROOT, "load (upsert all invoices): %.2f s%n", (t1 - t0) / 1e9);
        System.out.printf(Locale.ROOT, "decide+apply all transactions: %.2f s%n", (t2 - t1) / 1e9);
        System.out.printf(Locale.ROOT, "total (load + decide + apply): %.2f s%n", (t2 - t0) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "CPU time of the deciding thread: load %.2f s, decide+apply %.2f s (wall minus "
                        + "this is GC, JIT and waiting for a core on a shared machine)%n",
                (c1 - c0) / 1e9,
                (c2 - c1) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "allocated by the deciding thread: load %.0f MB, decide+apply %.0f MB (%.1f kB per decision);"
                        + " collector time %.2f s%n",
                (a1 - a0) / 1e6,
                (a2 - a1) / 1e6,
                (a2 - a1) / 1e3 / Math.max(1, txs.size()),
                (gc2 - gc0) / 1e3);
        System.out.printf(
                Locale.ROOT,
                "per decision: p50=%.3f ms p99=%.3f ms p99.9=%.3f ms max=%.3f ms%n",
                pct(lat, 0.50),
                pct(lat, 0.99),
                pct(lat, 0.999),
                lat[lat.length - 1] / 1e6);
        System.out.printf(
                Locale.ROOT,
                "per decision, thread CPU time: p50=%.3f ms p99=%.3f ms p99.9=%.3f ms " + "max=%.3f ms%n",
                pct(cpu, 0.50),
                pct(cpu, 0.99),
                pct(cpu, 0.999),
                cpu[cpu.length - 1] / 1e6);
        System.out.printf(
                Locale.ROOT,
                "auto=%d suggested=%d unmatched=%d open invoices left=%d%n",
                counts[0],
                counts[1],
                counts[2],
                replay.openCount());
        if (truth != null) {
            System.out.println("scores: " + scores);
        }
    }

    private static long gcMillis(List<GarbageCollectorMXBean> gcs) {
        long t = 0;
        for (GarbageCollectorMXBean g : gcs) {
            t += Math.max(0, g.getCollectionTime());
        }
        return t;
    }

    private static double pct(long[] sorted, double p) {
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1e6;
    }

    private static String iban(Random rnd) {
        StringBuilder b = new StringBuilder("FR76");
        for (int i = 0; i < 23; i++) {
            b.append((char) ('0' + rnd.nextInt(10)));
        }
        return b.toString();
    }

    private static String payerName(String name, Random rnd) {
        String n = References.fold(name);
        if (rnd.nextInt(4) == 0 && n.length() > 20) {
            n = n.substring(0, 20);
        }
        return n;
    }

    private static String variant(String number, Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> number;
            case 1 -> number.toLowerCase(Locale.ROOT).replace("-", " ");
            case 2 -> number.replace("-", "");
            default -> number.substring(4); // no prefix
        };
    }
}
