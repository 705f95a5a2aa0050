package app.lettrage.bankformats;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Declared layout of a CSV export: separators, date format, sign convention, encoding and which column holds what.
 * Columns are referenced by header name (case-insensitive, trimmed) or, as {@code "#3"}, by 1-based position.
 *
 * <p>Build with {@link #builder(String)}, take a {@link #preset(String)}, or parse a CLI spec with {@link #parse(String)}:
 * {@code delimiter=semicolon,decimal=comma,date=dd.MM.yyyy,encoding=ISO-8859-1,sign=signed,amount=Betrag,
 * bookingDate=Buchungstag,remittance=Verwendungszweck,currency=EUR}
 */
public record CsvMapping(
        String name,
        char delimiter,
        char quote,
        char decimalSeparator,
        String dateFormat,
        Charset encoding,
        boolean header,
        int skipLines,
        SignConvention sign,
        String debitMarker,
        String defaultCurrency,
        String account,
        Map<Field, List<String>> columns) {

    /** How the amount's sign is given. */
    public enum SignConvention {
        /** One amount column, negative for debits. */
        SIGNED,
        /** One amount column, always positive; debits are negative (inverted export). */
        INVERTED,
        /** Separate debit and credit columns (either may be empty; debit amounts are made negative). */
        DEBIT_CREDIT_COLUMNS,
        /** Unsigned amount plus an indicator column whose value equals {@link #debitMarker()} for debits. */
        INDICATOR_COLUMN
    }

    /** What a column may hold. */
    public enum Field {
        BOOKING_DATE,
        VALUE_DATE,
        AMOUNT,
        DEBIT,
        CREDIT,
        INDICATOR,
        CURRENCY,
        COUNTERPARTY_NAME,
        COUNTERPARTY_IBAN,
        COUNTERPARTY_BIC,
        REMITTANCE,
        END_TO_END_ID,
        MANDATE_ID,
        CREDITOR_ID,
        BANK_REFERENCE,
        BOOKING_TEXT,
        ACCOUNT,
        BALANCE_AFTER
    }

    public CsvMapping {
        columns = Map.copyOf(columns);
        if (!columns.containsKey(Field.BOOKING_DATE)) {
            throw new IllegalArgumentException("CSV mapping " + name + ": a bookingDate column is required");
        }
        boolean hasAmount = switch (sign) {
            case SIGNED, INVERTED -> columns.containsKey(Field.AMOUNT);
            case DEBIT_CREDIT_COLUMNS -> columns.containsKey(Field.DEBIT) && columns.containsKey(Field.CREDIT);
            case INDICATOR_COLUMN ->
                columns.containsKey(Field.AMOUNT) && columns.containsKey(Field.INDICATOR) && debitMarker != null;
        };
        if (!hasAmount) {
            throw new IllegalArgumentException("CSV mapping " + name + ": sign convention " + sign
                    + " needs "
                    + switch (sign) {
                        case SIGNED, INVERTED -> "an amount column";
                        case DEBIT_CREDIT_COLUMNS -> "debit and credit columns";
                        case INDICATOR_COLUMN -> "amount and indicator columns and a debitMarker";
                    });
        }
        if (!header && columns.values().stream().flatMap(List::stream).anyMatch(c -> !c.startsWith("#"))) {
            throw new IllegalArgumentException(
                    "CSV mapping " + name + ": without a header row, columns must be positions like #3");
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Mutable builder; defaults: ';' delimiter, '"' quote, ',' decimal, dd.MM.yyyy, auto encoding, header row, signed. */
    public static final class Builder {
        private final String name;
        private char delimiter = ';';
        private char quote = '"';
        private char decimal = ',';
        private String dateFormat = "dd.MM.yyyy";
        private Charset encoding;
        private boolean header = true;
        private int skipLines;
        private SignConvention sign = SignConvention.SIGNED;
        private String debitMarker;
        private String currency;
        private String account;
        private final Map<Field, List<String>> columns = new LinkedHashMap<>();

        Builder(String name) {
            this.name = name;
        }

        public Builder delimiter(char c) {
            delimiter = c;
            return this;
        }

        public Builder quote(char c) {
            quote = c;
            return this;
        }

        public Builder decimalSeparator(char c) {
            decimal = c;
            return this;
        }

        public Builder dateFormat(String f) {
            dateFormat = f;
            return this;
        }

        public Builder encoding(Charset cs) {
            encoding = cs;
            return this;
        }

        public Builder header(boolean h) {
            header = h;
            return this;
        }

        public Builder skipLines(int n) {
            skipLines = n;
            return this;
        }

        public Builder sign(SignConvention s) {
            sign = s;
            return this;
        }

        /** For {@link SignConvention#INDICATOR_COLUMN}: the indicator value meaning debit (e.g. "S", "D", "Af"). */
        public Builder debitMarker(String m) {
            debitMarker = m;
            return this;
        }

        public Builder defaultCurrency(String c) {
            currency = c;
            return this;
        }

        public Builder account(String a) {
            account = a;
            return this;
        }

        /** Maps a field to one column, or several (REMITTANCE columns are joined with a space). */
        public Builder column(Field f, String... names) {
            columns.computeIfAbsent(f, k -> new ArrayList<>()).addAll(List.of(names));
            return this;
        }

        public CsvMapping build() {
            return new CsvMapping(
                    name,
                    delimiter,
                    quote,
                    decimal,
                    dateFormat,
                    encoding,
                    header,
                    skipLines,
                    sign,
                    debitMarker,
                    currency,
                    account,
                    columns);
        }
    }

    /** Named presets for common exports. */
    public static List<String> presets() {
        return List.of("generic", "de-sparkasse-camt", "nl-ing", "fr-debit-credit");
    }

    public static CsvMapping preset(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            // Date,Amount,Currency,Counterparty,IBAN,Description,Reference: ISO dates, '.' decimals, signed
            case "generic" ->
                builder("generic")
                        .delimiter(',')
                        .decimalSeparator('.')
                        .dateFormat("yyyy-MM-dd")
                        .column(Field.BOOKING_DATE, "Date")
                        .column(Field.AMOUNT, "Amount")
                        .column(Field.CURRENCY, "Currency")
                        .column(Field.COUNTERPARTY_NAME, "Counterparty")
                        .column(Field.COUNTERPARTY_IBAN, "IBAN")
                        .column(Field.REMITTANCE, "Description")
                        .column(Field.BANK_REFERENCE, "Reference")
                        .build();
            // Sparkasse "CSV-CAMT" export (semicolon, ISO-8859-1, dd.MM.yy, decimal comma)
            case "de-sparkasse-camt" ->
                builder("de-sparkasse-camt")
                        .delimiter(';')
                        .decimalSeparator(',')
                        .dateFormat("dd.MM.yy")
                        .encoding(Charset.forName("ISO-8859-1"))
                        .column(Field.ACCOUNT, "Auftragskonto")
                        .column(Field.BOOKING_DATE, "Buchungstag")
                        .column(Field.VALUE_DATE, "Valutadatum")
                        .column(Field.BOOKING_TEXT, "Buchungstext")
                        .column(Field.REMITTANCE, "Verwendungszweck")
                        .column(Field.CREDITOR_ID, "Glaeubiger ID")
                        .column(Field.MANDATE_ID, "Mandatsreferenz")
                        .column(Field.END_TO_END_ID, "Kundenreferenz (End-to-End)")
                        .column(Field.COUNTERPARTY_NAME, "Beguenstigter/Zahlungspflichtiger")
                        .column(Field.COUNTERPARTY_IBAN, "Kontonummer/IBAN")
                        .column(Field.COUNTERPARTY_BIC, "BIC (SWIFT-Code)")
                        .column(Field.AMOUNT, "Betrag")
                        .column(Field.CURRENCY, "Waehrung")
                        .build();
            // ING Netherlands download (comma, yyyyMMdd, "Af Bij" indicator, decimal comma)
            case "nl-ing" ->
                builder("nl-ing")
                        .delimiter(',')
                        .decimalSeparator(',')
                        .dateFormat("yyyyMMdd")
                        .sign(SignConvention.INDICATOR_COLUMN)
                        .debitMarker("Af")
                        .defaultCurrency("EUR")
                        .column(Field.BOOKING_DATE, "Datum")
                        .column(Field.COUNTERPARTY_NAME, "Naam / Omschrijving")
                        .column(Field.ACCOUNT, "Rekening")
                        .column(Field.COUNTERPARTY_IBAN, "Tegenrekening")
                        .column(Field.INDICATOR, "Af Bij")
                        .column(Field.AMOUNT, "Bedrag (EUR)")
                        .column(Field.BOOKING_TEXT, "Mutatiesoort")
                        .column(Field.REMITTANCE, "Mededelingen")
                        .build();
            // French bank export: Date;Libellé;Débit;Crédit (dd/MM/yyyy, decimal comma, Windows-1252)
            case "fr-debit-credit" ->
                builder("fr-debit-credit")
                        .delimiter(';')
                        .decimalSeparator(',')
                        .dateFormat("dd/MM/yyyy")
                        .encoding(Charset.forName("windows-1252"))
                        .sign(SignConvention.DEBIT_CREDIT_COLUMNS)
                        .defaultCurrency("EUR")
                        .column(Field.BOOKING_DATE, "Date")
                        .column(Field.REMITTANCE, "Libellé")
                        .column(Field.DEBIT, "Débit")
                        .column(Field.CREDIT, "Crédit")
                        .build();
            default -> throw new IllegalArgumentException("unknown CSV preset '" + name + "'; known: " + presets());
        };
    }

    /**
     * Parses a CLI spec: comma-separated {@code key=value}; keys delimiter, quote, decimal (comma|dot), date, encoding,
     * header (true|false), skip, sign (signed|inverted|debit-credit|indicator), debitMarker, currency, account, and
     * field columns (bookingDate, valueDate, amount, debit, credit, indicator, counterpartyName, counterpartyIban,
     * counterpartyBic, remittance, endToEndId, mandateId, creditorId, bankReference, bookingText, balanceAfter) given
     * as header names or #positions; repeat remittance= to join several columns. Special characters by name:
     * semicolon, comma, tab, pipe, dot, space.
     */
    public static CsvMapping parse(String spec) {
        Builder b = builder("custom");
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("CSV mapping: expected key=value, found '" + pair + "'");
            }
            String k = pair.substring(0, eq).trim();
            String v = pair.substring(eq + 1).trim();
            switch (k) {
                case "delimiter" -> b.delimiter(ch(v));
                case "quote" -> b.quote(ch(v));
                case "decimal" -> b.decimalSeparator(ch(v));
                case "date" -> b.dateFormat(v);
                case "encoding" -> b.encoding(Charset.forName(v));
                case "header" -> b.header(Boolean.parseBoolean(v));
                case "skip" -> b.skipLines(Integer.parseInt(v));
                case "sign" ->
                    b.sign(
                            switch (v) {
                                case "signed" -> SignConvention.SIGNED;
                                case "inverted" -> SignConvention.INVERTED;
                                case "debit-credit" -> SignConvention.DEBIT_CREDIT_COLUMNS;
                                case "indicator" -> SignConvention.INDICATOR_COLUMN;
                                default ->
                                    throw new IllegalArgumentException(
                                            "CSV mapping: unknown sign convention '" + v + "'");
                            });
                case "debitMarker" -> b.debitMarker(v);
                case "currency" -> b.defaultCurrency(v);
                case "account" -> b.account(v);
                default -> b.column(field(k), v);
            }
        }
        return b.build();
    }

    private static Field field(String k) {
        String norm = k.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        try {
            return Field.valueOf(norm);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CSV mapping: unknown key '" + k + "'");
        }
    }

    private static char ch(String v) {
        return switch (v) {
            case "semicolon" -> ';';
            case "comma" -> ',';
            case "tab" -> '\t';
            case "pipe" -> '|';
            case "dot" -> '.';
            case "space" -> ' ';
            case "quote" -> '"';
            case "apostrophe" -> '\'';
            default -> {
                if (v.length() != 1) {
                    throw new IllegalArgumentException("CSV mapping: expected one character, found '" + v + "'");
                }
                yield v.charAt(0);
            }
        };
    }
}
