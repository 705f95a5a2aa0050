package app.lettrage.bankformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quirks handled by the parsers, on small inline samples. */
class RobustnessTest {

    static List<Statement> parse(String s) throws IOException {
        return parse(s.getBytes(StandardCharsets.UTF_8));
    }

    static List<Statement> parse(byte[] b) throws IOException {
        return BankFormats.parseAll(new ByteArrayInputStream(b));
    }

    static String camt(String version, String entries, String balances) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001."
                + version + "\">\n<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId></GrpHdr><Stmt><Id>S1</Id>\n"
                + "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n" + balances + entries
                + "</Stmt></BkToCstmrStmt></Document>\n";
    }

    static final String BALANCES = "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">100.00</Amt>"
            + "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>\n"
            + "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">90.00</Amt>"
            + "<CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>\n";

    static String entry(String amount, String cd, String inner) {
        return "<Ntry><Amt Ccy=\"EUR\">" + amount + "</Amt><CdtDbtInd>" + cd + "</CdtDbtInd><Sts>BOOK</Sts>"
                + "<BookgDt><Dt>2024-01-10</Dt></BookgDt>" + inner + "</Ntry>\n";
    }

    @Test
    void xxePayloadIsNotRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt><Id>&xxe;</Id>"
                + "</Stmt></BkToCstmrStmt></Document>";
        try {
            List<Statement> ss = parse(xml);
            assertThat(ss.toString()).doesNotContain("TOP-SECRET-CONTENT");
        } catch (StatementParseException e) {
            assertThat(e.getMessage()).doesNotContain("TOP-SECRET-CONTENT");
        }
    }

    @Test
    void camtVersionAgnosticBatchSplitChargesAndFx() throws Exception {
        String inner =
                "<Chrgs><Rcrd><Amt Ccy=\"EUR\">1.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Tp><Cd>COMM</Cd></Tp></Rcrd></Chrgs>"
                        + "<NtryDtls><Btch><NbOfTxs>2</NbOfTxs></Btch>"
                        + "<TxDtls><Refs><EndToEndId>E1</EndToEndId></Refs><Amt Ccy=\"EUR\">4.00</Amt>"
                        + "<RltdPties><Cdtr><Pty><Nm>Acme</Nm></Pty></Cdtr><CdtrAcct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></CdtrAcct></RltdPties>"
                        + "<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls>"
                        + "<TxDtls><Refs><EndToEndId>E2</EndToEndId></Refs><Amt Ccy=\"EUR\">6.00</Amt>"
                        + "<AmtDtls><InstdAmt><Amt Ccy=\"USD\">6.60</Amt><CcyXchg><SrcCcy>USD</SrcCcy><XchgRate>1.1</XchgRate></CcyXchg></InstdAmt></AmtDtls>"
                        + "<RmtInf><Ustrd>Invoice 42</Ustrd><Ustrd>second line</Ustrd></RmtInf></TxDtls></NtryDtls>";
        for (String v : new String[] {"02", "04", "08", "10"}) {
            Statement s =
                    parse(camt(v, entry("10.00", "DBIT", inner), BALANCES)).get(0);
            assertThat(s.transactions()).hasSize(2);
            Transaction a = s.transactions().get(0), b = s.transactions().get(1);
            assertThat(a.amount()).isEqualByComparingTo("-4.00");
            assertThat(a.counterparty().name()).isEqualTo("Acme");
            assertThat(a.creditorReference())
                    .isEqualTo(new CreditorReference("RF18539007547034", ReferenceType.ISO11649));
            assertThat(b.amount()).isEqualByComparingTo("-6.00");
            assertThat(b.originalAmount()).isEqualByComparingTo("6.60");
            assertThat(b.originalCurrency()).isEqualTo("USD");
            assertThat(b.exchangeRate()).isEqualByComparingTo("1.1");
            assertThat(b.remittanceInformation()).isEqualTo("Invoice 42 second line");
            assertThat(s.warnings()).isEmpty(); // 100 - 10 = 90
        }
    }

    @Test
    void camtBookingDateTimeAndPendingAndReversal() throws Exception {
        String e =
                "<Ntry><Amt Ccy=\"EUR\">5</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts><Cd>PDNG</Cd></Sts>"
                        + "<BookgDt><DtTm>2024-01-10T10:15:00+01:00</DtTm></BookgDt></Ntry>";
        Transaction t = parse(camt("08", e, "")).get(0).transactions().get(0);
        assertThat(t.bookingTime().toString()).isEqualTo("2024-01-10T10:15+01:00");
        assertThat(t.status()).isEqualTo(TransactionStatus.PENDING);
        assertThat(t.reversal()).isTrue();
        assertThat(t.amount().toPlainString()).isEqualTo("-5.00");
    }

    @Test
    void camtWithBomAndLatin1Declaration() throws Exception {
        String inner = "<NtryDtls><TxDtls><RmtInf><Ustrd>Überweisung Müller</Ustrd></RmtInf></TxDtls></NtryDtls>";
        String utf8 = camt("04", entry("10.00", "DBIT", inner), BALANCES);
        byte[] bom = ("\uFEFF" + utf8).getBytes(StandardCharsets.UTF_8);
        assertThat(parse(bom).get(0).transactions().get(0).remittanceInformation())
                .isEqualTo("Überweisung Müller");
        byte[] latin1 =
                utf8.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parse(latin1).get(0).transactions().get(0).remittanceInformation())
                .isEqualTo("Überweisung Müller");
        // JPY has no minor unit, BHD three
        String jpy = camt(
                "08",
                "<Ntry><Amt Ccy=\"JPY\">1500</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>"
                        + "<Ntry><Amt Ccy=\"BHD\">1.5</Amt><CdtDbtInd>CRDT</CdtDbtInd></Ntry>",
                "");
        assertThat(parse(jpy).get(0).transactions())
                .extracting(t -> t.amount().toPlainString())
                .containsExactly("1500", "1.500");
    }

    @Test
    void unbalancedStatementIsAWarning() throws Exception {
        Statement s = parse(camt("02", entry("1.00", "CRDT", ""), BALANCES)).get(0);
        assertThat(s.warnings()).singleElement().asString().contains("do not add up");
    }

    @Test
    void malformedXmlNamesTheLine() {
        String xml = camt("02", entry("1.00", "CRDT", ""), BALANCES).replace("</Ntry>", "</Nope>");
        assertThatThrownBy(() -> parse(xml))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("line 7");
    }

    @Test
    void missingCreditDebitIndicatorNamesElement() {
        String xml = camt("02", "<Ntry><Amt Ccy=\"EUR\">1</Amt></Ntry>\n", BALANCES);
        assertThatThrownBy(() -> parse(xml))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("line 7")
                .hasMessageContaining("CdtDbtInd")
                .hasMessageContaining("expected CRDT or DBIT");
    }

    @Test
    void badAmountNamesElement() {
        String xml = camt("02", entry("1,00", "CRDT", ""), BALANCES);
        assertThatThrownBy(() -> parse(xml))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("Ntry/Amt")
                .hasMessageContaining("'1,00'");
    }

    static final String MT940 = ":20:REF1\r\n:25:DE89370400440532013000\r\n:28C:1/1\r\n:60F:C240101EUR100,00\r\n"
            + ":61:2401020102D10,00NDDTNONREF//BANKREF1\r\n"
            + ":86:105?00SEPA-LASTSCHRIFT?109200?20EREF+E2E-1?21MREF+M-1?22CRED+DE98ZZZ09999999999?23SVWZ+Rechnung Ü\r\n"
            + "ber 10?30COBADEFFXXX?31DE44500105175407324931?32Stadtwerke Köln\r\n:62F:C240102EUR90,00\r\n-\r\n";

    @Test
    void mt940GermanSepaIso88591AndUtf8AndBom() throws Exception {
        for (byte[] bytes : new byte[][] {
            MT940.getBytes(Charset.forName("ISO-8859-1")),
            MT940.getBytes(StandardCharsets.UTF_8),
            ("\uFEFF" + MT940).getBytes(StandardCharsets.UTF_8)
        }) {
            Statement s = parse(bytes).get(0);
            assertThat(s.format()).isEqualTo(StatementFormat.MT940);
            assertThat(s.accountIban()).isEqualTo("DE89370400440532013000");
            Transaction t = s.transactions().get(0);
            assertThat(t.amount()).isEqualByComparingTo("-10.00");
            assertThat(t.endToEndId()).isEqualTo("E2E-1");
            assertThat(t.mandateId()).isEqualTo("M-1");
            assertThat(t.creditorId()).isEqualTo("DE98ZZZ09999999999");
            assertThat(t.remittanceInformation()).isEqualTo("Rechnung Über 10");
            assertThat(t.counterparty())
                    .isEqualTo(new Party("Stadtwerke Köln", "DE44500105175407324931", null, "COBADEFFXXX"));
            assertThat(t.bankReference()).isEqualTo("BANKREF1");
            assertThat(t.bankTransactionCode().proprietary()).isEqualTo("NDDT+105+9200");
            assertThat(s.warnings()).isEmpty();
        }
    }

    @Test
    void mt940EnvelopeMultiStatementAndReversal() throws Exception {
        String s = "{1:F01BANKBEBBAXXX0000000000}{2:I940BANKBEBBXXXXN}{4:\n:20:A\n:25:X/1\n:28C:1\n:60F:C240101EUR0,\n"
                + ":61:240102RD5,NTRFREF\n:86:/EREF/E1//CNTP/NL91ABNA0417164300/ABNANL2A/J. Doe/Town//REMI/USTD//hello/\n"
                + ":62F:C240102EUR5,\n-}\n{1:F01BANKBEBBAXXX0000000000}{2:I940BANKBEBBXXXXN}{4:\n:20:B\n:25:X/1\n:28C:2\n"
                + ":60F:C240102EUR5,\n:62F:C240103EUR5,\n-}";
        List<Statement> ss = parse(s);
        assertThat(ss).hasSize(2);
        Transaction t = ss.get(0).transactions().get(0);
        assertThat(t.reversal()).isTrue();
        assertThat(t.amount()).isEqualByComparingTo("5"); // RD = reversal of a debit: a credit
        assertThat(t.endToEndId()).isEqualTo("E1");
        assertThat(t.counterparty()).isEqualTo(new Party("J. Doe", "NL91ABNA0417164300", null, "ABNANL2A"));
        assertThat(t.remittanceInformation()).isEqualTo("hello");
    }

    @Test
    void mt942IsPending() throws Exception {
        String s = ":20:R\n:25:DE89370400440532013000\n:28C:1\n:34F:EUR0,\n:13D:2401021200+0100\n"
                + ":61:240102C1,00NTRFNONREF\n:86:plain text\n:90C:1EUR1,00\n-";
        Statement st = parse(s).get(0);
        assertThat(st.format()).isEqualTo(StatementFormat.MT942);
        assertThat(st.transactions().get(0).status()).isEqualTo(TransactionStatus.PENDING);
        assertThat(st.transactions().get(0).remittanceInformation()).isEqualTo("plain text");
    }

    @Test
    void mt940BadFieldNamesLineAndTag() {
        assertThatThrownBy(() -> parse(":20:R\n:25:A\n:60F:C240101EUR1,00\n:61:24XX02C1,00NTRF\n-"))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining(":61:");
        assertThatThrownBy(() -> parse(":20:R\n:25:A\n:60F:X240101EUR1,00\n-"))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining(":60F:");
    }

    @Test
    void detectionIsByContent() {
        assertThat(FormatDetector.detect(
                        camt("08", "", "").getBytes(), camt("08", "", "").length()))
                .contains(StatementFormat.CAMT_053);
        byte[] mt = MT940.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(FormatDetector.detect(mt, mt.length)).contains(StatementFormat.MT940);
        byte[] ofx = "OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1>".getBytes();
        assertThat(FormatDetector.detect(ofx, ofx.length)).contains(StatementFormat.OFX);
        byte[] junk = "hello world".getBytes();
        assertThat(FormatDetector.detect(junk, junk.length)).isEmpty();
        assertThatThrownBy(() -> parse("hello world"))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("unrecognised");
    }

    @Test
    void codaErrorsNameLineAndPositions() {
        String rec0 = String.format(
                "%-128s", "0000011101772505        00265207  NAME                      KREDBEBB   00330158420 00000");
        String rec1 = String.format("%-128s", "10139138536152215 EUR0BE                  0000000017752120101017NAME");
        String bad21 = String.format("%-128s", "2100010000REF                  0X0000000000050001110170015000000");
        assertThatThrownBy(() -> parse(rec0 + "\n" + rec1 + "\n" + bad21 + "\n"))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("record 2.1 amount")
                .hasMessageContaining("positions 32-47");
        assertThatThrownBy(() -> BankFormats.parseAll(
                        new ByteArrayInputStream((rec0 + "\n" + rec1 + "\nX\n").getBytes()),
                        BankFormats.parser(StatementFormat.CODA)))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("record type");
    }

    @Test
    void ofxBadDateNamesLineAndField() {
        String ofx =
                "OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\n<BANKACCTFROM><ACCTID>1</BANKACCTFROM>"
                        + "<BANKTRANLIST>\n<STMTTRN><TRNTYPE>DEBIT\n<DTPOSTED>2024-01-05\n<TRNAMT>-1</STMTTRN></BANKTRANLIST>"
                        + "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
        assertThatThrownBy(() -> parse(ofx))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("line 6")
                .hasMessageContaining("DTPOSTED")
                .hasMessageContaining("YYYYMMDD");
    }

    /** Found by the fuzzer: the inner statement's end left the outer one's open transaction with no statement. */
    @Test
    void ofxStatementInsideAnOpenTransactionIsRefusedNamingTheLine() {
        String ofx = "OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR\n"
                + "<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST>\n<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105"
                + "<TRNAMT>-1\n<STMTRS><CURDEF>EUR</STMTRS>\n</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS>"
                + "</BANKMSGSRSV1></OFX>";
        assertThatThrownBy(() -> parse(ofx))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("line 6")
                .hasMessageContaining("a statement inside a statement");
    }

    @Test
    void referenceClassification() {
        assertThat(References.classify("RF18 5390 0754 7034", null).type()).isEqualTo(ReferenceType.ISO11649);
        assertThat(References.classify("RF19539007547034", null).type()).isEqualTo(ReferenceType.OTHER);
        assertThat(References.classify("+++090/9337/55493+++", null))
                .isEqualTo(new CreditorReference("090933755493", ReferenceType.BE_STRUCTURED));
        assertThat(References.classify("210000000003139471430009017", null).type())
                .isEqualTo(ReferenceType.CH_QR_ISR);
        // a QR reference has 27 digits (QR-bill standard): a shorter number whose last digit happens to be its
        // recursive mod-10 check (one in ten do) is a number, not a reference
        assertThat(References.classify("0000000000123457", null).type()).isEqualTo(ReferenceType.OTHER);
        assertThat(References.classify("000000000000000000000123457", null))
                .isEqualTo(new CreditorReference("000000000000000000000123457", ReferenceType.CH_QR_ISR));
    }

    @Test
    void ofxSgmlWithOffsetDates() throws Exception {
        String ofx = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:1252\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>"
                + "<CURDEF>EUR\n<BANKACCTFROM><BANKID>1<ACCTID>FR7630006000011234567890189<ACCTTYPE>CHECKING</BANKACCTFROM>"
                + "<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105120000[-5:EST]<TRNAMT>-12.5<FITID>F1"
                + "<NAME>Caf\u00e9<MEMO>Inv 7</STMTTRN></BANKTRANLIST><LEDGERBAL><BALAMT>87.50<DTASOF>20240131</LEDGERBAL>"
                + "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
        Statement s = parse(ofx.getBytes(Charset.forName("windows-1252"))).get(0);
        Transaction t = s.transactions().get(0);
        assertThat(t.amount().toPlainString()).isEqualTo("-12.50");
        assertThat(t.counterparty().name()).isEqualTo("Café");
        assertThat(t.bookingTime().toString()).isEqualTo("2024-01-05T12:00-05:00");
        assertThat(s.accountIban()).isEqualTo("FR7630006000011234567890189");
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("100.00");
    }
}
