package app.lettrage.bankformats;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SWIFT MT940 (customer statement) and MT942 (interim report), with or without the SWIFT envelope
 * ({1:..}{2:..}{4: ... -}), with bank-specific header lines, several statements per file, German structured
 * :86: (GVC + ?xx subfields + SEPA keywords), Dutch codewords (/EREF/ /REMI/ /CNTP/ ...) and free text.
 * Reads line by line; at most one transaction is held in memory.
 */
public final class Mt940Parser implements StatementParser {
    private static final Pattern TAG = Pattern.compile("^:(\\d{2}[A-Z]?|NS):(.*)$");
    private static final Pattern LINE61 =
            Pattern.compile("^(\\d{6})(\\d{4})?(RC|RD|EC|ED|C|D)([A-Z])?(\\d+(?:,\\d*)?)([NFS][A-Z0-9]{3})(.*)$");
    private static final Pattern BAL = Pattern.compile("^([CD])(\\d{6})([A-Z]{3})(\\d+(?:,\\d*)?)\\s*$");
    private static final Pattern ACCOUNT_IBAN = Pattern.compile("^([A-Z]{2}\\d{2}[A-Z0-9]{8,30}?)\\s*([A-Z]{3})?$");
    private static final Pattern SEPA_KEY =
            Pattern.compile("(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT|PURP|BREF|RREF)\\+");
    private static final Pattern NL_CODE = Pattern.compile(
            "(?=/(EREF|REMI|CNTP|ORDP|BENM|TRTP|PREF|RTRN|MARF|CSID|IBAN|BIC|NAME|ADDR|ID|USTD|STRD|CDTRREFTP"
                    + "|CDTRREF|CD|ISSR|ISDT|FX|EXCH|ULTC|ULTD|ULTB|PURP|BUSP|CHGS|SVCL|RTYP|OCMT|ORIG|KREF|NREF)/)");

    private static final Pattern DASH_TRAILER = Pattern.compile("^-[A-Z]{1,4}$");
    private final StatementFormat declared;

    public Mt940Parser() {
        this(StatementFormat.MT940);
    }

    public Mt940Parser(StatementFormat declared) {
        this.declared = declared;
    }

    @Override
    public StatementFormat format() {
        return declared;
    }

    /** A field: tag, content lines, line where it starts. */
    private record Field(String tag, List<String> lines, long line) {
        String first() {
            return lines.get(0);
        }

        String joined(String sep) {
            return String.join(sep, lines);
        }
    }

