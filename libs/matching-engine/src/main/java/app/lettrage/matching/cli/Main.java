package app.lettrage.matching.cli;

import app.lettrage.matching.Allocation;
import app.lettrage.matching.BankTransaction;
import app.lettrage.matching.Candidate;
import app.lettrage.matching.Decision;
import app.lettrage.matching.Direction;
import app.lettrage.matching.Invoice;
import app.lettrage.matching.MatchStatus;
import app.lettrage.matching.MatchingEngine;
import app.lettrage.matching.MatchingSettings;
import app.lettrage.matching.OpenItemBook;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Command line: {@code match --invoices F --transactions F --out F} (see the bench README) and {@code bench}.
 */
public final class Main {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Main() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        Map<String, String> opts = options(args);
        switch (args[0]) {
            case "match" -> {
                String inv = opts.get("--invoices");
                String txs = opts.get("--transactions");
                String out = opts.get("--out");
                if (inv == null || txs == null || out == null) {
                    usage();
                    System.exit(2);
                }
                int[] counts = match(Path.of(inv), Path.of(txs), Path.of(out), MatchingSettings.defaults());
                System.err.printf(
                        "%d transactions: %d auto-matched, %d suggested, %d unmatched%n",
                        counts[0] + counts[1] + counts[2], counts[0], counts[1], counts[2]);
            }
            case "bench" -> Bench.run(opts);
            default -> {
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("usage: matching-engine match --invoices F --transactions F --out F\n"
                + "       matching-engine bench [--invoices 100000] [--transactions 100000] [--seed 7]");
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            m.put(args[i], args[i + 1]);
        }
        return m;
    }

    /**
     * Reads all invoices, then decides the transactions in file order, applying each AUTO_MATCHED decision to the
     * book before the next one. Returns counts {auto, suggested, unmatched}.
     */
    public static int[] match(Path invoices, Path transactions, Path out, MatchingSettings settings)
            throws IOException {
        Map<String, OpenItemBook> books = new TreeMap<>();
        try (BufferedReader r = Files.newBufferedReader(invoices, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                Invoice inv = invoice(JSON.readTree(line));
                books.computeIfAbsent(inv.tenantId(), OpenItemBook::new).upsert(inv);
            }
        }
        MatchingEngine engine = new MatchingEngine();
        int[] counts = new int[3];
        try (BufferedReader r = Files.newBufferedReader(transactions, StandardCharsets.UTF_8);
                BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                BankTransaction tx = transaction(JSON.readTree(line));
                OpenItemBook book = books.computeIfAbsent(tx.tenantId(), OpenItemBook::new);
                Decision d = engine.decide(tx, book, settings);
                if (d.status() == MatchStatus.AUTO_MATCHED) {
                    book.confirm(tx, d.allocations(), settings);
                }
                counts[d.status().ordinal()]++;
                w.write(JSON.writeValueAsString(toJson(d)));
                w.write('\n');
            }
        }
        return counts;
    }

    static Map<String, Object> toJson(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transactionId", d.transactionId());
        m.put("status", d.status().name());
        m.put("allocations", allocs(d.allocations()));
        m.put("confidence", d.confidence());
        m.put("reasons", d.reasons());
        List<Object> cands = new ArrayList<>();
        for (Candidate c : d.candidates()) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("allocations", allocs(c.allocations()));
            cm.put("confidence", c.confidence());
            cm.put("reasons", c.reasons());
            cands.add(cm);
        }
        m.put("candidates", cands);
        return m;
    }

    private static List<Object> allocs(List<Allocation> as) {
        List<Object> out = new ArrayList<>();
        for (Allocation a : as) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("invoiceId", a.invoiceId());
            m.put("amount", a.amount().toPlainString());
            if (a.writeOff().signum() != 0) {
                m.put("writeOff", a.writeOff().toPlainString());
            }
            out.add(m);
        }
        return out;
    }

    static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }

    static BigDecimal dec(JsonNode n, String f) {
        String s = text(n, f);
        return s == null ? null : new BigDecimal(s.trim());
    }

    static LocalDate date(JsonNode n, String f) {
        String s = text(n, f);
        return s == null || s.isBlank() ? null : LocalDate.parse(s.trim());
    }

    public static Invoice invoice(JsonNode n) {
        return new Invoice(
                text(n, "id"),
                text(n, "tenantId"),
                Direction.valueOf(text(n, "direction")),
                text(n, "number"),
                text(n, "paymentReference"),
                text(n, "counterpartyName"),
                text(n, "counterpartyIban"),
                text(n, "currency"),
                dec(n, "totalAmount"),
                dec(n, "amountDue"),
                date(n, "issueDate"),
                date(n, "dueDate"));
    }

    public static BankTransaction transaction(JsonNode n) {
        return new BankTransaction(
                text(n, "id"),
                text(n, "tenantId"),
                text(n, "accountIban"),
                dec(n, "amount"),
                text(n, "currency"),
                date(n, "bookingDate"),
                date(n, "valueDate"),
                text(n, "counterpartyName"),
                text(n, "counterpartyIban"),
                text(n, "remittanceInformation"),
                text(n, "structuredReference"),
                text(n, "endToEndId"),
                text(n, "bankTransactionCode"));
    }

    static void check(boolean ok, String msg) {
        if (!ok) {
            throw new UncheckedIOException(new IOException(msg));
        }
    }
}
