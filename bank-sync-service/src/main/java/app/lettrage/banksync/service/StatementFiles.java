package app.lettrage.banksync.service;

import app.lettrage.bankformats.Balance;
import app.lettrage.bankformats.BankFormats;
import app.lettrage.bankformats.BankTransactionCode;
import app.lettrage.bankformats.CsvMapping;
import app.lettrage.bankformats.StatementFormat;
import app.lettrage.bankformats.StatementHeader;
import app.lettrage.bankformats.StatementParser;
import app.lettrage.bankformats.StatementSink;
import app.lettrage.bankformats.Transaction;
import app.lettrage.bankformats.TransactionStatus;
import app.lettrage.events.TransactionImported.BookingStatus;
import app.lettrage.identifiers.Bic;
import app.lettrage.identifiers.Iban;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a statement file (camt.05x, MT940/MT942, OFX, CODA, CSV with a mapping) with bank-formats, streaming, into
 * the transactions to import into one account. A file that cannot be read (syntax, naming the line) or that is
 * another account's statement fails as a whole (422); an entry that cannot be imported (another currency, no date,
 * an amount finer than the currency allows) is a rejection naming its entry and line, and the others are imported.
 * Memory does not grow with the file: entries are handed to the consumer one at a time.
 */
public final class StatementFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatementFiles() {}

    /**
     * How to read an upload: the format (null: detected from the content) and, for CSV, the mapping and how it was
     * given ({@code preset:NAME} or the declared JSON / spec), stored with the job.
     */
    public record Source(StatementFormat format, CsvMapping csv, String csvDescription) {

        /** The CSV mapping with the account's currency as default when the mapping names none. */
        CsvMapping csvFor(String accountCurrency) {
            if (csv == null || csv.defaultCurrency() != null) {
                return csv;
            }
            return new CsvMapping(
                    csv.name(),
                    csv.delimiter(),
                    csv.quote(),
                    csv.decimalSeparator(),
                    csv.dateFormat(),
                    csv.encoding(),
                    csv.header(),
                    csv.skipLines(),
                    csv.sign(),
                    csv.debitMarker(),
                    accountCurrency,
                    csv.account(),
                    csv.columns());
        }
    }

    /** What the whole file holds: the format read, statements and entries, and how many of them can be imported. */
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
     * The source a request names: {@code format} ("camt.053", "CAMT_053", "mt940", "csv", ...; none: detected), a CSV
     * preset or a declared CSV mapping (either implies CSV). 400 problems naming the parameter.
     */
    public static Source source(String format, String csvPreset, String csvMapping) {
        StatementFormat f = blank(format) ? null : format(format);
        if (!blank(csvPreset) && !blank(csvMapping)) {
            throw ProblemException.badRequest("csvMapping", "give either csvPreset or csvMapping, not both");
        }
        CsvMapping mapping = null;
        String description = null;
        if (!blank(csvPreset)) {
            try {
                mapping = CsvMapping.preset(csvPreset.strip());
                description = "preset:" + csvPreset.strip().toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(
                        "csvPreset",
                        "unknown CSV preset '" + csvPreset.strip() + "': one of "
                                + String.join(", ", CsvMapping.presets()));
            }
        } else if (!blank(csvMapping)) {
            mapping = csvMapping(csvMapping.strip());
            description = csvMapping.strip();
        }
        if (mapping != null) {
            if (f != null && f != StatementFormat.CSV) {
                throw ProblemException.badRequest(
                        "format", "a CSV mapping was given, but the format is " + format.strip());
            }
            return new Source(StatementFormat.CSV, mapping, description);
        }
        if (f == StatementFormat.CSV) {
            throw ProblemException.badRequest(
                    "csvMapping",
                    "a CSV file needs its columns declared: csvPreset (one of "
                            + String.join(", ", CsvMapping.presets()) + ") or csvMapping");
        }
        return new Source(f, null, null);
    }

    /**
     * The source of an upload as its job recorded it: the format the check found and the CSV mapping as given
     * ({@code preset:NAME} or the declared mapping), so that a job reads its file as the check did.
     */
    public static Source recorded(String format, String csvDescription) {
        StatementFormat f = StatementFormat.valueOf(format);
        if (csvDescription == null) {
            return new Source(f, null, null);
        }
        CsvMapping mapping = csvDescription.startsWith("preset:")
                ? CsvMapping.preset(csvDescription.substring("preset:".length()))
                : csvMapping(csvDescription);
        return new Source(f, mapping, csvDescription);
    }

    /** The format named by a request, or a 400 problem naming {@code format}. */
    public static StatementFormat format(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        try {
            return StatementFormat.valueOf(n);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(
                    "format",
                    "unknown statement format '" + name.strip()
                            + "': one of camt.052, camt.053, camt.054, MT940, MT942, OFX, CODA, CSV");
        }
    }

    /**
     * A declared CSV mapping: a JSON object such as {@code {"delimiter": ";", "decimalSeparator": ",", "dateFormat":
     * "dd.MM.yyyy", "encoding": "ISO-8859-1", "sign": "DEBIT_CREDIT_COLUMNS", "columns": {"bookingDate": "Datum",
     * "debit": "Soll", "credit": "Haben", "remittance": ["Text", "Zusatz"]}}}, or the bank-formats CLI spec
     * ({@code delimiter=semicolon,decimal=comma,date=dd.MM.yyyy,bookingDate=Datum,amount=Betrag}).
     */
    static CsvMapping csvMapping(String declared) {
        try {
            return declared.startsWith("{") ? fromJson(JSON.readTree(declared)) : CsvMapping.parse(declared);
        } catch (IOException | IllegalArgumentException e) {
            throw ProblemException.badRequest("csvMapping", e.getMessage());
        }
    }

    private static CsvMapping fromJson(JsonNode node) {
        CsvMapping.Builder b = CsvMapping.builder("declared");
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "delimiter" -> b.delimiter(ch("delimiter", v.asText()));
                case "quote" -> b.quote(ch("quote", v.asText()));
                case "decimalSeparator" -> b.decimalSeparator(ch("decimalSeparator", v.asText()));
                case "dateFormat" -> {
                    try {
                        DateTimeFormatter.ofPattern(v.asText());
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException("dateFormat '" + v.asText() + "' is not a date pattern");
                    }
                    b.dateFormat(v.asText());
                }
                case "encoding" -> {
                    try {
                        b.encoding(Charset.forName(v.asText()));
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException(
                                "encoding '" + v.asText() + "' is not a known character set");
                    }
                }
                case "header" -> b.header(v.asBoolean());
                case "skipLines" -> b.skipLines(v.asInt());
                case "sign" -> {
                    try {
                        b.sign(CsvMapping.SignConvention.valueOf(
                                v.asText().toUpperCase(Locale.ROOT).replace('-', '_')));
                    } catch (IllegalArgumentException x) {
                        throw new IllegalArgumentException("sign '" + v.asText()
                                + "': one of SIGNED, INVERTED, DEBIT_CREDIT_COLUMNS, INDICATOR_COLUMN");
                    }
                }
                case "debitMarker" -> b.debitMarker(v.asText());
                case "currency" -> b.defaultCurrency(v.asText());
                case "account" -> b.account(v.asText());
                case "columns" -> {
                    for (Map.Entry<String, JsonNode> col : v.properties()) {
                        CsvMapping.Field field = field(col.getKey());
                        if (col.getValue().isArray()) {
                            col.getValue().forEach(n -> b.column(field, n.asText()));
                        } else {
                            b.column(field, col.getValue().asText());
                        }
                    }
                }
                default ->
                    throw new IllegalArgumentException("unknown key '" + e.getKey() + "': one of delimiter, quote,"
                            + " decimalSeparator, dateFormat, encoding, header, skipLines, sign, debitMarker, currency,"
                            + " account, columns");
            }
        }
        return b.build();
    }

    private static CsvMapping.Field field(String name) {
        try {
            return CsvMapping.Field.valueOf(
                    name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("columns: unknown field '" + name + "'");
        }
    }

    private static char ch(String key, String v) {
        if ("\\t".equals(v) || "tab".equals(v)) {
            return '\t';
        }
        if (v.length() != 1) {
            throw new IllegalArgumentException(key + " must be one character, found '" + v + "'");
        }
        return v.charAt(0);
    }

    /**
     * Reads the file for the account, handing each entry to {@code consumer}; 422 problems for an unreadable file
     * (naming the line) or a statement of another account. An exception of the consumer propagates unchanged.
     */
    public static Checked read(
            InputStream file, Source source, String accountIban, String accountCurrency, EntryConsumer consumer) {
        Sink sink = new Sink(accountIban, accountCurrency, consumer);
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
    private static final class ConsumerFailure extends RuntimeException {
        ConsumerFailure(RuntimeException cause) {
            super(cause);
        }
    }

    private static final class Sink implements StatementSink {
        private final String accountIban;
        private final String accountCurrency;
        private final EntryConsumer consumer;
        int statements;
        int entries;
        int importable;
        int rejected;
        int skipped;
        LocalDate firstDate;
        LocalDate lastDate;

        Sink(String accountIban, String accountCurrency, EntryConsumer consumer) {
            this.accountIban = accountIban;
            this.accountCurrency = accountCurrency;
            this.consumer = consumer;
        }

        @Override
        public void startStatement(StatementHeader header) {
            statements++;
            String iban = header.account() == null ? null : header.account().iban();
            String other = header.account() == null ? null : header.account().accountId();
            String named = iban != null ? Iban.normalize(iban) : other == null ? null : other.strip();
            if (named != null && !named.equals(accountIban)) {
                throw ProblemException.unprocessable(
                        "statement-account-mismatch",
                        "statement " + statements
                                + (header.statementId() == null ? "" : " (" + header.statementId() + ")") + " at line "
                                + header.sourceLine() + " is for account " + named + ", not this account's "
                                + accountIban
                                + ". Nothing was imported.");
            }
        }

        @Override
        public void transaction(Transaction t) {
            entries++;
            long line = t.sourceLine();
            if (t.status() == TransactionStatus.INFO) {
                skipped++;
                deliver(() -> consumer.skipped(entries, line));
                return;
            }
            String problem = problem(t);
            if (problem != null) {
                rejected++;
                String reason = "entry " + entries + " (line " + line + ") " + problem;
                deliver(() -> consumer.rejected(entries, line, reason));
                return;
            }
            importable++;
            LocalDate booking = t.bookingDate() != null ? t.bookingDate() : t.valueDate();
            if (firstDate == null || booking.isBefore(firstDate)) {
                firstDate = booking;
            }
            if (lastDate == null || booking.isAfter(lastDate)) {
                lastDate = booking;
            }
            if (consumer == COUNT_ONLY) {
                return;
            }
            IncomingTransaction in = incoming(t);
            deliver(() -> consumer.transaction(entries, line, in));
        }

        private void deliver(Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                throw new ConsumerFailure(e);
            }
        }

        /** Why the entry cannot be imported into this account, or null. */
        private String problem(Transaction t) {
            if (t.currency() == null || !t.currency().equals(accountCurrency)) {
                return "is in " + t.currency() + " but the account is in " + accountCurrency;
            }
            if (t.amount() == null) {
                return "has no amount";
            }
            try {
                Money.of(t.amount(), accountCurrency);
            } catch (IllegalArgumentException e) {
                return "has an unusable amount: " + e.getMessage();
            }
            if (t.bookingDate() == null && t.valueDate() == null) {
                return "has neither booking nor value date";
            }
            return null;
        }

        private IncomingTransaction incoming(Transaction t) {
            java.math.BigDecimal amount = Money.of(t.amount(), accountCurrency);
            LocalDate booking = t.bookingDate() != null ? t.bookingDate() : t.valueDate();
            String reference =
                    text(t.bankReference() != null ? t.bankReference() : t.transactionId(), Integer.MAX_VALUE);
            if (reference != null && reference.length() > 128) {
                reference = null; // too long to be a key: the fingerprint then
            }
            String iban = t.counterparty() == null
                    ? null
                    : Iban.normalize(text(t.counterparty().iban(), 64));
            if (iban != null && !Iban.isValid(iban)) {
                iban = null;
            }
            String bic = t.counterparty() == null ? null : text(t.counterparty().bic(), 64);
            bic = Bic.normalize(bic);
            if (bic != null && !Bic.isValid(bic)) {
                bic = null;
            }
            String name =
                    t.counterparty() == null ? null : text(t.counterparty().name(), 200);
            StructuredReferences.Classified ref = t.creditorReference() == null
                    ? null
                    : StructuredReferences.classify(text(t.creditorReference().reference(), 64));
            String endToEnd = text(t.endToEndId(), 64);
            if ("NOTPROVIDED".equalsIgnoreCase(endToEnd)) {
                endToEnd = null;
            }
            return new IncomingTransaction(
                    reference,
                    t.status() == TransactionStatus.PENDING ? BookingStatus.PENDING : BookingStatus.BOOKED,
                    amount,
                    accountCurrency,
                    booking,
                    t.valueDate(),
                    name,
                    iban,
                    bic,
                    text(t.remittanceInformation(), 1000),
                    ref == null ? null : ref.reference(),
                    ref == null ? null : ref.type(),
                    endToEnd,
                    text(code(t.bankTransactionCode()), 64));
        }

        @Override
        public void endStatement(java.util.List<Balance> closingBalances, java.util.List<String> warnings) {}
    }

    private static String code(BankTransactionCode c) {
        if (c == null || c.isEmpty()) {
            return null;
        }
        if (c.domain() != null) {
            return c.domain()
                    + (c.family() == null ? "" : "-" + c.family())
                    + (c.subFamily() == null ? "" : "-" + c.subFamily());
        }
        return c.proprietary();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    /** Stripped, blank as null, cut to the column's length. */
    private static String text(String s, int max) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String v = s.strip();
        return v.length() > max ? v.substring(0, max) : v;
    }
}