    @Override
    public void parse(InputStream in, StatementSink sink) throws IOException {
        LineReader lr = new LineReader(in);
        State st = new State(new StatementEmitter(sink));
        String tag = null;
        List<String> content = null;
        long tagLine = 0;
        List<String> afterDash = null; // lines after a lone "-" inside a field: message end or content?
        boolean pendingColon = false;
        boolean anyTag = false;
        long fieldChars = 0; // of the current field with its continuation lines: bounded by Limits
        int maxField = Limits.DEFAULT.maxFieldLength();
        String raw;
        while ((raw = lr.readLine()) != null) {
            String l = stripTrailing(raw);
            if (pendingColon) {
                l = ":" + l;
                pendingColon = false;
            }
            if (l.startsWith("{")) {
                int b4 = l.indexOf("{4:");
                if (tag != null) {
                    st.field(new Field(tag, content, tagLine));
                    tag = null;
                }
                afterDash = null;
                st.messageEnd();
                if (b4 < 0) {
                    continue;
                }
                l = l.substring(b4 + 3);
                if (l.isEmpty()) {
                    continue;
                }
            }
            if (l.equals(":")) {
                pendingColon = true;
                continue;
            }
            if (tag == null && (l.equals(":940:") || l.equals(":942:"))) {
                continue; // Rabobank legacy header line
            }
            if (l.startsWith("-}") || (l.equals("-") && tag == null)) {
                if (tag != null) {
                    st.field(new Field(tag, content, tagLine));
                    tag = null;
                }
                afterDash = null;
                st.messageEnd();
                continue;
            }
            Matcher m = l.startsWith(":") ? TAG.matcher(l) : null;
            if (m != null && m.matches()) {
                String newTag = m.group(1);
                if (afterDash != null) {
                    if (newTag.equals("20") || newTag.equals("NS")) {
                        st.field(new Field(tag, content, tagLine));
                        st.messageEnd();
                    } else {
                        content.addAll(afterDash);
                        st.field(new Field(tag, content, tagLine));
                    }
                    afterDash = null;
                } else if (tag != null) {
                    st.field(new Field(tag, content, tagLine));
                }
                tag = newTag;
                content = new ArrayList<>(2);
                content.add(m.group(2));
                fieldChars = l.length();
                tagLine = lr.lineNumber();
                anyTag = true;
                continue;
            }
            if (tag == null) {
                if (l.startsWith(":") && !anyTag) {
                    throw new StatementParseException(
                            lr.lineNumber(),
                            null,
                            "expected a SWIFT MT940 field tag such as ':20:' or ':61:', found '" + abbreviate(l) + "'");
                }
                continue; // header lines of some banks (ABNANL2A / 940 / 0000 01INGB...), blank lines between messages
            }
            fieldChars += l.length() + 1;
            if (fieldChars > maxField) {
                throw Limits.exceeded(tagLine, ":" + tag + ":", "field length with its continuation lines", maxField);
            }
            if (afterDash != null) {
                afterDash.add(l);
                continue;
            }
            if (l.equals("-") || DASH_TRAILER.matcher(l).matches()) {
                afterDash = new ArrayList<>();
                afterDash.add(l);
                continue;
            }
            if (l.isEmpty()) {
                continue;
            }
            content.add(l);
        }
        if (tag != null) {
            st.field(new Field(tag, content, tagLine)); // lines after a final "-" are a trailer: dropped
        }
        st.messageEnd();
        if (!anyTag) {
            throw new StatementParseException(
                    lr.lineNumber(), null, "expected SWIFT MT940/MT942 fields (':20:', ':61:'), found none");
        }
    }

