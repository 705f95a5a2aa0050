package app.lettrage.bankformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.bankformats.CsvMapping.Field;
import app.lettrage.bankformats.CsvMapping.SignConvention;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    static Statement parse(CsvMapping m, byte[] b) throws IOException {
        List<Statement> ss = BankFormats.parseAll(new ByteArrayInputStream(b), BankFormats.csv(m));
        assertThat(ss).hasSize(1);
        return ss.get(0);
    }

    @Test
    void sparkassePresetIso88591QuotedMultilineAndDecimalComma() throws Exception {
        String csv =
                "\"Auftragskonto\";\"Buchungstag\";\"Valutadatum\";\"Buchungstext\";\"Verwendungszweck\";\"Glaeubiger ID\";"
                        + "\"Mandatsreferenz\";\"Kundenreferenz (End-to-End)\";\"Sammlerreferenz\";\"Lastschrift Ursprungsbetrag\";"
                        + "\"Auslagenersatz Ruecklastschrift\";\"Beguenstigter/Zahlungspflichtiger\";\"Kontonummer/IBAN\";\"BIC (SWIFT-Code)\";"
                        + "\"Betrag\";\"Waehrung\";\"Info\"\r\n"
                        + "\"DE89370400440532013000\";\"02.01.24\";\"03.01.24\";\"FOLGELASTSCHRIFT\";\"Strom; Januar\r\nKd 4711\";"
                        + "\"DE98ZZZ09999999999\";\"M-1\";\"E2E-1\";\"\";\"\";\"\";\"Stadtwerke Köln\";\"DE44500105175407324931\";"
                        + "\"COBADEFFXXX\";\"-1.234,50\";\"EUR\";\"Umsatz gebucht\"\r\n"
                        + "\"DE89370400440532013000\";\"04.01.24\";\"04.01.24\";\"GUTSCHRIFT\";\"RF18539007547034\";\"\";\"\";\"NOTPROVIDED\";"
                        + "\"\";\"\";\"\";\"Kunde\";\"FR7630006000011234567890189\";\"\";\"10,00\";\"EUR\";\"\"\r\n";
        Statement s = parse(CsvMapping.preset("de-sparkasse-camt"), csv.getBytes(Charset.forName("ISO-8859-1")));
        assertThat(s.format()).isEqualTo(StatementFormat.CSV);
        assertThat(s.accountIban()).isEqualTo("DE89370400440532013000");
        Transaction t = s.transactions().get(0);
        assertThat(t.amount().toPlainString()).isEqualTo("-1234.50");
        assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(t.valueDate()).isEqualTo(LocalDate.of(2024, 1, 3));
        assertThat(t.remittanceInformation()).isEqualTo("Strom; Januar\nKd 4711");
        assertThat(t.counterparty())
                .isEqualTo(new Party("Stadtwerke Köln", "DE44500105175407324931", null, "COBADEFFXXX"));
        assertThat(t.mandateId()).isEqualTo("M-1");
        assertThat(t.creditorId()).isEqualTo("DE98ZZZ09999999999");
        assertThat(t.endToEndId()).isEqualTo("E2E-1");
        Transaction u = s.transactions().get(1);
        assertThat(u.endToEndId()).isNull();
        assertThat(u.creditorReference().type()).isEqualTo(ReferenceType.ISO11649);
        assertThat(u.sourceLine()).isEqualTo(4);
    }

    @Test
    void debitCreditColumnsWindows1252WithBom() throws Exception {
        byte[] body = "Date;Libellé;Débit;Crédit\n05/01/2024;PRLV EDF;45,10;\n06/01/2024;VIR CLIENT;;1 200,00\n"
                .getBytes(Charset.forName("windows-1252"));
        Statement s = parse(CsvMapping.preset("fr-debit-credit"), body);
        assertThat(s.transactions()).extracting(t -> t.amount().toPlainString()).containsExactly("-45.10", "1200.00");
        assertThat(s.transactions().get(0).remittanceInformation()).isEqualTo("PRLV EDF");
        byte[] utf8Bom = ("\uFEFFDate;Libellé;Débit;Crédit\n05/01/2024;Café;1,00;\n").getBytes(StandardCharsets.UTF_8);
        CsvMapping auto = CsvMapping.builder("fr-auto")
                .delimiter(';')
                .dateFormat("dd/MM/yyyy")
                .sign(SignConvention.DEBIT_CREDIT_COLUMNS)
                .defaultCurrency("EUR")
                .column(Field.BOOKING_DATE, "Date")
                .column(Field.REMITTANCE, "Libellé")
                .column(Field.DEBIT, "Débit")
                .column(Field.CREDIT, "Crédit")
                .build();
        assertThat(parse(auto, utf8Bom).transactions().get(0).remittanceInformation())
                .isEqualTo("Café");
    }

    @Test
    void indicatorColumnPreset() throws Exception {
        String csv =
                "\"Datum\",\"Naam / Omschrijving\",\"Rekening\",\"Tegenrekening\",\"Code\",\"Af Bij\",\"Bedrag (EUR)\",\"Mutatiesoort\",\"Mededelingen\"\n"
                        + "\"20240102\",\"Jansen\",\"NL91ABNA0417164300\",\"NL20INGB0001234567\",\"OV\",\"Af\",\"12,50\",\"Overschrijving\",\"Factuur 7\"\n"
                        + "\"20240103\",\"Klant\",\"NL91ABNA0417164300\",\"\",\"GT\",\"Bij\",\"100,00\",\"Online bankieren\",\"\"\n";
        Statement s = parse(CsvMapping.preset("nl-ing"), csv.getBytes(StandardCharsets.UTF_8));
        assertThat(s.transactions()).extracting(t -> t.amount().toPlainString()).containsExactly("-12.50", "100.00");
        assertThat(s.accountIban()).isEqualTo("NL91ABNA0417164300");
        assertThat(s.transactions().get(0).counterparty().iban()).isEqualTo("NL20INGB0001234567");
    }

    @Test
    void specStringPositionsWithoutHeaderAndErrors() throws Exception {
        CsvMapping m =
                CsvMapping.parse("delimiter=pipe,decimal=dot,date=yyyy-MM-dd,header=false,sign=inverted,currency=CHF,"
                        + "bookingDate=#1,amount=#2,remittance=#3,remittance=#4");
        Statement s = parse(m, "2024-02-01|10.5|a|b\n\n2024-02-02|-3|c|\n".getBytes(StandardCharsets.UTF_8));
        assertThat(s.transactions()).extracting(t -> t.amount().toPlainString()).containsExactly("-10.50", "3.00");
        assertThat(s.transactions().get(0).remittanceInformation()).isEqualTo("a b");
        assertThatThrownBy(() -> parse(m, "2024-02-01|1x|a|b\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("#2")
                .hasMessageContaining("'1x'");
        assertThatThrownBy(() -> parse(m, "01.02.2024|1|a|b\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("yyyy-MM-dd");
        assertThatThrownBy(() -> parse(CsvMapping.preset("generic"), "Foo,Bar\n1,2\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("expected a column named")
                .hasMessageContaining("[Foo, Bar]");
        assertThatThrownBy(() -> CsvMapping.parse("amount=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bookingDate");
    }
}
