package app.lettrage.bankformats.cli;

import app.lettrage.bankformats.BankFormats;
import app.lettrage.bankformats.CsvMapping;
import app.lettrage.bankformats.FormatDetector;
import app.lettrage.bankformats.JsonStatementSink;
import app.lettrage.bankformats.StatementFormat;
import app.lettrage.bankformats.StatementParseException;
import app.lettrage.bankformats.StatementParser;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command line: {@code bank-formats.jar [--format F] [--csv PRESET|--csv-mapping SPEC] FILE} prints the canonical JSON;
 * {@code bank-formats.jar bench [N]} runs the throughput bench; {@code bank-formats.jar generate camt053|mt940 N OUT}
 * writes a synthetic file.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static final String USAGE = "usage: bank-formats.jar [--format CAMT_053|MT940|OFX|CODA|CSV|...] "
            + "[--csv PRESET | --csv-mapping key=value,...] [--skip-invalid] FILE\n"
            + "       (CSV presets: " + String.join(", ", CsvMapping.presets()) + ")\n"
            + "       bank-formats.jar bench [ENTRIES]\n"
            + "       bank-formats.jar generate camt053|mt940 ENTRIES OUTFILE";

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 64;
        }
        try {
            if (args[0].equals("bench")) {
                Bench.run(args.length > 1 ? Integer.parseInt(args[1]) : 200_000, out);
                return 0;
            }
            if (args[0].equals("generate")) {
                if (args.length != 4) {
                    err.println(USAGE);
                    return 64;
                }
                try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(Path.of(args[3])), 1 << 16)) {
                    Generators.write(args[1], Integer.parseInt(args[2]), os);
                }
                return 0;
            }
            StatementFormat forced = null;
            CsvMapping csv = null;
            boolean skipInvalid = false;
            String file = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--format" ->
                        forced = StatementFormat.valueOf(args[++i].toUpperCase().replace('.', '_'));
                    case "--csv" -> csv = CsvMapping.preset(args[++i]);
                    case "--skip-invalid" -> skipInvalid = true;
                    case "--csv-mapping" -> csv = CsvMapping.parse(args[++i]);
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (file != null) {
                            err.println(USAGE);
                            return 64;
                        }
                        file = args[i];
                    }
                }
            }
            if (file == null) {
                err.println(USAGE);
                return 64;
            }
            return parseFile(Path.of(file), forced, csv, skipInvalid, out, err);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 64;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return 1;
        } catch (IOException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    static int parseFile(
            Path file, StatementFormat forced, CsvMapping csv, boolean skipInvalid, PrintStream out, PrintStream err)
            throws IOException {
        try (InputStream raw = Files.newInputStream(file);
                BufferedInputStream in = new BufferedInputStream(raw, 1 << 16)) {
            StatementFormat f = forced;
            if (f == null) {
                f = csv != null
                        ? StatementFormat.CSV
                        : FormatDetector.detect(in).orElse(null);
            }
            if (f == null) {
                err.println("error: " + file
                        + ": unrecognised content: expected camt.052/053/054 XML, MT940/MT942, OFX, CODA or CSV");
                return 2;
            }
            if (f == StatementFormat.CSV && csv == null) {
                err.println(
                        "error: " + file + ": looks like CSV; declare the columns with --csv PRESET or --csv-mapping");
                return 2;
            }
            StatementParser parser =
                    f == StatementFormat.CSV ? BankFormats.csv(csv) : BankFormats.parser(f, skipInvalid);
            JsonFactory jf = new JsonFactory();
            OutputStream os = new BufferedOutputStream(new NonClosing(out), 1 << 16);
            JsonGenerator g = jf.createGenerator(os, JsonEncoding.UTF8);
            g.useDefaultPrettyPrinter();
            JsonStatementSink sink = new JsonStatementSink(g);
            sink.begin(f);
            try {
                parser.parse(in, sink);
            } catch (StatementParseException e) {
                g.flush();
                os.flush();
                out.println();
                err.println("error: " + file + ": " + e.getMessage());
                return 2;
            }
            sink.finish();
            g.close();
            os.write('\n');
            os.flush();
            return 0;
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream o) {
            super(o);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
