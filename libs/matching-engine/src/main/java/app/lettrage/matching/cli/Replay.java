package app.lettrage.matching.cli;

import app.lettrage.matching.BankTransaction;
import app.lettrage.matching.Decision;
import app.lettrage.matching.Invoice;
import app.lettrage.matching.MatchStatus;
import app.lettrage.matching.MatchingEngine;
import app.lettrage.matching.MatchingSettings;
import app.lettrage.matching.OpenItemBook;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The benchmark's flow, as the service runs it on a stream: all invoices first, then each transaction in order,
 * decided against its tenant's book; what an AUTO_MATCHED decision settles (and the payer IBAN it teaches) is applied
 * before the next one.
 */
public final class Replay {
    private final MatchingEngine engine = new MatchingEngine();
    private final MatchingSettings settings;
    private final Map<String, OpenItemBook> books = new TreeMap<>();

    public Replay(MatchingSettings settings) {
        this.settings = settings;
    }

    public void invoice(Invoice invoice) {
        books.computeIfAbsent(invoice.tenantId(), OpenItemBook::new).upsert(invoice);
    }

    /** Decides one transaction and applies it when automatic. */
    public Decision decide(BankTransaction tx) {
        OpenItemBook book = books.computeIfAbsent(tx.tenantId(), OpenItemBook::new);
        Decision d = engine.decide(tx, book, settings);
        if (d.status() == MatchStatus.AUTO_MATCHED) {
            book.confirm(tx, d.allocations(), settings);
        }
        return d;
    }

    /** Loads the invoices, then decides every transaction in order, handing each decision to {@code out}. */
    public static void run(
            Iterable<Invoice> invoices,
            Iterable<BankTransaction> transactions,
            MatchingSettings settings,
            Consumer<Decision> out) {
        Replay r = new Replay(settings);
        for (Invoice i : invoices) {
            r.invoice(i);
        }
        for (BankTransaction t : transactions) {
            out.accept(r.decide(t));
        }
    }

    public int openCount() {
        int n = 0;
        for (OpenItemBook b : books.values()) {
            n += b.openCount();
        }
        return n;
    }
}
