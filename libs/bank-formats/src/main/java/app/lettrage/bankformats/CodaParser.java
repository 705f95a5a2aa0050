package app.lettrage.bankformats;

import app.lettrage.identifiers.BelgianStructuredCommunication;
import app.lettrage.identifiers.Iban;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Belgian CODA (Febelfin coded statement of account, version 2): fixed 128-character records 0 (header),
 * 1 (old balance), 2.1-2.3 (movement), 3.1-3.3 (information), 4 (free message), 8 (new balance), 9 (trailer).
 * Collective (globalised) movements with details are reported as their details; without details as the global.
 */
public final class CodaParser implements StatementParser {

    @Override
    public StatementFormat format() {
        return StatementFormat.CODA;
    }

    @Override
    public void parse(InputStream in, StatementSink sink) throws IOException {
        LineReader lr = new LineReader(in);
        StatementEmitter em = new StatementEmitter(sink);
        String raw;
        Pending pending = null;
        Timestamp created = null;
        String bic = null;
        String currency = null;
        boolean any = false;
        List<Balance> closing = new ArrayList<>();
        while ((raw = lr.readLine()) != null) {
            if (raw.isBlank()) {
                continue;
            }
            long ln = lr.lineNumber();
            String r = raw.length() >= 128 ? raw : String.format("%-128s", raw);
            char type = r.charAt(0);
            switch (type) {
                case '0' -> {
                    any = true;
                    created = new Timestamp(
                            date(r.substring(5, 11), ln, "record 0 creation date")
                                    .atStartOfDay(),
                            null);
                    bic = r.substring(60, 71).trim();
                }
                case '1' -> {
                    char structure = r.charAt(1);
                    String acct;
                    String iban = null, other = null;
                    switch (structure) {
                        case '0' -> {
                            acct = r.substring(5, 17).trim();
                            currency = r.substring(18, 21).trim();
                            iban = belgianIban(acct);
                            if (iban == null) {
                                other = acct;
                            }
                        }
                        case '2', '3' -> {
                            iban = r.substring(5, 39).trim();
                            currency = r.substring(39, 42).trim();
                        }
                        case '1' -> {
                            other = r.substring(5, 39).trim();
                            currency = r.substring(39, 42).trim();
                        }
                        default ->
                            throw new StatementParseException(
                                    ln,
                                    "record 1 position 2",
                                    "expected account structure 0-3, found '" + structure + "'");
                    }
                    BigDecimal amt = amount(r, 42, 43, ln, "record 1 old balance");
                    LocalDate d = date(r.substring(58, 64), ln, "record 1 old balance date");
                    Map<String, String> details = new LinkedHashMap<>();
                    String desc = r.substring(90, 125).trim();
                    if (!desc.isEmpty()) {
                        details.put("accountDescription", desc);
                    }
                    if (structure == '0') {
                        details.put("bban", r.substring(5, 17).trim());
                    }
                    Balance opening =
                            new Balance(BalanceType.OPENING_BOOKED, Amounts.scale(amt, currency), currency, d, "1");
                    closing.clear();
                    em.start(new StatementHeader(
                            StatementFormat.CODA,
                            null,
                            r.substring(2, 5).trim(),
                            r.substring(125, 128).trim(),
                            new Party(
                                    r.substring(64, 90).trim(), iban, other, bic == null || bic.isEmpty() ? null : bic),
                            currency,
                            created,
                            null,
                            null,
                            List.of(opening),
                            Map.copyOf(details),
                            ln));
                }
                case '2' -> {
                    requireStatement(em, ln, r);
                    char sub = r.charAt(1);
                    if (sub == '1') {
                        String seq = r.substring(2, 6);
                        int detail = parseInt(r.substring(6, 10), ln, "record 2.1 detail number");
                        if (pending != null) {
                            boolean detailOfGlobal = pending.global && detail > 0 && seq.equals(pending.seq);
                            if (!detailOfGlobal) {
                                emit(pending, em);
                            }
                            // a global with details is replaced by its details
                        }
                        pending = new Pending();
                        pending.seq = seq;
                        pending.global = detail == 0 && r.charAt(124) != '0' && r.charAt(124) != ' ';
                        Transaction.Builder b = pending.b;
                        b.sourceLine = ln;
                        b.bankReference = nz(r.substring(10, 31));
                        BigDecimal a = amount(r, 31, 32, ln, "record 2.1 amount");
                        b.amount = Amounts.scale(a, currency);
                        b.currency = currency;
                        b.valueDate = date(r.substring(47, 53), ln, "record 2.1 value date");
                        String code = r.substring(53, 61);
                        b.bankTransactionCode = new BankTransactionCode(null, null, null, code, "FEBELFIN");
                        b.details.put("sequence", seq);
                        b.details.put("detail", r.substring(6, 10));
                        if (r.charAt(61) == '1') {
                            structured(b, r.substring(62, 115).trim());
                        } else {
                            pending.text.append(r, 62, 115);
                        }
                        String entry = r.substring(115, 121);
                        b.bookingDate = entry.isBlank() || entry.equals("000000")
                                ? b.valueDate
                                : date(entry, ln, "record 2.1 entry date");
                        b.details.put("globalisationCode", String.valueOf(r.charAt(124)));
                    } else if (sub == '2') {
                        requirePending(pending, ln, r);
                        Transaction.Builder b = pending.b;
                        pending.text.append(r, 10, 63);
                        String cref = r.substring(63, 98).trim();
                        if (!cref.isEmpty()) {
                            b.endToEndId = cref.equals("NOTPROVIDED") ? null : cref;
                            b.customerReference = cref;
                        }
                        b.counterpartyBic = nz(r.substring(98, 109));
                        char rtype = r.charAt(112);
                        if (rtype >= '1' && rtype <= '5') {
                            b.reversal = true;
                            b.details.put("rTransactionType", String.valueOf(rtype));
                        }
                        b.returnReason = nz(r.substring(113, 117));
                        String cat = nz(r.substring(117, 121));
                        if (cat != null) {
                            b.details.put("categoryPurpose", cat);
                        }
                        b.purposeCode = nz(r.substring(121, 125));
                    } else if (sub == '3') {
                        requirePending(pending, ln, r);
                        Transaction.Builder b = pending.b;
                        String acct = r.substring(10, 47).trim();
                        if (!acct.isEmpty()) {
                            String ib = acct.length() > 3
                                            && acct.substring(acct.length() - 3).matches("[A-Z]{3}")
                                            && acct.substring(0, acct.length() - 3)
                                                    .trim()
                                                    .matches("[A-Z]{2}\\d{2}[A-Z0-9 ]+")
                                    ? acct.substring(0, acct.length() - 3).trim()
                                    : acct;
                            if (Mt940Parser.isIban(ib)) {
                                b.counterpartyIban = ib;
                            } else {
                                b.counterpartyAccountId = acct;
                            }
                        }
                        b.counterpartyName = nz(r.substring(47, 82));
                        pending.text.append(r, 82, 125);
                    } else {
                        throw new StatementParseException(ln, "record 2." + sub, "expected record 2.1, 2.2 or 2.3");
                    }
                }
                case '3' -> {
                    requireStatement(em, ln, r);
                    if (pending != null) {
                        char sub = r.charAt(1);
                        if (sub == '1') {
                            String comm = r.substring(40, 113);
                            if (r.charAt(39) != '1') {
                                pending.info.append(comm.strip()).append(' ');
                            } else {
                                pending.b.details.put("informationStructured", comm.strip());
                            }
                        } else {
                            pending.info.append(r.substring(10, 115).strip()).append(' ');
                        }
                    }
                }
                case '4' -> requireStatement(em, ln, r);
                case '8' -> {
                    requireStatement(em, ln, r);
                    if (pending != null) {
                        emit(pending, em);
                        pending = null;
                    }
                    BigDecimal amt = amount(r, 41, 42, ln, "record 8 new balance");
                    closing.add(new Balance(
                            BalanceType.CLOSING_BOOKED,
                            Amounts.scale(amt, currency),
                            currency,
                            date(r.substring(57, 63), ln, "record 8 new balance date"),
                            "8"));
                }
                case '9' -> {
                    if (pending != null) {
                        emit(pending, em);
                        pending = null;
                    }
                    if (em.inStatement()) {
                        em.end(closing);
                        closing = new ArrayList<>();
                    }
                }
                default ->
                    throw new StatementParseException(
                            ln,
                            "record type",
                            "expected a CODA record type 0, 1, 2, 3, 4, 8 or 9, found '" + type + "'");
            }
        }
        if (pending != null) {
            emit(pending, em);
        }
        if (em.inStatement()) {
            em.warn("file ends without trailer record 9");
            em.end(closing);
        }
        if (!any) {
            throw new StatementParseException(lr.lineNumber(), null, "expected a CODA header record 0");
        }
    }

