package app.lettrage.bankformats;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * ISO 20022 camt.052 / camt.053 / camt.054 (any version .001.02 to .001.10: namespaces are ignored, element names
 * are matched by local name). Streams with StAX: only one entry ({@code Ntry}) is held in memory at a time.
 * Batch entries are split into one transaction per {@code TxDtls}.
 */
public final class CamtParser implements StatementParser {
    private final StatementFormat declared;

    public CamtParser() {
        this(StatementFormat.CAMT_053);
    }

    /** @param declared reported format when the document does not tell (it always does for valid camt). */
    public CamtParser(StatementFormat declared) {
        this.declared = declared;
    }

    @Override
    public StatementFormat format() {
        return declared;
    }

    @Override
    public void parse(InputStream in, StatementSink sink) throws IOException {
        XMLInputFactory f = XmlSupport.secureFactory();
        XMLStreamReader r = null;
        int line = 1;
        String element = null;
        try {
            r = f.createXMLStreamReader(in);
            StatementEmitter em = new StatementEmitter(sink);
            StatementFormat fmt = null;
            String msgId = null;
            int statements = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                line = r.getLocation().getLineNumber();
                String n = r.getLocalName();
                element = n;
                switch (n) {
                    case "BkToCstmrStmt" -> fmt = StatementFormat.CAMT_053;
                    case "BkToCstmrAcctRpt" -> fmt = StatementFormat.CAMT_052;
                    case "BkToCstmrDbtCdtNtfctn" -> fmt = StatementFormat.CAMT_054;
                    case "GrpHdr" -> {
                        XmlNode g = XmlNode.read(r);
                        msgId = g.text("MsgId");
                    }
                    case "Stmt", "Rpt", "Ntfctn" -> {
                        if (fmt == null) {
                            throw new StatementParseException(
                                    line,
                                    n,
                                    "expected <" + n
                                            + "> inside BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn");
                        }
                        statement(r, em, fmt, msgId);
                        statements++;
                    }
                    default -> {}
                }
            }
            if (fmt == null) {
                throw new StatementParseException(
                        line,
                        element,
                        "expected a camt.052/053/054 document (BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn)");
            }
        } catch (XMLStreamException e) {
            int l = e.getLocation() != null ? e.getLocation().getLineNumber() : line;
            throw new StatementParseException(
                    l,
                    element == null ? "XML" : "<" + element + ">",
                    "malformed XML: " + e.getMessage().replaceAll("\\s+", " "),
                    e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to do
                }
            }
        }
    }

    private static final class StmtCtx {
        final List<XmlNode> headerNodes = new ArrayList<>();
        final List<Balance> opening = new ArrayList<>();
        final List<Balance> closing = new ArrayList<>();
        String currency;
        List<String> warnings = List.of();
    }

    private void statement(XMLStreamReader r, StatementEmitter em, StatementFormat fmt, String msgId)
            throws XMLStreamException, StatementParseException {
        int startLine = r.getLocation().getLineNumber();
        StmtCtx ctx = new StmtCtx();
        while (true) {
            int ev = r.next();
            if (ev == XMLStreamConstants.END_ELEMENT) {
                break;
            }
            if (ev != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            XmlNode node = XmlNode.read(r);
            if (node.name.equals("Ntry")) {
                if (!em.inStatement()) {
                    em.start(header(ctx, fmt, msgId, startLine, node));
                    ctx.warnings.forEach(em::warn);
                }
                entry(node, em, ctx);
            } else {
                ctx.headerNodes.add(node);
                if (node.name.equals("Bal")) {
                    balance(node, ctx);
                }
            }
        }
        if (!em.inStatement()) {
            em.start(header(ctx, fmt, msgId, startLine, null));
            ctx.warnings.forEach(em::warn);
        }
        em.end(ctx.closing);
    }

    private void balance(XmlNode bal, StmtCtx ctx) throws StatementParseException {
        String code = bal.text("Tp", "CdOrPrtry", "Cd");
        if (code == null) {
            code = bal.text("Tp", "CdOrPrtry", "Prtry");
        }
        if (code == null) {
            code = bal.text("Tp", "Cd");
        }
        XmlNode amt = bal.child("Amt");
        if (amt == null || amt.text == null) {
            throw new StatementParseException(bal.line, "Bal/Amt", "expected a balance amount");
        }
        BigDecimal v = decimal(amt.text, bal.line, "Bal/Amt");
        if ("DBIT".equals(bal.text("CdtDbtInd"))) {
            v = v.negate();
        }
        String ccy = amt.ccy;
        if (ctx.currency == null) {
            ctx.currency = ccy;
        }
        String d = bal.text("Dt", "Dt");
        if (d == null) {
            d = bal.text("Dt", "DtTm");
        }
        LocalDate date = d == null ? null : date(d, bal.line, "Bal/Dt");
        if (!Amounts.fitsCurrency(v, ccy)) {
            ctx.headerNodes.add(new XmlNode(
                    "#warning:balance " + code + " " + v.toPlainString() + " has more decimals than " + ccy + " allows",
                    bal.line));
        }
        BigDecimal scaled = Amounts.scale(v, ccy);
        String c = code == null ? "" : code;
        BalanceType type = switch (c) {
            case "OPBD" -> BalanceType.OPENING_BOOKED;
            case "PRCD" -> BalanceType.PREVIOUSLY_CLOSED_BOOKED;
            case "CLBD" -> BalanceType.CLOSING_BOOKED;
            case "CLAV" -> BalanceType.CLOSING_AVAILABLE;
            case "FWAV" -> BalanceType.FORWARD_AVAILABLE;
            case "ITAV" -> BalanceType.INTERIM_AVAILABLE;
            case "ITBD" -> ctx.opening.isEmpty() ? BalanceType.INTERIM_OPENING : BalanceType.INTERIM_CLOSING;
            default -> BalanceType.OTHER;
        };
        Balance b = new Balance(type, scaled, ccy, date, code);
        if (type.isOpening()) {
            // OPBD wins over PRCD when both are given: keep OPBD first
            if (type == BalanceType.OPENING_BOOKED) {
                ctx.opening.add(0, b);
            } else {
                ctx.opening.add(b);
            }
        } else {
            ctx.closing.add(b);
        }
    }

    private StatementHeader header(StmtCtx ctx, StatementFormat fmt, String msgId, int line, XmlNode firstEntry)
            throws StatementParseException {
        String id = null, seq = null, iban = null, other = null, bic = null, owner = null, ccy = null;
        Timestamp created = null, from = null, to = null;
        List<String> warnings = new ArrayList<>();
        for (XmlNode n : ctx.headerNodes) {
            switch (n.name) {
                case "Id" -> id = n.text;
                case "ElctrncSeqNb" -> seq = n.text;
                case "LglSeqNb" -> seq = seq == null ? n.text : seq;
                case "CreDtTm" -> created = timestamp(n.text, n.line, "CreDtTm");
                case "FrToDt" -> {
                    String f = n.text("FrDtTm"), t = n.text("ToDtTm");
                    from = f == null ? null : timestamp(f, n.line, "FrToDt/FrDtTm");
                    to = t == null ? null : timestamp(t, n.line, "FrToDt/ToDtTm");
                }
                case "Acct" -> {
                    iban = n.text("Id", "IBAN");
                    other = n.text("Id", "Othr", "Id");
                    ccy = n.text("Ccy");
                    bic = n.text("Svcr", "FinInstnId", "BIC");
                    if (bic == null) {
                        bic = n.text("Svcr", "FinInstnId", "BICFI");
                    }
                    owner = n.text("Ownr", "Nm");
                    if (owner == null) {
                        owner = n.text("Ownr", "Pty", "Nm");
                    }
                }
                default -> {
                    if (n.name.startsWith("#warning:")) {
                        warnings.add("line " + n.line + ": " + n.name.substring(9));
                    }
                }
            }
        }
        if (ccy == null) {
            ccy = ctx.currency;
        }
        if (ccy == null && firstEntry != null) {
            XmlNode a = firstEntry.child("Amt");
            ccy = a == null ? null : a.ccy;
        }
        ctx.currency = ccy;
        StatementHeader h = new StatementHeader(
                fmt,
                msgId,
                id,
                seq,
                new Party(owner, iban, iban == null ? other : null, bic),
                ccy,
                created,
                from,
                to,
                List.copyOf(ctx.opening),
                java.util.Map.of(),
                line);
        if (ccy != null && !Amounts.isKnownCurrency(ccy)) {
            warnings.add("line " + line + ": currency '" + ccy
                    + "' is not a usable ISO 4217 currency; amounts kept as written");
        }
        ctx.warnings = warnings;
        return h;
    }

    private void entry(XmlNode ntry, StatementEmitter em, StmtCtx ctx) throws StatementParseException {
        XmlNode amtNode = ntry.child("Amt");
        if (amtNode == null || amtNode.text == null) {
            throw new StatementParseException(ntry.line, "Ntry/Amt", "expected the entry amount <Amt Ccy=\"...\">");
        }
        String ccy = amtNode.ccy != null ? amtNode.ccy : ctx.currency;
        BigDecimal entryAmount = decimal(amtNode.text, amtNode.line, "Ntry/Amt");
        String cdi = ntry.text("CdtDbtInd");
        if (!"CRDT".equals(cdi) && !"DBIT".equals(cdi)) {
            throw new StatementParseException(
                    ntry.line, "Ntry/CdtDbtInd", "expected CRDT or DBIT, found " + quote(cdi));
        }
        int sign = "DBIT".equals(cdi) ? -1 : 1;
        boolean reversal = "true".equalsIgnoreCase(ntry.text("RvslInd"));
        String sts = ntry.text("Sts");
        if (sts == null) {
            sts = ntry.text("Sts", "Cd");
        }
        if (sts == null) {
            sts = ntry.text("Sts", "Prtry");
        }
        TransactionStatus status = sts == null
                ? TransactionStatus.BOOKED
                : switch (sts) {
                    case "PDNG" -> TransactionStatus.PENDING;
                    case "INFO", "FUTR" -> TransactionStatus.INFO;
                    default -> TransactionStatus.BOOKED;
                };
        LocalDate bookDate = null, valDate = null;
        Timestamp bookTime = null, valTime = null;
        XmlNode bd = ntry.child("BookgDt");
        if (bd != null) {
            if (bd.text("Dt") != null) {
                bookDate = date(bd.text("Dt"), bd.line, "BookgDt/Dt");
            } else if (bd.text("DtTm") != null) {
                bookTime = timestamp(bd.text("DtTm"), bd.line, "BookgDt/DtTm");
                bookDate = bookTime.dateTime().toLocalDate();
            }
        }
        XmlNode vd = ntry.child("ValDt");
        if (vd != null) {
            if (vd.text("Dt") != null) {
                valDate = date(vd.text("Dt"), vd.line, "ValDt/Dt");
            } else if (vd.text("DtTm") != null) {
                valTime = timestamp(vd.text("DtTm"), vd.line, "ValDt/DtTm");
                valDate = valTime.dateTime().toLocalDate();
            }
        }
        BigDecimal signedEntry = Amounts.scale(entryAmount, ccy);
        signedEntry = sign < 0 ? signedEntry.negate() : signedEntry;
        em.addToSum(signedEntry, ccy, status);

        List<XmlNode> txs = new ArrayList<>(1);
        XmlNode batch = null;
        for (XmlNode nd : ntry.all("NtryDtls")) {
            txs.addAll(nd.all("TxDtls"));
            if (batch == null) {
                batch = nd.child("Btch");
            }
        }
        BankTransactionCode entryCode = code(ntry.child("BkTxCd"));
        String entryRef = ntry.text("AcctSvcrRef");
        if ("NONREF".equals(entryRef)) {
            entryRef = null;
        }
        if (txs.isEmpty()) {
            Transaction.Builder b =
                    base(ntry, ccy, status, reversal, bookDate, bookTime, valDate, valTime, entryCode, entryRef);
            b.amount = signedEntry;
            amountDetails(b, ntry.child("AmtDtls"), ccy);
            b.charges = charges(ntry, em);
            if (batch != null) {
                batchDetails(b, batch);
            }
            em.transaction(b.build(), false);
            return;
        }
        for (XmlNode tx : txs) {
            Transaction.Builder b =
                    base(ntry, ccy, status, reversal, bookDate, bookTime, valDate, valTime, entryCode, entryRef);
            b.sourceLine = txs.size() == 1 ? ntry.line : tx.line;
            BigDecimal amt;
            String txCcy = ccy;
            int txSign = sign;
            String tcdi = tx.text("CdtDbtInd");
            if ("CRDT".equals(tcdi)) {
                txSign = 1;
            } else if ("DBIT".equals(tcdi)) {
                txSign = -1;
            }
            XmlNode ad = tx.child("AmtDtls");
            if (txs.size() == 1) {
                amt = entryAmount;
                txSign = sign;
            } else {
                XmlNode a = tx.child("Amt");
                if (a == null && ad != null) {
                    a = ad.path("TxAmt", "Amt");
                    if (a == null) {
                        a = ad.path("InstdAmt", "Amt");
                    }
                }
                if (a == null || a.text == null) {
                    em.warn("line " + tx.line + ": TxDtls without amount in a batch entry of " + txs.size()
                            + " transactions; the entry amount is used");
                    amt = entryAmount;
                } else {
                    amt = decimal(a.text, a.line, "TxDtls/Amt");
                    if (a.ccy != null) {
                        txCcy = a.ccy;
                    }
                }
            }
            BigDecimal scaled = Amounts.scale(amt, txCcy);
            b.amount = txSign < 0 ? scaled.negate() : scaled;
            b.currency = txCcy;
            amountDetails(b, ad != null ? ad : (txs.size() == 1 ? ntry.child("AmtDtls") : null), txCcy);
            BankTransactionCode tc = code(tx.child("BkTxCd"));
            if (tc != null) {
                if (b.bankTransactionCode == null) {
                    b.bankTransactionCode = tc;
                } else if (!tc.equals(b.bankTransactionCode)) {
                    // the entry's code stays canonical (it is mandatory and what the booking is); keep the detail's
                    b.details.put("transactionBankTransactionCode", codeString(tc));
                }
            }
            List<Charge> ch = charges(tx, em);
            b.charges = ch.isEmpty() && txs.size() == 1 ? charges(ntry, em) : ch;
            if (batch != null) {
                batchDetails(b, batch);
            }
            txDetails(b, tx, txSign);
            em.transaction(b.build(), false);
        }
    }

    private Transaction.Builder base(
            XmlNode ntry,
            String ccy,
            TransactionStatus status,
            boolean reversal,
            LocalDate bookDate,
            Timestamp bookTime,
            LocalDate valDate,
            Timestamp valTime,
            BankTransactionCode entryCode,
            String entryRef) {
        Transaction.Builder b = new Transaction.Builder();
        b.currency = ccy;
        b.status = status;
        b.reversal = reversal;
        b.bookingDate = bookDate;
        b.bookingTime = bookTime;
        b.valueDate = valDate;
        b.valueTime = valTime;
        b.bankTransactionCode = entryCode;
        b.bankReference = entryRef;
        b.entryReference = ntry.text("NtryRef");
        b.additionalInformation = ntry.text("AddtlNtryInf");
        b.sourceLine = ntry.line;
        return b;
    }

    private static void batchDetails(Transaction.Builder b, XmlNode batch) {
        put(b, "batchMessageId", batch.text("MsgId"));
        put(b, "batchPaymentInformationId", batch.text("PmtInfId"));
        put(b, "batchNumberOfTransactions", batch.text("NbOfTxs"));
        XmlNode t = batch.child("TtlAmt");
        if (t != null) {
            put(b, "batchTotalAmount", t.text);
        }
    }

    private static void put(Transaction.Builder b, String k, String v) {
        if (v != null) {
            b.details.put(k, v);
        }
    }

    private void amountDetails(Transaction.Builder b, XmlNode ad, String txCcy) throws StatementParseException {
        if (ad == null) {
            return;
        }
        XmlNode instd = ad.path("InstdAmt", "Amt");
        if (instd != null && instd.text != null) {
            BigDecimal v = decimal(instd.text, instd.line, "AmtDtls/InstdAmt/Amt");
            String c = instd.ccy;
            if ((c != null && !c.equals(txCcy)) || v.compareTo(b.amount.abs()) != 0) {
                b.originalAmount = Amounts.scale(v, c);
                b.originalCurrency = c;
            }
        }
        for (String k : new String[] {"InstdAmt", "TxAmt", "CntrValAmt", "AnncdPstngAmt"}) {
            String rate = ad.text(k, "CcyXchg", "XchgRate");
            if (rate != null) {
                b.exchangeRate = decimal(rate, ad.line, k + "/CcyXchg/XchgRate");
                if (b.originalCurrency == null) {
                    String src = ad.text(k, "CcyXchg", "SrcCcy");
                    if (src != null && !src.equals(txCcy)) {
                        b.originalCurrency = src;
                    }
                }
                break;
            }
        }
    }

    private List<Charge> charges(XmlNode parent, StatementEmitter em) throws StatementParseException {
        List<XmlNode> chrgs = parent.all("Chrgs");
        if (chrgs.isEmpty()) {
            return List.of();
        }
        List<Charge> out = new ArrayList<>();
        for (XmlNode c : chrgs) {
            List<XmlNode> recs = c.all("Rcrd");
            if (recs.isEmpty() && c.child("Amt") != null) {
                recs = List.of(c);
            }
            for (XmlNode rec : recs) {
                XmlNode a = rec.child("Amt");
                if (a == null || a.text == null) {
                    continue;
                }
                String type = rec.text("Tp", "Cd");
                if (type == null) {
                    type = rec.text("Tp", "Prtry", "Id");
                }
                if (type == null) {
                    type = rec.text("Tp");
                }
                String incl = rec.text("ChrgInclInd");
                out.add(new Charge(
                        Amounts.scale(decimal(a.text, a.line, "Chrgs/Amt"), a.ccy),
                        a.ccy,
                        type,
                        incl == null ? null : Boolean.valueOf(incl)));
            }
        }
        return out;
    }

    private void txDetails(Transaction.Builder b, XmlNode tx, int sign) {
        XmlNode refs = tx.child("Refs");
        if (refs != null) {
            b.endToEndId = nonNotProvided(refs.text("EndToEndId"));
            b.mandateId = refs.text("MndtId");
            b.transactionId = refs.text("TxId");
            b.customerReference = refs.text("InstrId");
            String asr = refs.text("AcctSvcrRef");
            if ("NONREF".equals(b.bankReference)) {
                b.bankReference = null;
            }
            String prtryRef = refs.text("Prtry", "Ref");
            if (prtryRef != null) {
                b.details.put("proprietaryReference", prtryRef);
                if (asr == null || asr.equals("NONREF")) {
                    asr = b.bankReference == null ? prtryRef : null;
                }
            }
            if (asr != null && !asr.equals("NONREF")) {
                if (b.bankReference != null && !b.bankReference.equals(asr)) {
                    b.details.put("entryAccountServicerReference", b.bankReference);
                }
                b.bankReference = asr;
            }
            put(b, "messageId", refs.text("MsgId"));
            put(b, "paymentInformationId", refs.text("PmtInfId"));
            put(b, "instructionId", refs.text("InstrId"));
            put(b, "chequeNumber", refs.text("ChqNb"));
            put(b, "uetr", refs.text("UETR"));
        }
        XmlNode parties = tx.child("RltdPties");
        XmlNode agents = tx.child("RltdAgts");
        String role = sign < 0 ? "Cdtr" : "Dbtr";
        if (parties != null) {
            XmlNode p = party(parties, role);
            if (p != null) {
                b.counterpartyName = p.text("Nm");
            }
            XmlNode acct = parties.child(role + "Acct");
            if (acct != null) {
                b.counterpartyIban = acct.text("Id", "IBAN");
                if (b.counterpartyIban == null) {
                    b.counterpartyAccountId = acct.text("Id", "Othr", "Id");
                }
            }
            XmlNode ult = party(parties, sign < 0 ? "UltmtCdtr" : "UltmtDbtr");
            if (ult != null) {
                b.ultimateName = ult.text("Nm");
            }
            XmlNode cdtr = party(parties, "Cdtr");
            if (cdtr != null) {
                String cid = cdtr.text("Id", "PrvtId", "Othr", "Id");
                if (cid == null) {
                    cid = cdtr.text("Id", "OrgId", "Othr", "Id");
                }
                b.creditorId = cid;
            }
        }
        if (agents != null) {
            XmlNode fi = agents.path(role + "Agt", "FinInstnId");
            if (fi != null) {
                b.counterpartyBic = fi.text("BIC") != null ? fi.text("BIC") : fi.text("BICFI");
            }
        }
        String purp = tx.text("Purp", "Cd");
        b.purposeCode = purp != null ? purp : tx.text("Purp", "Prtry");
        XmlNode rmt = tx.child("RmtInf");
        if (rmt != null) {
            StringBuilder sb = new StringBuilder();
            for (XmlNode u : rmt.all("Ustrd")) {
                if (u.text != null) {
                    if (sb.length() > 0) {
                        sb.append(' ');
                    }
                    sb.append(u.text);
                }
            }
            for (XmlNode s : rmt.all("Strd")) {
                XmlNode cri = s.child("CdtrRefInf");
                if (cri != null && b.creditorReference == null) {
                    String ref = cri.text("Ref");
                    String t = cri.text("Tp", "CdOrPrtry", "Cd");
                    if (t == null) {
                        t = cri.text("Tp", "CdOrPrtry", "Prtry");
                    }
                    String issuer = cri.text("Tp", "Issr");
                    b.creditorReference = References.classify(
                            ref,
                            issuer != null && t != null && t.equals("SCOR") && !issuer.equalsIgnoreCase("ISO")
                                    ? issuer
                                    : t);
                    if (t != null) {
                        b.details.put("creditorReferenceTypeCode", issuer == null ? t : t + "/" + issuer);
                    }
                }
                if (sb.length() == 0) {
                    for (XmlNode add : s.all("AddtlRmtInf")) {
                        if (add.text != null) {
                            if (sb.length() > 0) {
                                sb.append(' ');
                            }
                            sb.append(add.text);
                        }
                    }
                }
            }
            if (sb.length() > 0) {
                b.remittanceInformation = sb.toString();
            }
        }
        XmlNode rtr = tx.child("RtrInf");
        if (rtr != null) {
            String rc = rtr.text("Rsn", "Cd");
            b.returnReason = rc != null ? rc : rtr.text("Rsn", "Prtry");
        }
        String addtl = tx.text("AddtlTxInf");
        if (addtl != null) {
            b.details.put("additionalTransactionInformation", addtl);
            if (b.additionalInformation == null) {
                b.additionalInformation = addtl;
            }
        }
    }

    private static String nonNotProvided(String s) {
        return s == null || s.equals("NOTPROVIDED") ? null : s;
    }

    /** Party element in v2-v7 ({@code <Dbtr><Nm>}) or v8+ ({@code <Dbtr><Pty><Nm>}) layout. */
    private static XmlNode party(XmlNode parties, String role) {
        XmlNode p = parties.child(role);
        if (p == null) {
            return null;
        }
        XmlNode pty = p.child("Pty");
        return pty != null ? pty : p;
    }

    private static BankTransactionCode code(XmlNode c) {
        if (c == null || c.children == null) {
            return null;
        }
        BankTransactionCode code = new BankTransactionCode(
                c.text("Domn", "Cd"),
                c.text("Domn", "Fmly", "Cd"),
                c.text("Domn", "Fmly", "SubFmlyCd"),
                c.text("Prtry", "Cd"),
                c.text("Prtry", "Issr"));
        return code.isEmpty() ? null : code;
    }

    static String codeString(BankTransactionCode c) {
        StringBuilder sb = new StringBuilder();
        if (c.domain() != null) {
            sb.append(c.domain()).append('-').append(c.family()).append('-').append(c.subFamily());
        }
        if (c.proprietary() != null) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(c.proprietary());
        }
        return sb.toString();
    }

    static BigDecimal decimal(String s, int line, String field) throws StatementParseException {
        return Amounts.parse(s, line, field, "expected a decimal amount, found " + quote(s));
    }

    private static LocalDate date(String s, int line, String field) throws StatementParseException {
        try {
            return XmlSupport.isoDate(s);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new StatementParseException(line, field, "expected an ISO date YYYY-MM-DD, found " + quote(s));
        }
    }

    private static Timestamp timestamp(String s, int line, String field) throws StatementParseException {
        try {
            return XmlSupport.isoDateTime(s);
        } catch (DateTimeParseException e) {
            throw new StatementParseException(line, field, "expected an ISO date-time, found " + quote(s));
        }
    }

    static String quote(String s) {
        return s == null ? "nothing" : "'" + s + "'";
    }
}
