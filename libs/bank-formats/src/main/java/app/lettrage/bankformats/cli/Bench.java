package app.lettrage.bankformats.cli;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import app.lettrage.bankformats.Balance;
import app.lettrage.bankformats.BankFormats;
import app.lettrage.bankformats.StatementHeader;
import app.lettrage.bankformats.StatementSink;
import app.lettrage.bankformats.Transaction;

/** Throughput bench: generates a camt.053 and an MT940 file with N entries and parses each a few times. */
public final class Bench {
    private Bench() {
    }

    static final class CountingSink implements StatementSink {
        long count;
        long warnings;

        @Override
        public void startStatement(StatementHeader header) {
        }

        @Override
        public void transaction(Transaction transaction) {
            count++;
        }

        @Override
        public void endStatement(List<Balance> closingBalances, List<String> w) {
            warnings += w.size();
        }
    }

    public static void run(int n, PrintStream out) throws IOException {
        for (String kind : new String[] {"camt053", "mt940"}) {
            Path f = Files.createTempFile("bench-" + kind, ".dat");
            try {
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
                    Generators.write(kind, n, os);
                }
                long size = Files.size(f);
                double best = 0;
                for (int round = 1; round <= 5; round++) {
                    CountingSink sink = new CountingSink();
                    long t0 = System.nanoTime();
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
                        BankFormats.parse(in, sink);
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double rate = sink.count / secs;
                    best = Math.max(best, rate);
                    out.printf("%s round %d: %d entries, %.1f MB in %.3f s = %,.0f entries/s (%.1f MB/s), warnings %d%n",
                            kind, round, sink.count, size / 1e6, secs, rate, size / 1e6 / secs, sink.warnings);
                    if (sink.count != n) {
                        throw new IllegalStateException("expected " + n + " entries, parsed " + sink.count);
                    }
                }
                out.printf("%s best: %,.0f entries/s%n", kind, best);
            } finally {
                Files.deleteIfExists(f);
            }
        }
    }
}