    private static final class Pending {
        final Transaction.Builder b = new Transaction.Builder();
        final StringBuilder text = new StringBuilder();
        final StringBuilder info = new StringBuilder();
        String seq;
        boolean global;
    }

    private static void emit(Pending p, StatementEmitter em) {
        Transaction.Builder b = p.b;
        String t = p.text.toString().strip().replaceAll(" {2,}", " ");
        if (!t.isEmpty()) {
            b.remittanceInformation = t;
        }
        String info = p.info.toString().strip();
        if (!info.isEmpty()) {
            b.details.put("information", info);
            b.additionalInformation = info;
        }
        em.transaction(b.build(), true);
    }

    private static void structured(Transaction.Builder b, String comm) {
        if (comm.length() < 3) {
            return;
        }
        String kind = comm.substring(0, 3);
        b.details.put("communicationType", kind);
        if ((kind.equals("101") || kind.equals("102")) && comm.length() >= 15) {
            String ref = comm.substring(3, 15);
            CreditorReference cr = References.classify(ref, "BBA");
            b.creditorReference = cr;
        } else {
            b.details.put("structuredCommunication", comm.substring(3).strip());
        }
    }

    private static void requireStatement(StatementEmitter em, long ln, String r) throws StatementParseException {
        if (!em.inStatement()) {
            throw new StatementParseException(
                    ln,
                    "record " + r.charAt(0),
                    "expected an old balance record 1 before movement/information/new balance records");
        }
    }