    private static String stripTrailing(String s) {
        int e = s.length();
        while (e > 0 && s.charAt(e - 1) <= ' ') {
            e--;
        }
        return e == s.length() ? s : s.substring(0, e);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** Statement assembly. */
    private final class State {
        final StatementEmitter em;
        boolean open;
        String ref;
        String relatedRef;
        String account;
        String sequence;
        Balance opening;
        String currency;
        long startLine;
        boolean mt942 = declared == StatementFormat.MT942;
        final List<Balance> closing = new ArrayList<>();
        Transaction.Builder pending;
        StringBuilder pendingInfo;
        String statementInfo;

        State(StatementEmitter em) {
            this.em = em;
        }

        void field(Field f) throws StatementParseException {
            switch (f.tag()) {
                case "20" -> {
                    messageEnd();
                    open = true;
                    startLine = f.line();
                    ref = f.joined("").trim();
                }
                case "21" -> relatedRef = ensureOpen(f).joined("").trim();
                case "25" -> account = ensureOpen(f).joined("").trim();
                case "28", "28C" -> sequence = ensureOpen(f).joined("").trim();
                case "13", "13D", "34F", "90D", "90C" -> {
                    ensureOpen(f);
                    mt942 = true;
                }
                case "60F", "60M" -> {
                    ensureOpen(f);
                    opening = balance(
                            f, f.tag().equals("60F") ? BalanceType.OPENING_BOOKED : BalanceType.INTERIM_OPENING);
                    if (currency == null) {
                        currency = opening.currency();
                    }
                }
                case "61" -> {
                    ensureOpen(f);
                    flushTx();
                    startIfNeeded();
                    pending = line61(f);
                    pendingInfo = null;
                }
                case "86" -> {
                    ensureOpen(f);
                    if (pending != null) {
                        // Rabobank legacy: several :86: fields per transaction
                        if (pendingInfo == null) {
                            pendingInfo = new StringBuilder(f.joined("\n"));
                        } else {
                            pendingInfo.append('\n').append(f.joined("\n"));
                        }
                        if (pendingInfo.length() > Limits.DEFAULT.maxFieldLength()) {
                            throw Limits.exceeded(
                                    f.line(),
                                    ":86:",
                                    "information of one transaction",
                                    Limits.DEFAULT.maxFieldLength());
                        }
                    } else {
                        statementInfo = statementInfo == null ? f.joined("\n") : statementInfo + "\n" + f.joined("\n");
                        if (statementInfo.length() > Limits.DEFAULT.maxFieldLength()) {
                            throw Limits.exceeded(
                                    f.line(), ":86:", "information of the statement", Limits.DEFAULT.maxFieldLength());
                        }
                    }
                }
                case "62F", "62M" -> {
                    ensureOpen(f);
                    flushTx();
                    Balance b = balance(
                            f, f.tag().equals("62F") ? BalanceType.CLOSING_BOOKED : BalanceType.INTERIM_CLOSING);
                    if (currency == null) {
                        currency = b.currency();
                    }
                    closing.add(b);
                }
                case "64" -> {
                    ensureOpen(f);
                    flushTx();
                    closing.add(balance(f, BalanceType.CLOSING_AVAILABLE));
                }
                case "65" -> {
                    ensureOpen(f);
                    flushTx();
                    closing.add(balance(f, BalanceType.FORWARD_AVAILABLE));
                }
                default -> ensureOpen(f);
            }
        }

        Field ensureOpen(Field f) {
            if (!open) {
                open = true;
                startLine = f.line();
            }
            return f;
        }

        void startIfNeeded() {
            if (em.inStatement()) {
                return;
            }
            String iban = null, other = null;
            if (account != null) {
                Matcher m = ACCOUNT_IBAN.matcher(account.replace(" ", "").length() > 0 ? account : "");
                String compact = account.replace(" ", "");
                String cand = compact;
                if (compact.length() > 3
                        && compact.substring(compact.length() - 3).matches("[A-Z]{3}")
                        && isIban(compact.substring(0, compact.length() - 3))) {
                    cand = compact.substring(0, compact.length() - 3);
                }
                if (isIban(cand)) {
                    iban = cand;
                } else {
                    other = account;
                }
                if (m.matches() && iban == null && isIban(m.group(1))) {
                    iban = m.group(1);
                    other = null;
                }
            }
            StatementFormat fmt = mt942 ? StatementFormat.MT942 : StatementFormat.MT940;
            em.start(new StatementHeader(
                    fmt,
                    relatedRef,
                    ref,
                    sequence,
                    new Party(null, iban, other, null),
                    currency,
                    null,
                    null,
                    null,
                    opening == null ? List.of() : List.of(opening),
                    java.util.Map.of(),
                    startLine));
            if (opening != null && !Amounts.fitsCurrency(opening.amount(), opening.currency())) {
                em.warn("line " + startLine + ": opening balance has more decimals than " + opening.currency()
                        + " allows");
            }
        }

        void flushTx() throws StatementParseException {
            if (pending == null) {
                return;
            }
            Transaction.Builder b = pending;
            pending = null;
            if (pendingInfo != null) {
                info86(b, pendingInfo.toString());
                pendingInfo = null;
            }
            em.transaction(b.build(), true);
        }

        void messageEnd() throws StatementParseException {
            if (!open) {
                return;
            }
            flushTx();
            startIfNeeded();
            if (statementInfo != null) {
                em.warn("statement information (:86: outside a transaction): " + statementInfo.replace('\n', ' '));
            }
            em.end(closing);
            open = false;
            ref = relatedRef = account = sequence = currency = statementInfo = null;
            opening = null;
            closing.clear();
            mt942 = declared == StatementFormat.MT942;
        }

        Balance balance(Field f, BalanceType type) throws StatementParseException {
            String v = f.joined("").trim();
            Matcher m = BAL.matcher(v);
            if (!m.matches()) {
                throw new StatementParseException(
                        f.line(),
                        ":" + f.tag() + ":",
                        "expected balance as [C|D]YYMMDDCCCamount (e.g. C140219EUR662,23), found '" + v + "'");
            }
            String ccy = m.group(3);
            BigDecimal amt = amount(m.group(4), f, "amount");
            if (m.group(1).equals("D")) {
                amt = amt.negate();
            }
            return new Balance(type, Amounts.scale(amt, ccy), ccy, date6(m.group(2), f), f.tag());
        }

        Transaction.Builder line61(Field f) throws StatementParseException {
            List<String> ls = f.lines();
            String head = ls.get(0);
            int used = 1;
            Matcher m = LINE61.matcher(head);
            // some banks break the first line of :61: before the amount (Sparkasse: "1811261126CR" / "30,00N062NONREF")
            while (!m.matches() && used < ls.size() && used < 3) {
                head = head + ls.get(used++);
                m = LINE61.matcher(head);
            }
            if (!m.matches()) {
                throw new StatementParseException(
                        f.line(),
                        ":61:",
                        "expected YYMMDD[MMDD](C|D|RC|RD)amount(N|F|S)XXX[reference], found '" + abbreviate(ls.get(0))
                                + "'");
            }
            Transaction.Builder b = new Transaction.Builder();
            b.sourceLine = f.line();
            LocalDate value = date6(m.group(1), f);
            b.valueDate = value;
            if (m.group(2) != null) {
                b.bookingDate = entryDate(value, m.group(2), f);
            } else {
                b.bookingDate = value;
            }
            String mark = m.group(3);
            BigDecimal amt = amount(m.group(5), f, "amount");
            boolean debit = mark.equals("D") || mark.equals("RC") || mark.equals("ED");
            b.reversal = mark.startsWith("R");
            b.amount = Amounts.scale(debit ? amt.negate() : amt, currency);
            b.currency = currency;
            b.status = mt942 ? TransactionStatus.PENDING : TransactionStatus.BOOKED;
            String type = m.group(6);
            b.bankTransactionCode = new BankTransactionCode(null, null, null, type, "SWIFT");
            String rest = m.group(7);
            String cust, bank = null, extra = null;
            int dd = rest.indexOf("//");
            if (dd >= 0 && dd <= 16) {
                cust = rest.substring(0, dd);
                String after = rest.substring(dd + 2);
                bank = after.length() > 16 ? after.substring(0, 16) : after;
                extra = after.length() > 16 ? after.substring(16) : null;
            } else {
                cust = rest.length() > 16 ? rest.substring(0, 16) : rest;
                extra = rest.length() > 16 ? rest.substring(16) : null;
            }
            cust = cust.trim();
            b.customerReference = cust.isEmpty() || cust.equals("NONREF") ? null : cust;
            if (bank != null && !bank.isBlank()) {
                b.bankReference = bank.trim();
            }
            StringBuilder supp = new StringBuilder(extra == null ? "" : extra.trim());
            for (int i = used; i < ls.size(); i++) {
                if (supp.length() > 0) {
                    supp.append(' ');
                }
                supp.append(ls.get(i).trim());
            }
            if (supp.length() > 0) {
                b.details.put("supplementaryDetails", supp.toString());
            }
            if (m.group(4) != null) {
                b.details.put("fundsCode", m.group(4));
            }
            return b;
        }
    }

    private static final Pattern IBAN_SHAPE = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}");

