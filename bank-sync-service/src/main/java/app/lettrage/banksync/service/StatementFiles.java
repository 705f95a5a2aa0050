package app.lettrage.banksync.service;

import app.lettrage.bankformats.BankFormats;
import app.lettrage.bankformats.CsvMapping;
import app.lettrage.bankformats.StatementFormat;
import app.lettrage.bankformats.StatementParser;
import app.lettrage.platform.problem.ProblemException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;

/**
 * Reads a statement file (camt.05x, MT940/MT942, OFX, CODA, CSV with a mapping) with bank-formats, streaming, into
 * the transactions to import into one account. A file that cannot be read (syntax, naming the line) or that is
 * another account's statement fails as a whole (422); an entry that cannot be imported (another currency, no date,
 * an amount finer than the currency allows) is a rejection naming its entry and line, and the others are imported.
 * Memory does not grow with the file: entries are handed to the consumer one at a time.
 */
public final class StatementFiles {

    private StatementFiles() {}

    /**
     * What the check of a whole file found; {@code firstDate}..{@code lastDate} span the booking dates (value date
     * where there is none) of its importable entries, null when it has none.
     */
    public record Checked(
            StatementFormat format,
            int statements,
            int entries,
            int importable,
            int rejected,
            int skipped,
            LocalDate firstDate,
            LocalDate lastDate) {}

    /** Receives the entries of a file in order; entry numbers are 1-based positions in the file. */
    public interface EntryConsumer {
        void transaction(int entry, long line, IncomingTransaction transaction);

        void rejected(int entry, long line, String reason);

        void skipped(int entry, long line);
    }

    /** Only counts: the synchronous check of an upload. */
    public static final EntryConsumer COUNT_ONLY = new EntryConsumer() {
        @Override
        public void transaction(int entry, long line, IncomingTransaction transaction) {}

        @Override
        public void rejected(int entry, long line, String reason) {}

        @Override
        public void skipped(int entry, long line) {}
    };

    /**
     * Reads the file for the account, handing each entry to {@code consumer}; 422 problems for an unreadable file
     * (naming the line) or a statement of another account. An exception of the consumer propagates unchanged.
     */
    public static Checked read(
            InputStream file,
            StatementSource source,
            String accountIban,
            String accountCurrency,
            EntryConsumer consumer) {
        AccountStatementSink sink = new AccountStatementSink(accountIban, accountCurrency, consumer);
        StatementFormat read;
        try (InputStream in = new BufferedInputStream(file, 1 << 16)) {
            if (source.format() == null) {
                read = BankFormats.detect((BufferedInputStream) in);
                if (read == StatementFormat.CSV) {
                    throw ProblemException.unprocessable(
                            "csv-mapping-needed",
                            "the file looks like CSV: name its columns"
                                    + " with csvPreset (one of " + String.join(", ", CsvMapping.presets())
                                    + ") or csvMapping."
                                    + " Nothing was imported.");
                }
            } else {
                read = source.format();
            }
            StatementParser parser = read == StatementFormat.CSV
                    ? BankFormats.csv(source.csvFor(accountCurrency))
                    : BankFormats.parser(read);
            parser.parse(in, sink);
        } catch (ConsumerFailure e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw ProblemException.unprocessable(
                    "unreadable-statement",
                    "the file is not a readable statement: " + e.getMessage() + ". Nothing was imported.");
        }
        return new Checked(
                read,
                sink.statements,
                sink.entries,
                sink.importable,
                sink.rejected,
                sink.skipped,
                sink.firstDate,
                sink.lastDate);
    }

    /** Wraps an exception of the consumer, so it is not taken for a parse error. */
    static final class ConsumerFailure extends RuntimeException {
        ConsumerFailure(RuntimeException cause) {
            super(cause);
        }
    }
}
