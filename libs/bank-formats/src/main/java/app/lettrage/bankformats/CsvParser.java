package app.lettrage.bankformats;

import app.lettrage.bankformats.CsvMapping.Field;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CSV exports with a declared {@link CsvMapping}. RFC 4180 quoting (quoted fields may hold delimiters, doubled quotes
 * and line breaks). One statement per file. Streams row by row.
 */
public final class CsvParser implements StatementParser {
    private final CsvMapping m;

    public CsvParser(CsvMapping mapping) {
        this.m = mapping;
    }

    @Override
    public StatementFormat format() {
        return StatementFormat.CSV;
    }

    @Override
    public void parse(InputStream in, StatementSink sink) throws IOException {
        LineReader lr = new LineReader(in, m.encoding());
        for (int i = 0; i < m.skipLines(); i++) {
            if (lr.readLine() == null) {
                break;
            }
        }
        Map<Field, int[]> idx = new EnumMap<>(Field.class);
        List<String> headerNames = null;
        if (m.header()) {
            List<String> h = record(lr);
            if (h == null) {
                throw new StatementParseException(lr.lineNumber(), null, "expected a header row, found an empty file");
            }
            headerNames = h;
        }
        for (Map.Entry<Field, List<String>> e : m.columns().entrySet()) {
            int[] cols = new int[e.getValue().size()];
            for (int i = 0; i < cols.length; i++) {
                String ref = e.getValue().get(i);
                if (ref.startsWith("#")) {
                    cols[i] = Integer.parseInt(ref.substring(1)) - 1;
                } else {
                    cols[i] = indexOf(headerNames, ref);
                    if (cols[i] < 0) {
                        if (e.getKey() == Field.BOOKING_DATE
                                || e.getKey() == Field.AMOUNT
                                || e.getKey() == Field.DEBIT
                                || e.getKey() == Field.CREDIT
                                || e.getKey() == Field.INDICATOR) {
                            throw new StatementParseException(
                                    lr.lineNumber(),
                                    "header",
                                    "expected a column named '" + ref + "' (mapping " + m.name() + "), found "
                                            + headerNames);
                        }
                    }
                }
            }
            idx.put(e.getKey(), cols);
        }
        DateTimeFormatter df = DateTimeFormatter.ofPattern(m.dateFormat(), Locale.ROOT);
        StatementEmitter em = new StatementEmitter(sink);
        List<String> row;
        while (true) {
            long start = lr.lineNumber() + 1;
            row = record(lr);
            if (row == null) {
                break;
            }
            if (row.stream().allMatch(String::isBlank)) {
                continue;
            }
            String dateCell = cell(row, idx, Field.BOOKING_DATE);
            if (dateCell == null) {
                if (!em.inStatement()) {
                    start(em, row, idx, start);
                }
                em.warn("line " + start + ": row without booking date skipped");
                continue;
            }
            if (!em.inStatement()) {
                start(em, row, idx, start);
            }
            Transaction.Builder b = new Transaction.Builder();
            b.sourceLine = start;
            b.bookingDate = date(dateCell, df, start, Field.BOOKING_DATE);
            String vd = cell(row, idx, Field.VALUE_DATE);
            b.valueDate = vd == null ? null : date(vd, df, start, Field.VALUE_DATE);
            String ccy = cell(row, idx, Field.CURRENCY);
            b.currency = ccy != null ? ccy.toUpperCase(Locale.ROOT) : m.defaultCurrency();
            BigDecimal amount = switch (m.sign()) {
                case SIGNED -> amount(cell(row, idx, Field.AMOUNT), start, Field.AMOUNT, true);
                case INVERTED ->
                    amount(cell(row, idx, Field.AMOUNT), start, Field.AMOUNT, true)
                            .negate();
                case DEBIT_CREDIT_COLUMNS -> {
                    String d = cell(row, idx, Field.DEBIT), c = cell(row, idx, Field.CREDIT);
                    if (d != null
                            && c != null
                            && amount(d, start, Field.DEBIT, true).signum() != 0
                            && amount(c, start, Field.CREDIT, true).signum() != 0) {
                        throw new StatementParseException(
                                start,
                                "debit/credit columns",
                                "expected an amount in either the debit or the credit column, found both");
                    }
                    if (d != null && amount(d, start, Field.DEBIT, true).signum() != 0) {
                        yield amount(d, start, Field.DEBIT, true).abs().negate();
                    }
                    yield amount(c, start, Field.CREDIT, true).abs();
                }
                case INDICATOR_COLUMN -> {
                    BigDecimal a = amount(cell(row, idx, Field.AMOUNT), start, Field.AMOUNT, true)
                            .abs();
                    String ind = cell(row, idx, Field.INDICATOR);
                    yield m.debitMarker().equalsIgnoreCase(ind == null ? "" : ind.trim()) ? a.negate() : a;
                }
            };
            b.amount = Amounts.scale(amount, b.currency);
            b.counterpartyName = cell(row, idx, Field.COUNTERPARTY_NAME);
            String iban = cell(row, idx, Field.COUNTERPARTY_IBAN);
            if (iban != null) {
                String c = iban.replace(" ", "").toUpperCase(Locale.ROOT);
                if (Mt940Parser.isIban(c)) {
                    b.counterpartyIban = c;
                } else {
                    b.counterpartyAccountId = iban;
                }
            }
            b.counterpartyBic = cell(row, idx, Field.COUNTERPARTY_BIC);
            b.remittanceInformation = cell(row, idx, Field.REMITTANCE);
            b.endToEndId = cell(row, idx, Field.END_TO_END_ID);
            if ("NOTPROVIDED".equals(b.endToEndId)) {
                b.endToEndId = null;
            }
            b.mandateId = cell(row, idx, Field.MANDATE_ID);
            b.creditorId = cell(row, idx, Field.CREDITOR_ID);
            b.bankReference = cell(row, idx, Field.BANK_REFERENCE);
            b.additionalInformation = cell(row, idx, Field.BOOKING_TEXT);
            String bal = cell(row, idx, Field.BALANCE_AFTER);
            if (bal != null) {
                b.details.put(
                        "balanceAfter",
                        amount(bal, start, Field.BALANCE_AFTER, true).toPlainString());
            }
            if (b.remittanceInformation != null) {
                CreditorReference cr = References.classify(b.remittanceInformation, null);
                if (cr.type() != ReferenceType.OTHER) {
                    b.creditorReference = cr;
                }
            }
            em.transaction(b.build(), true);
        }
        if (!em.inStatement()) {
            em.start(header(null, m.defaultCurrency(), 1));
        }
        em.end(List.of());
    }