    /** IBAN by shape (country code, check digits, 11-30 alphanumerics); check digits are not enforced (test data often has wrong ones). */
    static boolean isIban(String s) {
        return s.length() >= 15 && s.length() <= 34 && IBAN_SHAPE.matcher(s).matches() && !s.startsWith("00");
    }

    private static BigDecimal amount(String s, Field f, String what) throws StatementParseException {
        String v = s.replace(',', '.');
        if (v.endsWith(".")) {
            v = v.substring(0, v.length() - 1);
        }
        return Amounts.parse(
                v, f.line(), ":" + f.tag() + ":", "expected an amount like 123,45 for " + what + ", found '" + s + "'");
    }

    private static LocalDate date6(String s, Field f) throws StatementParseException {
        int yy = Integer.parseInt(s.substring(0, 2));
        int year = yy <= 79 ? 2000 + yy : 1900 + yy;
        try {
            return LocalDate.of(year, Integer.parseInt(s.substring(2, 4)), Integer.parseInt(s.substring(4, 6)));
        } catch (DateTimeException e) {
            throw new StatementParseException(
                    f.line(), ":" + f.tag() + ":", "expected a valid date YYMMDD, found '" + s + "'");
        }
    }

    private static LocalDate entryDate(LocalDate value, String mmdd, Field f) throws StatementParseException {
        int mm = Integer.parseInt(mmdd.substring(0, 2));
        int dd = Integer.parseInt(mmdd.substring(2, 4));
        int year = value.getYear();
        if (mm == 12 && value.getMonthValue() == 1) {
            year--;
        } else if (mm == 1 && value.getMonthValue() == 12) {
            year++;
        }
        try {
            return LocalDate.of(year, mm, dd);
        } catch (DateTimeException e) {
            throw new StatementParseException(
                    f.line(), ":61:", "expected a valid entry date MMDD, found '" + mmdd + "'");
        }
    }

