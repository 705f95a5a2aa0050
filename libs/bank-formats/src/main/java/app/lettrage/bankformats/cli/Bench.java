package app.lettrage.bankformats.cli;

import app.lettrage.bankformats.Balance;
import app.lettrage.bankformats.BankFormats;
import app.lettrage.bankformats.StatementHeader;
import app.lettrage.bankformats.StatementSink;
import app.lettrage.bankformats.Transaction;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Throughput bench: generates a camt.053 and an MT940 file with N entries and parses each a few times. */
public final class Bench {
    private Bench() {}

    static final class CountingSink implements StatementSink {
        long count;
        long warnings;

        @Override
        public void startStatement(StatementHeader header) {}

        @Override
        public void transaction(Transaction transaction) {
            count++;
        }

        @Override
        public void endStatement(List<Balance> closingBalances, List<String> w) {
            warnings += w.size();
        }
    }

    static final int ROUNDS = 8;

    public static void run(int n, PrintStream out) throws IOException {
        for (String kind : new String[] {"camt053", "mt940"}) {
            Path f = Files.createTempFile("bench-" + kind, ".dat");
            try {
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
                    Generators.write(kind, n, os);
                }
                long size = Files.size(f);
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                double[] cpuRates = new double[ROUNDS];
                double bestWall = 0;
                for (int round = 1; round <= ROUNDS; round++) {
                    CountingSink sink = new CountingSink();
                    long c0 = mx.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
                        BankFormats.parse(in, sink);
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
                    double rate = sink.count / secs;
                    cpuRates[round - 1] = sink.count / cpu;
                    bestWall = Math.max(bestWall, rate);
                    out.printf(
                            "%s round %d: %d entries, %.1f MB: wall %.3f s = %,.0f entries/s; parser thread CPU %.3f s"
                                    + " = %,.0f entries/CPU-s (%.1f MB/CPU-s); warnings %d%n",
                            kind,
                            round,
                            sink.count,
                            size / 1e6,
                            secs,
                            rate,
                            cpu,
                            cpuRates[round - 1],
                            size / 1e6 / cpu,
                            sink.warnings);
                    if (sink.count != n) {
                        throw new IllegalStateException("expected " + n + " entries, parsed " + sink.count);
                    }
                }
                double[] sorted = cpuRates.clone();
                java.util.Arrays.sort(sorted);
                out.printf(
                        "%s: best wall %,.0f entries/s; per CPU-second of the parsing thread: best %,.0f, median %,.0f"
                                + " entries/s (rounds after JIT warm-up matter; the machine is shared)%n",
                        kind, bestWall, sorted[sorted.length - 1], sorted[sorted.length / 2]);
            } finally {
                Files.deleteIfExists(f);
            }
        }
    }
}