    private void start(StatementEmitter em, List<String> row, Map<Field, int[]> idx, long line) {
        String acct = m.account() != null ? m.account() : cell(row, idx, Field.ACCOUNT);
        String ccy = cell(row, idx, Field.CURRENCY);
        em.start(header(acct, ccy == null ? m.defaultCurrency() : ccy.toUpperCase(Locale.ROOT), line));
    }

    private StatementHeader header(String acct, String currency, long line) {
        String iban = null, other = null;
        if (acct != null) {
            String c = acct.replace(" ", "").toUpperCase(Locale.ROOT);
            if (Mt940Parser.isIban(c)) {
                iban = c;
            } else {
                other = acct;
            }
        }
        return new StatementHeader(
                StatementFormat.CSV,
                null,
                null,
                null,
                new Party(null, iban, other, null),
                currency,
                null,
                null,
                null,
                List.of(),
                Map.of("csvMapping", m.name()),
                line);
    }

    private static int indexOf(List<String> header, String name) {
        if (header == null) {
            return -1;
        }
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(name.trim())) {
                return i;
            }
        }
        return -1;
    }

    private static String cell(List<String> row, Map<Field, int[]> idx, Field f) {
        int[] cols = idx.get(f);
        if (cols == null) {
            return null;
        }
        StringBuilder sb = null;
        String single = null;
        for (int c : cols) {
            if (c < 0 || c >= row.size()) {
                continue;
            }
            String v = row.get(c).strip();
            if (v.isEmpty()) {
                continue;
            }
            if (single == null) {
                single = v;
            } else {
                if (sb == null) {
                    sb = new StringBuilder(single);
                }
                sb.append(' ').append(v);
            }
        }
        return sb != null ? sb.toString() : single;
    }

    private LocalDate date(String v, DateTimeFormatter df, long line, Field f) throws StatementParseException {
        try {
            return LocalDate.parse(v.trim(), df);
        } catch (DateTimeParseException e) {
            throw new StatementParseException(
                    line, column(f), "expected a date like " + m.dateFormat() + ", found '" + v + "'");
        }
    }

    private String column(Field f) {
        List<String> c = m.columns().get(f);
        return "column '" + (c == null ? f : String.join("+", c)) + "'";
    }

    private BigDecimal amount(String v, long line, Field f, boolean required) throws StatementParseException {
        if (v == null) {
            if (!required) {
                return null;
            }
            throw new StatementParseException(line, column(f), "expected an amount, found an empty cell");
        }
        String s = v.replace("\u00a0", "").replace(" ", "").replace("'", "");
        char dec = m.decimalSeparator();
        char grp = dec == ',' ? '.' : ',';
        s = s.replace(String.valueOf(grp), "");
        if (dec != '.') {
            s = s.replace(dec, '.');
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.endsWith("-")) { // trailing minus (some German exports)
            s = "-" + s.substring(0, s.length() - 1);
        }
        return Amounts.parse(
                s, line, column(f), "expected an amount with decimal separator '" + dec + "', found '" + v + "'");
    }

    /** One CSV record (may span physical lines inside quotes), or null at end. */
    private List<String> record(LineReader lr) throws IOException {
        String line = lr.readLine();
        if (line == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuotes = false;
        char d = m.delimiter(), q = m.quote();
        long startLine = lr.lineNumber();
        while (true) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inQuotes) {
                    if (c == q) {
                        if (i + 1 < line.length() && line.charAt(i + 1) == q) {
                            cur.append(q);
                            i++;
                        } else {
                            inQuotes = false;
                        }
                    } else {
                        cur.append(c);
                    }
                } else if (c == q && cur.toString().isBlank()) {
                    cur.setLength(0);
                    inQuotes = true;
                } else if (c == d) {
                    out.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
            }
            if (!inQuotes) {
                break;
            }
            if (cur.length() > Limits.DEFAULT.maxFieldLength()) {
                throw Limits.exceeded(
                        startLine, null, "quoted field length (from this line)", Limits.DEFAULT.maxFieldLength());
            }
            line = lr.readLine();
            if (line == null) {
                throw new StatementParseException(
                        startLine, null, "expected a closing quote " + q + " for the field opened here");
            }
            cur.append('\n');
        }
        out.add(cur.toString());
        return out;
    }
}
