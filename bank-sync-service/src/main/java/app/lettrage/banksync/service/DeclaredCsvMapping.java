package app.lettrage.banksync.service;

import app.lettrage.bankformats.CsvMapping;
import app.lettrage.platform.problem.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** Reads the CSV mapping a user declares for an upload (JSON or the bank-formats CLI spec); 400 naming csvMapping. */
final class DeclaredCsvMapping {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeclaredCsvMapping() {}

    /**
     * A declared CSV mapping: a JSON object such as {@code {"delimiter": ";", "decimalSeparator": ",", "dateFormat":
     * "dd.MM.yyyy", "encoding": "ISO-8859-1", "sign": "DEBIT_CREDIT_COLUMNS", "columns": {"bookingDate": "Datum",
     * "debit": "Soll", "credit": "Haben", "remittance": ["Text", "Zusatz"]}}}, or the bank-formats CLI spec
     * ({@code delimiter=semicolon,decimal=comma,date=dd.MM.yyyy,bookingDate=Datum,amount=Betrag}).
     */
    static CsvMapping parse(String declared) {
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
}
