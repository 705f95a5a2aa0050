package app.lettrage.matching.cli;

import app.lettrage.matching.BankTransaction;
import app.lettrage.matching.Direction;
import app.lettrage.matching.Invoice;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the benchmark's JSON-lines files (invoices, transactions, expected allocations), validating every line: a bad
 * line is an {@link IllegalArgumentException} naming the file, the line and the field. Lines and files are bounded.
 */
public final class JsonLines {
    /** Longest line accepted (a transaction's remittance is at most 140 characters; this leaves ample room). */
    static final int MAX_LINE_CHARS = 64 * 1024;
    /** Most lines one file may hold. */
    static final int MAX_LINES = 5_000_000;
    /** Largest amount accepted, in the currency's unit. */
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private JsonLines() {}

    public static List<Invoice> invoices(Path file) throws IOException {
        return read(file, JsonLines::invoice);
    }

    public static List<BankTransaction> transactions(Path file) throws IOException {
        return read(file, JsonLines::transaction);
    }

    /** expected.jsonl: transaction id -> the invoice ids it pays (empty for none). */
    public static Map<String, Set<String>> expected(Path file) throws IOException {
        Map<String, Set<String>> truth = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : read(file, JsonLines::expectedLine)) {
            if (truth.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalArgumentException(
                        file.getFileName() + ": transactionId " + e.getKey() + " appears twice");
            }
        }
        return truth;
    }

    private static <T> List<T> read(Path file, Function<JsonNode, T> parse) throws IOException {
        List<T> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LineReader lines = new LineReader(r, file);
            String line;
            int lineNo = 0;
            while ((line = lines.next(lineNo + 1)) != null) {
                lineNo++;
                if (lineNo > MAX_LINES) {
                    throw new IllegalArgumentException(file.getFileName() + ": more than " + MAX_LINES + " lines");
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = JSON.readTree(line);
                    if (n == null || !n.isObject()) {
                        throw new IllegalArgumentException("not a JSON object");
                    }
                    out.add(parse.apply(n));
                } catch (JsonProcessingException e) {
                    throw new IllegalArgumentException(
                            file.getFileName() + " line " + lineNo + ": not JSON (" + e.getOriginalMessage() + ")");
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file.getFileName() + " line " + lineNo + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** Lines of a reader, each refused when longer than {@link #MAX_LINE_CHARS} (read in blocks, not per character). */
    private static final class LineReader {
        private final Reader r;
        private final Path file;
        private final char[] buf = new char[64 * 1024];
        private int pos;
        private int end;
        private final StringBuilder line = new StringBuilder();

        LineReader(Reader r, Path file) {
            this.r = r;
            this.file = file;
        }

        String next(int lineNo) throws IOException {
            line.setLength(0);
            boolean any = false;
            while (true) {
                if (pos == end) {
                    end = r.read(buf, 0, buf.length);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        return any ? strip() : null;
                    }
                }
                any = true;
                int start = pos;
                while (pos < end && buf[pos] != '\n') {
                    pos++;
                }
                line.append(buf, start, pos - start);
                if (line.length() > MAX_LINE_CHARS) {
                    throw new IllegalArgumentException(
                            file.getFileName() + " line " + lineNo + ": longer than " + MAX_LINE_CHARS + " characters");
                }
                if (pos < end) {
                    pos++; // the newline
                    return strip();
                }
            }
        }

        private String strip() {
            int n = line.length();
            return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
        }
    }

    static Invoice invoice(JsonNode n) {
        String direction = required(n, "direction");
        Direction d;
        try {
            d = Direction.valueOf(direction);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field direction: " + direction + " is neither SALES nor PURCHASE");
        }
        BigDecimal total = amount(n, "totalAmount", true);
        BigDecimal due = amount(n, "amountDue", false);
        if (total.signum() < 0 || (due != null && (due.signum() < 0 || due.compareTo(total) > 0))) {
            throw new IllegalArgumentException("field amountDue: must lie between 0 and totalAmount");
        }
        return new Invoice(
                required(n, "id"),
                required(n, "tenantId"),
                d,
                text(n, "number"),
                text(n, "paymentReference"),
                text(n, "counterpartyName"),
                text(n, "counterpartyIban"),
                currency(n),
                total,
                due,
                date(n, "issueDate"),
                date(n, "dueDate"));
    }

    static BankTransaction transaction(JsonNode n) {
        return new BankTransaction(
                required(n, "id"),
                required(n, "tenantId"),
                text(n, "accountIban"),
                amount(n, "amount", true),
                currency(n),
                date(n, "bookingDate"),
                date(n, "valueDate"),
                text(n, "counterpartyName"),
                text(n, "counterpartyIban"),
                text(n, "remittanceInformation"),
                text(n, "structuredReference"),
                text(n, "endToEndId"),
                text(n, "bankTransactionCode"));
    }

    private static Map.Entry<String, Set<String>> expectedLine(JsonNode n) {
        String id = required(n, "transactionId");
        JsonNode allocs = n.get("allocations");
        if (allocs == null || !allocs.isArray()) {
            throw new IllegalArgumentException("field allocations: an array is required");
        }
        Set<String> ids = new TreeSet<>();
        for (JsonNode a : allocs) {
            ids.add(required(a, "invoiceId"));
        }
        return Map.entry(id, ids);
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field " + f + ": a string is required");
        }
        return v.asText();
    }

    private static String required(JsonNode n, String f) {
        String s = text(n, f);
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("field " + f + ": required");
        }
        return s;
    }

    private static String currency(JsonNode n) {
        String c = required(n, "currency").trim();
        if (!CURRENCY.matcher(c).matches()) {
            throw new IllegalArgumentException("field currency: " + c + " is no ISO 4217 code");
        }
        return c;
    }

    private static BigDecimal amount(JsonNode n, String f, boolean required) {
        String s = required ? required(n, f) : text(n, f);
        if (s == null) {
            return null;
        }
        if (s.length() > 32) {
            throw new IllegalArgumentException("field " + f + ": too long for an amount");
        }
        BigDecimal v;
        try {
            v = new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("field " + f + ": " + s + " is not a decimal amount");
        }
        if (v.abs().compareTo(MAX_AMOUNT) > 0 || v.scale() > 4) {
            throw new IllegalArgumentException("field " + f + ": " + s + " is out of range");
        }
        return v;
    }

    private static LocalDate date(JsonNode n, String f) {
        String s = text(n, f);
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field " + f + ": " + s + " is not an ISO date");
        }
    }
}
