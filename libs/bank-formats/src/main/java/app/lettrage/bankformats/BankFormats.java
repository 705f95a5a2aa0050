package app.lettrage.bankformats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Entry point: detect the format of a bank file and parse it, streaming into a {@link StatementSink}.
 *
 * <pre>{@code
 * try (InputStream in = Files.newInputStream(path)) {
 *     StatementFormat f = BankFormats.parse(in, mySink);   // detects, then streams
 * }
 * }</pre>
 */
public final class BankFormats {
    private BankFormats() {}

    /** The parser for a format. CSV needs a mapping: use {@link #csv(CsvMapping)}. */
    public static StatementParser parser(StatementFormat format) {
        return switch (format) {
            case CAMT_052, CAMT_053, CAMT_054 -> new CamtParser(format);
            case MT940, MT942 -> new Mt940Parser(format);
            case OFX -> new OfxParser();
            case CODA -> new CodaParser();
            case CSV -> throw new IllegalArgumentException("CSV needs a declared mapping: BankFormats.csv(CsvMapping)");
        };
    }

    /**
     * Like {@link #parser(StatementFormat)}; with {@code skipInvalidTransactions} the OFX parser leaves out invalid
     * transactions with a warning instead of failing (other formats stay strict).
     */
    public static StatementParser parser(StatementFormat format, boolean skipInvalidTransactions) {
        return format == StatementFormat.OFX ? new OfxParser(skipInvalidTransactions) : parser(format);
    }

    public static StatementParser csv(CsvMapping mapping) {
        return new CsvParser(mapping);
    }

    /** Detects the format from the content; the stream is wrapped so nothing is consumed. */
    public static StatementFormat detect(BufferedInputStream in) throws IOException {
        return FormatDetector.detect(in)
                .orElseThrow(() -> new StatementParseException(
                        1, null, "unrecognised content: expected camt.052/053/054 XML, MT940/MT942, OFX, CODA or CSV"));
    }

    /**
     * Detects the format and parses {@code in} into {@code sink}, one transaction at a time (bounded memory).
     * CSV input is detected but needs a mapping: use {@link #csv(CsvMapping)} for it.
     *
     * @return the detected format
     */
    public static StatementFormat parse(InputStream in, StatementSink sink) throws IOException {
        BufferedInputStream bin = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
        StatementFormat f = detect(bin);
        if (f == StatementFormat.CSV) {
            throw new StatementParseException(
                    1, null, "looks like CSV: a column mapping must be declared (CsvMapping or a preset)");
        }
        parser(f).parse(bin, sink);
        return f;
    }

    /** Convenience for small inputs: detects, parses and collects every statement in memory. */
    public static List<Statement> parseAll(InputStream in) throws IOException {
        CollectingSink sink = new CollectingSink();
        parse(in, sink);
        return sink.statements();
    }

    /** Convenience for small inputs with a known parser. */
    public static List<Statement> parseAll(InputStream in, StatementParser parser) throws IOException {
        CollectingSink sink = new CollectingSink();
        parser.parse(in, sink);
        return sink.statements();
    }
}
