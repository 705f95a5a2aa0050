package app.lettrage.bankformats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OFX 1.x (SGML: leaf elements are not closed) and OFX 2.x (XML). A small tolerant tokenizer, streaming: one
 * STMTTRN at a time. Bank (STMTRS) and credit-card (CCSTMTRS) statements; each is one canonical statement.
 * OFX has no opening balance: the closing LEDGERBAL is given, and an OPENING_DERIVED balance (ledger - sum) is added.
 */
public final class OfxParser implements StatementParser {
    private static final Set<String> AGGREGATES = Set.of(
            "OFX",
            "STATUS",
            "FI",
            "STMTTRN",
            "PAYEE",
            "CURRENCY",
            "ORIGCURRENCY",
            "BALLIST",
            "SONRS",
            "BAL",
            "MKTGINFO");

    private final boolean skipInvalidTransactions;

    /** Strict: an invalid transaction (missing/invalid DTPOSTED, bad TRNAMT) fails the parse. */
    public OfxParser() {
        this(false);
    }

    /**
     * @param skipInvalidTransactions when true, an invalid STMTTRN is left out with a warning on its statement
     *                                (like ofxparse's fail_fast=False) instead of failing the parse
     */
    public OfxParser(boolean skipInvalidTransactions) {
        this.skipInvalidTransactions = skipInvalidTransactions;
    }

    @Override
    public StatementFormat format() {
        return StatementFormat.OFX;
    }

    private static boolean isAggregate(String n) {
        return AGGREGATES.contains(n)
                || n.endsWith("RS")
                || n.endsWith("RQ")
                || n.endsWith("V1")
                || n.endsWith("ACCTFROM")
                || n.endsWith("ACCTTO")
                || n.endsWith("TRANLIST")
                || n.endsWith("BAL")
                || n.endsWith("INFO");
    }