    private static void requirePending(Pending p, long ln, String r) throws StatementParseException {
        if (p == null) {
            throw new StatementParseException(ln, "record 2." + r.charAt(1), "expected a record 2.1 before it");
        }
    }

    /** Sign at {@code signPos} ('0' credit, '1' debit), 15 digits with 3 implied decimals at {@code from}. */
    private static BigDecimal amount(String r, int signPos, int from, long ln, String field)
            throws StatementParseException {
        String digits = r.substring(from, from + 15);
        char sign = r.charAt(signPos);
        if (!digits.chars().allMatch(Character::isDigit) || (sign != '0' && sign != '1')) {
            throw new StatementParseException(
                    ln,
                    field + " (positions " + (signPos + 1) + "-" + (from + 15) + ")",
                    "expected sign 0/1 and 15 digits, found '" + sign + digits + "'");
        }
        BigDecimal v = new BigDecimal(digits).movePointLeft(3);
        return sign == '1' ? v.negate() : v;
    }

    private static LocalDate date(String ddmmyy, long ln, String field) throws StatementParseException {
        try {
            int yy = Integer.parseInt(ddmmyy.substring(4, 6));
            return LocalDate.of(
                    yy <= 79 ? 2000 + yy : 1900 + yy,
                    Integer.parseInt(ddmmyy.substring(2, 4)),
                    Integer.parseInt(ddmmyy.substring(0, 2)));
        } catch (NumberFormatException | DateTimeException e) {
            throw new StatementParseException(ln, field, "expected a date DDMMYY, found '" + ddmmyy + "'");
        }
    }

    private static int parseInt(String s, long ln, String field) throws StatementParseException {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new StatementParseException(ln, field, "expected digits, found '" + s + "'");
        }
    }

    /**
     * Belgian BBAN (12 digits) to IBAN BEkk + BBAN, when the BBAN's own check holds: its last two digits are the first
     * ten mod 97 (97 for 0), the rule of the structured communication, which iban4j does not check.
     */
    static String belgianIban(String bban) {
        if (bban.length() != 12
                || !References.isDigits(bban)
                || Integer.parseInt(bban.substring(10))
                        != BelgianStructuredCommunication.checkOf(Long.parseLong(bban.substring(0, 10)))) {
            return null;
        }
        return Iban.of("BE", bban);
    }

    private static String nz(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
