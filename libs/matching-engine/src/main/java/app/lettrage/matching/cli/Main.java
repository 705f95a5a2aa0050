package app.lettrage.matching.cli;

import app.lettrage.matching.Allocation;
import app.lettrage.matching.BankTransaction;
import app.lettrage.matching.Candidate;
import app.lettrage.matching.Decision;
import app.lettrage.matching.Invoice;
import app.lettrage.matching.MatchingSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        try {
            run(args[0], opts);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    private static void run(String command, Map<String, String> opts) throws IOException {
        switch (command) {
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
                + "       matching-engine bench [--invoices 100000] [--transactions 100000] [--seed 7]\n"
                + "       matching-engine bench --data DIR   (DIR/invoices.jsonl, DIR/transactions.jsonl and, when"
                + " present, DIR/expected.jsonl to score)");
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
        Replay replay = new Replay(settings);
        for (Invoice inv : JsonLines.invoices(invoices)) {
            replay.invoice(inv);
        }
        int[] counts = new int[3];
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (BankTransaction tx : JsonLines.transactions(transactions)) {
                Decision d = replay.decide(tx);
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
}