    @Override
    public void parse(InputStream in, StatementSink sink) throws IOException {
        BufferedInputStream bin = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 1 << 16);
        bin.mark(4096);
        byte[] head = bin.readNBytes(4096);
        bin.reset();
        String h = new String(head, StandardCharsets.ISO_8859_1).toUpperCase();
        Charset cs = StandardCharsets.UTF_8;
        if (h.contains("CHARSET:1252")
                || h.contains("ENCODING=\"WINDOWS-1252\"")
                || h.contains("CHARSET:ISO-8859-1")
                || h.contains("ENCODING=\"ISO-8859-1\"")
                || (h.contains("ENCODING:USASCII") && !h.contains("CHARSET:UTF"))) {
            cs = Charset.forName("windows-1252");
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB) {
            bin.skip(3);
        }
        new Run(new InputStreamReader(bin, cs), new StatementEmitter(sink), skipInvalidTransactions).run();
    }

    private static final class Run {
        final Reader r;
        final StatementEmitter em;
        final char[] buf = new char[8192];
        int pos, len;
        long line = 1;
        final List<String> stack = new ArrayList<>();
        // open aggregates by name: a close tag and within() look here instead of searching the stack (was quadratic)
        final Map<String, Integer> openCount = new java.util.HashMap<>();
        final Limits limits = Limits.DEFAULT;
        // statement state
        boolean inStmt;
        long stmtLine;
        String curdef, acctId, bankId, branchId, acctType, dtStart, dtEnd;
        boolean creditCard;
        final List<String> warnings = new ArrayList<>();
        BigDecimal ledger, avail;
        String ledgerDate, availDate;
        // transaction state
        Map<String, String> tx;
        long txLine;
        final StringBuilder sb = new StringBuilder();
        int statements;

        final boolean lenient;

        Run(Reader r, StatementEmitter em, boolean lenient) {
            this.r = r;
            this.em = em;
            this.lenient = lenient;
        }

        int read() throws IOException {
            if (pos >= len) {
                len = r.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    return -1;
                }
            }
            char c = buf[pos++];
            if (c == '\n') {
                line++;
            }
            return c;
        }

        int peek() throws IOException {
            if (pos >= len) {
                len = r.read(buf, 0, buf.length);
                pos = 0;
                if (len <= 0) {
                    return -1;
                }
            }
            return buf[pos];
        }

        void run() throws IOException {
            int c;
            boolean sawOfx = false;
            while ((c = read()) != -1) {
                if (c != '<') {
                    continue;
                }
                sb.setLength(0);
                while ((c = read()) != -1 && c != '>') {
                    sb.append((char) c);
                    if (sb.length() > 10_000) {
                        throw new StatementParseException(line, null, "expected '>' closing an OFX tag");
                    }
                }
                String tag = sb.toString().trim();
                if (tag.startsWith("?") || tag.startsWith("!")) {
                    continue;
                }
                int sp = tag.indexOf(' ');
                if (sp > 0) {
                    tag = tag.substring(0, sp);
                }
                tag = tag.toUpperCase();
                if (tag.startsWith("/")) {
                    close(tag.substring(1));
                    continue;
                }
                if (tag.equals("OFX")) {
                    sawOfx = true;
                }
                long tagLine = line;
                // text up to the next tag
                sb.setLength(0);
                while ((c = peek()) != -1 && c != '<') {
                    sb.append((char) read());
                    if (sb.length() > limits.maxFieldLength()) {
                        throw Limits.exceeded(tagLine, tag, "text length", limits.maxFieldLength());
                    }
                }
                String text = sb.toString().trim();
                if (!text.isEmpty() || !isAggregate(tag)) {
                    leaf(tag, unescape(text), tagLine);
                } else {
                    open(tag, tagLine);
                }
            }
            if (!sawOfx) {
                throw new StatementParseException(line, null, "expected an <OFX> document");
            }
            if (inStmt) {
                throw new StatementParseException(line, "STMTRS", "unexpected end of file inside a statement");
            }
        }

        void open(String tag, long l) throws StatementParseException {
            if (stack.size() >= limits.maxDepth()) {
                throw Limits.exceeded(l, tag, "OFX aggregate nesting depth", limits.maxDepth());
            }
            stack.add(tag);
            openCount.merge(tag, 1, Integer::sum);
            if (tag.equals("STMTRS") || tag.equals("CCSTMTRS")) {
                if (inStmt) {
                    // its end would close the outer statement's open transaction with no statement around it
                    throw new StatementParseException(l, tag, "a statement inside a statement");
                }
                inStmt = true;
                creditCard = tag.equals("CCSTMTRS");
                stmtLine = l;
                curdef = acctId = bankId = branchId = acctType = dtStart = dtEnd = null;
                ledger = avail = null;
                ledgerDate = availDate = null;
                warnings.clear();
            } else if (tag.equals("STMTTRN") && inStmt) {
                startIfNeeded();
                tx = new LinkedHashMap<>();
                txLine = l;
            }
        }

        void close(String tag) throws StatementParseException {
            if (openCount.getOrDefault(tag, 0) == 0) {
                return; // closing tag of a leaf (OFX 2 / XML style) already handled
            }
            // pops down to and including the innermost open `tag`; each aggregate is popped once: linear overall
            String popped;
            do {
                popped = stack.remove(stack.size() - 1);
                openCount.merge(popped, -1, Integer::sum);
            } while (!popped.equals(tag));
            if (tag.equals("STMTTRN") && tx != null) {
                try {
                    transaction();
                } catch (StatementParseException e) {
                    if (!lenient) {
                        throw e;
                    }
                    em.warn("transaction skipped: " + e.getMessage());
                }
                tx = null;
            } else if ((tag.equals("STMTRS") || tag.equals("CCSTMTRS")) && inStmt) {
                startIfNeeded();
                List<Balance> closing = new ArrayList<>();
                if (ledger != null) {
                    LocalDate d = ledgerDate == null
                            ? null
                            : date(ledgerDate, "LEDGERBAL/DTASOF").dateTime().toLocalDate();
                    closing.add(new Balance(
                            BalanceType.CLOSING_BOOKED, Amounts.scale(ledger, curdef), curdef, d, "LEDGERBAL"));
                    LocalDate start = dtStart == null
                            ? null
                            : date(dtStart, "DTSTART").dateTime().toLocalDate();
                    closing.add(new Balance(
                            BalanceType.OPENING_DERIVED,
                            Amounts.scale(ledger.subtract(em.sum()), curdef),
                            curdef,
                            start,
                            "LEDGERBAL-SUM"));
                }
                if (avail != null) {
                    LocalDate d = availDate == null
                            ? null
                            : date(availDate, "AVAILBAL/DTASOF").dateTime().toLocalDate();
                    closing.add(new Balance(
                            BalanceType.CLOSING_AVAILABLE, Amounts.scale(avail, curdef), curdef, d, "AVAILBAL"));
                }
                if (em.inStatement()) {
                    warnings.stream().filter(w -> !startWarnings.contains(w)).forEach(em::warn);
                }
                em.end(closing);
                inStmt = false;
                // a transaction still open when its statement ends is cut off with it, never emitted outside it
                tx = null;
                statements++;
            }
        }

        boolean within(String agg) {
            return openCount.getOrDefault(agg, 0) > 0;
        }

        void leaf(String tag, String v, long l) throws StatementParseException {
            if (!inStmt) {
                return;
            }
            if (tx != null && within("STMTTRN")) {
                String key = tag;
                if (within("PAYEE") && tag.equals("NAME")) {
                    key = "PAYEE.NAME";
                } else if (within("BANKACCTTO") || within("CCACCTTO")) {
                    key = "TO." + tag;
                } else if (within("ORIGCURRENCY")) {
                    key = "ORIG." + tag;
                } else if (within("CURRENCY")) {
                    key = "CUR." + tag;
                }
                tx.put(key, v);
                tx.putIfAbsent("#line." + key, Long.toString(l));
                return;
            }
            if (within("LEDGERBAL")) {
                if (tag.equals("BALAMT") && v.isEmpty()) {
                    warnings.add("line " + l + ": empty <BALAMT> in <LEDGERBAL>: balance ignored");
                } else if (tag.equals("BALAMT")) {
                    ledger = amount(v, l, "LEDGERBAL/BALAMT");
                } else if (tag.equals("DTASOF")) {
                    ledgerDate = v.isEmpty() ? null : v;
                }
                return;
            }
            if (within("AVAILBAL")) {
                if (tag.equals("BALAMT") && v.isEmpty()) {
                    warnings.add("line " + l + ": empty <BALAMT> in <AVAILBAL>: balance ignored");
                } else if (tag.equals("BALAMT")) {
                    avail = amount(v, l, "AVAILBAL/BALAMT");
                } else if (tag.equals("DTASOF")) {
                    availDate = v.isEmpty() ? null : v;
                }
                return;
            }
            switch (tag) {
                case "CURDEF" -> {
                    curdef = v.isEmpty() ? null : v.toUpperCase();
                    if (curdef == null) {
                        warnings.add("line " + l + ": currency definition <CURDEF> is empty");
                    }
                }
                case "ACCTID" -> {
                    if (within("BANKACCTFROM") || within("CCACCTFROM") || acctId == null) {
                        acctId = v;
                    }
                }
                case "BANKID" -> bankId = v;
                case "BRANCHID" -> branchId = v;
                case "ACCTTYPE" -> acctType = v;
                case "DTSTART" -> dtStart = v.isEmpty() ? null : v;
                case "DTEND" -> dtEnd = v.isEmpty() ? null : v;
                default -> {}
            }
        }

        void startIfNeeded() throws StatementParseException {
            if (em.inStatement()) {
                return;
            }
            Map<String, String> d = new LinkedHashMap<>();
            if (bankId != null) {
                d.put("bankId", bankId);
            }
            if (branchId != null) {
                d.put("branchId", branchId);
            }
            if (acctType != null) {
                d.put("accountType", acctType);
            }
            if (creditCard) {
                d.put("accountKind", "CREDITCARD");
            }
            String iban =
                    acctId != null && Mt940Parser.isIban(acctId.replace(" ", "")) ? acctId.replace(" ", "") : null;
            em.start(new StatementHeader(
                    StatementFormat.OFX,
                    null,
                    null,
                    null,
                    new Party(null, iban, iban == null ? acctId : null, null),
                    curdef,
                    null,
                    dtStart == null ? null : date(dtStart, "DTSTART"),
                    dtEnd == null ? null : date(dtEnd, "DTEND"),
                    List.of(),
                    Map.copyOf(d),
                    stmtLine));
            warnings.forEach(em::warn);
            startWarnings = List.copyOf(warnings);
        }

        List<String> startWarnings = List.of();

        void transaction() throws StatementParseException {
            if (!inStmt || !em.inStatement()) {
                throw new StatementParseException(txLine, "STMTTRN", "a transaction outside a statement <STMTRS>");
            }
            Transaction.Builder b = new Transaction.Builder();
            b.sourceLine = txLine;
            String amt = tx.get("TRNAMT");
            if (amt == null || amt.isEmpty()) {
                throw new StatementParseException(txLine, "STMTTRN/TRNAMT", "expected a transaction amount");
            }
            String ccy = tx.containsKey("CUR.CURSYM") ? tx.get("CUR.CURSYM") : curdef;
            b.amount = Amounts.scale(amount(amt, lineOf("TRNAMT"), "STMTTRN/TRNAMT"), ccy);
            b.currency = ccy;
            String posted = tx.get("DTPOSTED");
            if (posted == null || posted.isEmpty()) {
                throw new StatementParseException(txLine, "STMTTRN/DTPOSTED", "expected the posting date <DTPOSTED>");
            }
            Timestamp p = date(posted, "STMTTRN/DTPOSTED", lineOf("DTPOSTED"));
            b.bookingDate = p.dateTime().toLocalDate();
            if (posted.length() > 8) {
                b.bookingTime = p;
            }
            if (tx.get("DTAVAIL") != null && !tx.get("DTAVAIL").isEmpty()) {
                b.valueDate = date(tx.get("DTAVAIL"), "STMTTRN/DTAVAIL", lineOf("DTAVAIL"))
                        .dateTime()
                        .toLocalDate();
            }
            if (tx.get("DTUSER") != null && !tx.get("DTUSER").isEmpty()) {
                b.details.put(
                        "userDate",
                        date(tx.get("DTUSER"), "STMTTRN/DTUSER", lineOf("DTUSER"))
                                .toString());
            }
            b.transactionId = nz(tx.get("FITID"));
            b.bankReference = nz(tx.get("REFNUM"));
            String type = nz(tx.get("TRNTYPE"));
            if (type != null) {
                b.bankTransactionCode = new BankTransactionCode(null, null, null, type, "OFX");
            }
            b.counterpartyName = nz(tx.containsKey("PAYEE.NAME") ? tx.get("PAYEE.NAME") : tx.get("NAME"));
            b.remittanceInformation = nz(tx.get("MEMO"));
            b.counterpartyAccountId = nz(tx.get("TO.ACCTID"));
            if (b.counterpartyAccountId != null && Mt940Parser.isIban(b.counterpartyAccountId)) {
                b.counterpartyIban = b.counterpartyAccountId;
                b.counterpartyAccountId = null;
            }
            if (tx.get("CHECKNUM") != null) {
                b.details.put("checkNumber", tx.get("CHECKNUM"));
            }
            if (tx.get("SIC") != null) {
                b.details.put("sic", tx.get("SIC"));
            }
            if (tx.containsKey("ORIG.CURSYM")) {
                b.originalCurrency = tx.get("ORIG.CURSYM");
                b.exchangeRate = tx.get("ORIG.CURRATE") == null
                        ? null
                        : amount(tx.get("ORIG.CURRATE"), txLine, "ORIGCURRENCY/CURRATE");
            } else if (tx.containsKey("CUR.CURRATE")) {
                b.exchangeRate = amount(tx.get("CUR.CURRATE"), txLine, "CURRENCY/CURRATE");
            }
            em.transaction(b.build(), true);
        }

        long lineOf(String key) {
            String l = tx.get("#line." + key);
            return l == null ? txLine : Long.parseLong(l);
        }

        Timestamp date(String v, String field) throws StatementParseException {
            return date(v, field, line);
        }

        static Timestamp date(String v, String field, long l) throws StatementParseException {
            return parseDate(v, field, l);
        }
    }

    /** OFX date-time: YYYYMMDD[HHMMSS[.XXX]][[+-]H[.MM]:TZ]. */
    static Timestamp parseDate(String v, String field, long line) throws StatementParseException {
        String s = v.trim();
        try {
            ZoneOffset off = null;
            int br = s.indexOf('[');
            if (br >= 0) {
                String z = s.substring(br + 1, s.indexOf(']', br));
                s = s.substring(0, br);
                String num = z.contains(":") ? z.substring(0, z.indexOf(':')) : z;
                double hours = Double.parseDouble(num);
                off = ZoneOffset.ofTotalSeconds((int) Math.round(hours * 3600));
            }
            if (s.length() < 8 || !s.substring(0, 8).chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException();
            }
            int y = Integer.parseInt(s.substring(0, 4)),
                    mo = Integer.parseInt(s.substring(4, 6)),
                    d = Integer.parseInt(s.substring(6, 8));
            int hh = 0, mi = 0, ss = 0, nanos = 0;
            if (s.length() >= 12) {
                hh = Integer.parseInt(s.substring(8, 10));
                mi = Integer.parseInt(s.substring(10, 12));
            }
            if (s.length() >= 14) {
                ss = Integer.parseInt(s.substring(12, 14));
            }
            if (s.length() > 15 && s.charAt(14) == '.') {
                String frac = (s.substring(15) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(frac);
            }
            return new Timestamp(LocalDateTime.of(y, mo, d, hh, mi, ss, nanos), off);
        } catch (RuntimeException e) {
            throw new StatementParseException(
                    line, field, "expected an OFX date YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]], found '" + v + "'");
        }
    }

    static BigDecimal amount(String v, long line, String field) throws StatementParseException {
        String s = v.trim();
        if (s.indexOf('.') < 0 && s.indexOf(',') >= 0) {
            s = s.replace(',', '.');
        }
        if (s.startsWith("+")) {
            s = s.substring(1);
        }
        return Amounts.parse(s, line, field, "expected a decimal amount, found '" + v + "'");
    }

    private static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        return s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&nbsp;", " ")
                .replace("&amp;", "&");
    }

    private static String nz(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
