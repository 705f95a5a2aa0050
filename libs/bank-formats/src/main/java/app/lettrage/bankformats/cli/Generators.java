package app.lettrage.bankformats.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** Synthetic statement files for the bench: realistic-looking entries, balances that add up. */
public final class Generators {
    private Generators() {}

    public static void write(String kind, int n, OutputStream os) throws IOException {
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        switch (kind.toLowerCase().replace(".", "").replace("_", "")) {
            case "camt053" -> camt053(n, w);
            case "mt940" -> mt940(n, w);
            default -> throw new IllegalArgumentException("unknown kind " + kind + " (camt053 or mt940)");
        }
        w.flush();
    }

    private static long amountCents(int i) {
        long v = 100 + (i * 7919L) % 250_000;
        return i % 3 == 0 ? -v : v;
    }

    private static String cents(long c) {
        long a = Math.abs(c);
        return (c < 0 ? "-" : "") + (a / 100) + "." + String.format("%02d", a % 100);
    }

    static void camt053(int n, Writer w) throws IOException {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += amountCents(i);
        }
        long open = 1_000_000_00L;
        LocalDate d = LocalDate.of(2024, 3, 1);
        w.write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n"
                        + "<BkToCstmrStmt><GrpHdr><MsgId>BENCH-1</MsgId><CreDtTm>2024-03-31T23:00:00+01:00</CreDtTm></GrpHdr>\n"
                        + "<Stmt><Id>BENCH-STMT-1</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>2024-03-31T23:00:00+01:00</CreDtTm>\n"
                        + "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n");
        w.write("<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + cents(open)
                + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-01</Dt></Dt></Bal>\n");
        w.write("<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + cents(open + total)
                + "</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-03-31</Dt></Dt></Bal>\n");
        StringBuilder sb = new StringBuilder(1200);
        for (int i = 0; i < n; i++) {
            long c = amountCents(i);
            boolean credit = c > 0;
            String date = d.plusDays(i % 30).toString();
            sb.setLength(0);
            sb.append("<Ntry><NtryRef>")
                    .append(i)
                    .append("</NtryRef><Amt Ccy=\"EUR\">")
                    .append(cents(Math.abs(c)))
                    .append("</Amt><CdtDbtInd>")
                    .append(credit ? "CRDT" : "DBIT")
                    .append("</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>")
                    .append("<BookgDt><Dt>")
                    .append(date)
                    .append("</Dt></BookgDt><ValDt><Dt>")
                    .append(date)
                    .append("</Dt></ValDt><AcctSvcrRef>BANKREF")
                    .append(i)
                    .append("</AcctSvcrRef>")
                    .append("<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>")
                    .append(credit ? "RCDT" : "ICDT")
                    .append("</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>")
                    .append("<NtryDtls><TxDtls><Refs><EndToEndId>E2E-")
                    .append(i)
                    .append("</EndToEndId><TxId>TX")
                    .append(i)
                    .append("</TxId></Refs><RltdPties><")
                    .append(credit ? "Dbtr" : "Cdtr")
                    .append("><Pty><Nm>Customer ")
                    .append(i % 1000)
                    .append(" GmbH</Nm></Pty></")
                    .append(credit ? "Dbtr" : "Cdtr")
                    .append("><")
                    .append(credit ? "DbtrAcct" : "CdtrAcct")
                    .append("><Id><IBAN>FR7630006000011234567890189</IBAN></Id></")
                    .append(credit ? "DbtrAcct" : "CdtrAcct")
                    .append("></RltdPties><RmtInf><Ustrd>Invoice INV-")
                    .append(100000 + i)
                    .append(" order ")
                    .append(i % 977)
                    .append("</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n");
            w.write(sb.toString());
        }
        w.write("</Stmt></BkToCstmrStmt></Document>\n");
    }

    private static String mtAmount(long c) {
        long a = Math.abs(c);
        return (a / 100) + "," + String.format("%02d", a % 100);
    }

    static void mt940(int n, Writer w) throws IOException {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += amountCents(i);
        }
        long open = 1_000_000_00L;
        w.write(
                "{1:F01BANKDEFFXXXX0000000000}{2:I940BANKDEFFXXXXN}{4:\n:20:BENCH1\n:25:DE89370400440532013000\n:28C:1/1\n");
        w.write(":60F:C240301EUR" + mtAmount(open) + "\n");
        StringBuilder sb = new StringBuilder(400);
        for (int i = 0; i < n; i++) {
            long c = amountCents(i);
            int day = 1 + i % 28;
            String dd = String.format("%02d", day);
            sb.setLength(0);
            sb.append(":61:2403")
                    .append(dd)
                    .append("03")
                    .append(dd)
                    .append(c < 0 ? 'D' : 'C')
                    .append(mtAmount(c))
                    .append("NTRFNONREF//B")
                    .append(i)
                    .append('\n');
            sb.append(":86:166?00SEPA-UEBERWEISUNG?109310?20EREF+E2E-")
                    .append(i)
                    .append("?21SVWZ+Invoice INV-")
                    .append(100000 + i)
                    .append("?22order ")
                    .append(i % 977)
                    .append("?30COBADEFFXXX?31DE44500105175407324931\n?32Customer ")
                    .append(i % 1000)
                    .append(" GmbH\n");
            w.write(sb.toString());
        }
        w.write(":62F:C240331EUR" + mtAmount(open + total) + "\n-}\n");
    }
}