    // ---------------------------------------------------------------- :86: information to account owner

    static void info86(Transaction.Builder b, String raw) {
        String joinedTight = raw.replace("\n", "");
        if (joinedTight.length() >= 4
                && Character.isDigit(joinedTight.charAt(0))
                && Character.isDigit(joinedTight.charAt(1))
                && Character.isDigit(joinedTight.charAt(2))
                && !Character.isLetterOrDigit(joinedTight.charAt(3))
                && joinedTight.charAt(3) != ' ') {
            german(b, joinedTight);
        } else if (joinedTight.startsWith("/") && NL_CODE.matcher(joinedTight).find()) {
            dutch(b, joinedTight);
        } else {
            String text = plain(raw);
            b.remittanceInformation = text.isEmpty() ? null : text;
            sepaKeywords(b, text, false);
        }
        b.details.put("information", raw);
    }

    /** Free-text :86:: non-blank lines, stripped, joined with a space (trailing padding of SNS-style files dropped). */
    static String plain(String raw) {
        String[] ls = raw.split("\n");
        StringBuilder sb = new StringBuilder();
        for (String l : ls) {
            String t = l.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t);
        }
        return sb.toString();
    }

    private static void german(Transaction.Builder b, String s) {
        char sep = s.charAt(3);
        String gvc = s.substring(0, 3);
        b.details.put("gvc", gvc);
        Map<String, StringBuilder> sub = new LinkedHashMap<>();
        int i = 3;
        while (i < s.length()) {
            if (s.charAt(i) == sep
                    && i + 2 < s.length()
                    && Character.isDigit(s.charAt(i + 1))
                    && Character.isDigit(s.charAt(i + 2))) {
                String key = s.substring(i + 1, i + 3);
                int j = i + 3;
                while (j < s.length()
                        && !(s.charAt(j) == sep
                                && j + 2 < s.length()
                                && Character.isDigit(s.charAt(j + 1))
                                && Character.isDigit(s.charAt(j + 2)))) {
                    j++;
                }
                sub.computeIfAbsent(key, k -> new StringBuilder()).append(s, i + 3, j);
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder purpose = new StringBuilder();
        StringBuilder name = new StringBuilder();
        for (Map.Entry<String, StringBuilder> e : sub.entrySet()) {
            int k = Integer.parseInt(e.getKey());
            String v = e.getValue().toString();
            if ((k >= 20 && k <= 29) || (k >= 60 && k <= 63)) {
                purpose.append(v);
            } else if (k == 32 || k == 33) {
                name.append(v);
            } else if (k == 0) {
                b.details.put("postingText", v);
                b.additionalInformation = v;
            } else if (k == 10) {
                b.details.put("primanota", v);
            } else if (k == 30) {
                String t = v.trim();
                if (t.matches("[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")) {
                    b.counterpartyBic = t;
                } else if (!t.isEmpty()) {
                    b.details.put("counterpartyBankCode", t);
                }
            } else if (k == 31) {
                String t = v.trim();
                if (isIban(t)) {
                    b.counterpartyIban = t;
                } else if (!t.isEmpty()) {
                    b.counterpartyAccountId = t;
                }
            } else if (k == 34) {
                b.details.put("textKeyExtension", v);
            } else {
                b.details.put("subfield" + e.getKey(), v);
            }
        }
        if (name.length() > 0) {
            b.counterpartyName = name.toString().strip();
        }
        String p = purpose.toString();
        b.details.put("purpose", p);
        if (!sepaKeywords(b, p, true)) {
            b.remittanceInformation = p.isBlank() ? null : p.strip();
        }
        BankTransactionCode c = b.bankTransactionCode;
        b.bankTransactionCode = new BankTransactionCode(
                null,
                null,
                null,
                (c == null || c.proprietary() == null ? "" : c.proprietary() + "+")
                        + gvc
                        + (sub.containsKey("10")
                                ? "+" + sub.get("10").toString().trim()
                                : ""),
                "DK");
    }

    /** German SEPA keywords (EREF+, SVWZ+, ...). @return true when any keyword was found */
    private static boolean sepaKeywords(Transaction.Builder b, String p, boolean setRemittance) {
        Matcher m = SEPA_KEY.matcher(p);
        List<int[]> hits = new ArrayList<>();
        while (m.find()) {
            if (m.start() == 0
                    || !Character.isLetter(p.charAt(m.start() - 1))
                    || p.startsWith("SVWZ", m.start())
                    || p.startsWith("EREF", m.start())
                    || p.startsWith("MREF", m.start())
                    || p.startsWith("CRED", m.start())) {
                hits.add(new int[] {m.start(), m.end()});
            }
        }
        if (hits.isEmpty()) {
            return false;
        }
        if (hits.get(0)[0] > 0) {
            b.details.put("purposePrefix", p.substring(0, hits.get(0)[0]).strip());
        }
        for (int h = 0; h < hits.size(); h++) {
            String key = p.substring(hits.get(h)[0], hits.get(h)[1] - 1);
            String val = p.substring(hits.get(h)[1], h + 1 < hits.size() ? hits.get(h + 1)[0] : p.length())
                    .strip();
            if (val.isEmpty()) {
                continue;
            }
            switch (key) {
                case "EREF" -> b.endToEndId = val.equals("NOTPROVIDED") ? null : val;
                case "KREF" -> b.details.put("customerReferenceKREF", val);
                case "MREF" -> b.mandateId = val;
                case "CRED" -> b.creditorId = val;
                case "DEBT" -> b.details.put("debtorId", val);
                case "SVWZ" -> {
                    if (setRemittance || b.remittanceInformation == null) {
                        b.remittanceInformation = val;
                    }
                }
                case "ABWA", "ABWE" -> {
                    b.ultimateName = val;
                    b.details.put(key.equals("ABWA") ? "ultimateDebtor" : "ultimateCreditor", val);
                }
                case "IBAN" -> {
                    if (b.counterpartyIban == null) {
                        b.counterpartyIban = val.replace(" ", "");
                    }
                }
                case "BIC" -> {
                    if (b.counterpartyBic == null) {
                        b.counterpartyBic = val;
                    }
                }
                default -> b.details.put(key, val);
            }
        }
        if (b.remittanceInformation == null && setRemittance) {
            // no SVWZ+: keep the purpose text minus keywords
            b.remittanceInformation = b.details.get("purposePrefix");
        }
        if (b.remittanceInformation != null) {
            CreditorReference cr = References.classify(b.remittanceInformation, null);
            if (cr != null && cr.type() != ReferenceType.OTHER) {
                b.creditorReference = cr;
            }
        }
        return true;
    }

    private static void dutch(Transaction.Builder b, String s) {
        Matcher m = NL_CODE.matcher(s);
        List<int[]> hits = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        while (m.find()) {
            hits.add(new int[] {m.start(), m.start() + m.group(1).length() + 2});
            codes.add(m.group(1));
        }
        Map<String, String> v = new LinkedHashMap<>();
        String parent = null;
        for (int h = 0; h < hits.size(); h++) {
            int from = hits.get(h)[1];
            int to = h + 1 < hits.size() ? hits.get(h + 1)[0] : s.length();
            String val = from <= to ? s.substring(from, to) : "";
            String code = codes.get(h);
            String key = code;
            if ((code.equals("NAME")
                            || code.equals("ID")
                            || code.equals("ADDR")
                            || code.equals("BIC")
                            || code.equals("IBAN"))
                    && parent != null) {
                key = parent + "." + code;
            } else if (code.equals("USTD")
                    || code.equals("STRD")
                    || code.equals("CDTRREF")
                    || code.equals("CDTRREFTP")
                    || code.equals("CD")
                    || code.equals("ISSR")) {
                key = "REMI." + code;
            } else {
                parent = code.equals("ORDP")
                                || code.equals("BENM")
                                || code.equals("ULTD")
                                || code.equals("ULTC")
                                || code.equals("ULTB")
                        ? code
                        : null;
            }
            v.putIfAbsent(key, trimSlashes(val));
        }
        b.endToEndId = nz(v.get("EREF"));
        if (b.endToEndId != null && b.endToEndId.equals("NOTPROVIDED")) {
            b.endToEndId = null;
        }
        b.mandateId = nz(v.get("MARF"));
        b.creditorId = nz(v.get("CSID"));
        b.returnReason = nz(v.get("RTRN"));
        if (v.get("TRTP") != null) {
            b.details.put("transactionType", v.get("TRTP"));
        }
        if (v.get("PREF") != null) {
            b.details.put("paymentReference", v.get("PREF"));
            if (b.returnReason == null && b.customerReference == null) {
                b.customerReference = v.get("PREF");
            }
        }
        String cntp = v.get("CNTP");
        if (cntp != null) {
            String[] parts = cntp.split("/", -1);
            if (parts.length > 0 && !parts[0].isBlank()) {
                if (isIban(parts[0].trim())) {
                    b.counterpartyIban = parts[0].trim();
                } else {
                    b.counterpartyAccountId = parts[0].trim();
                }
            }
            if (parts.length > 1 && !parts[1].isBlank()) {
                b.counterpartyBic = parts[1].trim();
            }
            if (parts.length > 2 && !parts[2].isBlank()) {
                b.counterpartyName = parts[2].trim();
            }
        }
        for (String p : new String[] {b.amount != null && b.amount.signum() < 0 ? "BENM" : "ORDP", "ORDP", "BENM"}) {
            if (b.counterpartyName == null && nz(v.get(p + ".NAME")) != null) {
                b.counterpartyName = v.get(p + ".NAME");
            }
            if (b.counterpartyIban == null && v.get(p + ".IBAN") != null && isIban(v.get(p + ".IBAN"))) {
                b.counterpartyIban = v.get(p + ".IBAN");
            }
            if (b.counterpartyBic == null && nz(v.get(p + ".BIC")) != null) {
                b.counterpartyBic = v.get(p + ".BIC");
            }
        }
        if (b.counterpartyIban == null && v.get("IBAN") != null && isIban(v.get("IBAN"))) {
            b.counterpartyIban = v.get("IBAN");
        }
        if (b.counterpartyBic == null && nz(v.get("BIC")) != null) {
            b.counterpartyBic = v.get("BIC");
        }
        String ustd = nz(v.get("REMI.USTD"));
        String remi = nz(v.get("REMI"));
        b.remittanceInformation = ustd != null ? ustd : remi;
        String cref = nz(v.get("REMI.CDTRREF"));
        if (cref == null && v.containsKey("REMI.STRD") && remi == null) {
            // /REMI/STRD/CUR/reference
            String strd = v.get("REMI.STRD");
            int slash = strd.lastIndexOf('/');
            cref = nz(slash >= 0 ? strd.substring(slash + 1) : strd);
        }
        if (cref != null) {
            b.creditorReference = References.classify(cref, v.get("REMI.ISSR"));
        }
        if (v.get("ULTD.NAME") != null || v.get("ULTC.NAME") != null) {
            b.ultimateName = v.get("ULTD.NAME") != null ? v.get("ULTD.NAME") : v.get("ULTC.NAME");
        }
    }

    private static String trimSlashes(String s) {
        int a = 0, e = s.length();
        while (a < e && s.charAt(a) == '/') {
            a++;
        }
        while (e > a && s.charAt(e - 1) == '/') {
            e--;
        }
        return s.substring(a, e).strip();
    }

    private static String nz(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
