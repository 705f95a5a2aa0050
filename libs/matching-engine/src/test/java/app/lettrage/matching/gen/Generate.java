package app.lettrage.matching.gen;

import app.lettrage.matching.BankTransaction;
import app.lettrage.matching.Invoice;
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
import java.util.Set;

/**
 * Writes a generated data set in the benchmark's format (invoices.jsonl, transactions.jsonl, expected.jsonl with each
 * transaction's kind, meta.json), for {@code recon_score.py} and {@code matching-engine.jar bench --data}:
 *
 * <pre>
 * java -cp libs/matching-engine/target/matching-engine.jar:libs/matching-engine/target/test-classes \
 *      app.lettrage.matching.gen.Generate --profile realistic --invoices 100000 --seed 4242 --out DIR
 * </pre>
 */
public final class Generate {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Generate() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        if (!o.containsKey("--out") || !o.containsKey("--seed")) {
            System.err.println(
                    "usage: Generate --seed N --out DIR [--profile realistic|adversarial] [--invoices 100000]");
            System.exit(2);
        }
        long seed = Long.parseLong(o.get("--seed"));
        int invoices = Integer.parseInt(o.getOrDefault("--invoices", "100000"));
        if (invoices < 100 || invoices > 2_000_000) {
            System.err.println("--invoices: between 100 and 2000000");
            System.exit(2);
        }
        Profile p = "adversarial".equals(o.getOrDefault("--profile", "realistic"))
                ? Profile.adversarial()
                : Profile.realistic(invoices);
        Generator.DataSet set = Generator.generate(p, seed);
        Path dir = Path.of(o.get("--out"));
        write(set, dir);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("generator", "app.lettrage.matching.gen.Generator");
        meta.put("profile", p.name());
        meta.put("seed", seed);
        meta.put("invoices", set.invoices().size());
        meta.put("transactions", set.transactions().size());
        meta.put(
                "matchable",
                set.truth().values().stream().filter(t -> !t.isEmpty()).count());
        Files.writeString(
                dir.resolve("meta.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta));
        System.err.printf(
                "%s seed %d: %d invoices, %d transactions -> %s%n",
                p.name(), seed, set.invoices().size(), set.transactions().size(), dir);
    }

    static void write(Generator.DataSet set, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("invoices.jsonl"), StandardCharsets.UTF_8)) {
            for (Invoice i : set.invoices()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", i.id());
                m.put("tenantId", i.tenantId());
                m.put("direction", i.direction().name());
                m.put("number", i.number());
                m.put("paymentReference", i.paymentReference());
                m.put("counterpartyName", i.counterpartyName());
                m.put("counterpartyIban", i.counterpartyIban());
                m.put("currency", i.currency());
                m.put("totalAmount", i.totalAmount().toPlainString());
                m.put("amountDue", i.amountDue().toPlainString());
                m.put("issueDate", i.issueDate().toString());
                m.put("dueDate", i.dueDate().toString());
                w.write(JSON.writeValueAsString(m));
                w.write('\n');
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("transactions.jsonl"), StandardCharsets.UTF_8);
                BufferedWriter e = Files.newBufferedWriter(dir.resolve("expected.jsonl"), StandardCharsets.UTF_8)) {
            for (BankTransaction t : set.transactions()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", t.id());
                m.put("tenantId", t.tenantId());
                m.put("accountIban", t.accountIban());
                m.put("amount", t.amount().toPlainString());
                m.put("currency", t.currency());
                m.put("bookingDate", t.bookingDate().toString());
                m.put("valueDate", t.valueDate().toString());
                m.put("counterpartyName", t.counterpartyName());
                m.put("counterpartyIban", t.counterpartyIban());
                m.put("remittanceInformation", t.remittanceInformation());
                m.put("structuredReference", t.structuredReference());
                m.put("endToEndId", t.endToEndId());
                m.put("bankTransactionCode", t.bankTransactionCode());
                w.write(JSON.writeValueAsString(m));
                w.write('\n');
                Set<String> truth = set.truth().get(t.id());
                List<Object> allocs = new ArrayList<>();
                for (String id : truth) {
                    allocs.add(Map.of("invoiceId", id));
                }
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("transactionId", t.id());
                x.put("allocations", allocs);
                x.put("kind", set.kinds().get(t.id()).name());
                e.write(JSON.writeValueAsString(x));
                e.write('\n');
            }
        }
    }
}
