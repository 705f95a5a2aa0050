package app.lettrage.bankformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Asserts on the real MT940 fixtures what the source projects' tests assert (INDEX.md oracle column, notes/mt940_oracles.txt). */
class Mt940ConformanceTest {

    private static List<Transaction> all(List<Statement> ss) {
        return ss.stream().flatMap(s -> s.transactions().stream()).toList();
    }

    private static List<String> amounts(List<Transaction> txs) {
        return txs.stream().map(t -> t.amount().toPlainString()).toList();
    }

    /** The last final (F) opening / closing balance across statements, like mt940's final_opening_balance. */
    private static Balance lastOf(List<Statement> ss, String code) {
        Balance found = null;
        for (Statement s : ss) {
            for (Balance b : s.header().openingBalances()) {
                if (code.equals(b.code())) {
                    found = b;
                }
            }
            for (Balance b : s.closingBalances()) {
                if (code.equals(b.code())) {
                    found = b;
                }
            }
        }
        return found;
    }

    private static void balance(Balance b, String amount, LocalDate date) {
        assertThat(b).isNotNull();
        assertThat(b.amount()).isEqualByComparingTo(amount);
        if (date != null) {
            assertThat(b.date()).isEqualTo(date);
        }
    }

    @Test
    void ocaIng_dutchCodewordsWrappedMidToken() throws Exception {
        Statement s = Fixtures.single("mt940/oca-ing.940");
        assertThat(s.accountIban()).isEqualTo("NL77INGB0574908765");
        assertThat(s.closingBalance().orElseThrow().date()).isEqualTo(LocalDate.of(2014, 2, 20));
        balance(s.openingBalance().orElseThrow(), "662.23", null);
        balance(s.closingBalance().orElseThrow(), "564.35", null);
        assertThat(s.transactions()).anySatisfy(t -> {
            assertThat(t.counterparty().iban()).isEqualTo("NL32INGB0000012345");
            assertThat(t.amount()).isEqualByComparingTo("1.56");
            assertThat(t.valueDate()).isEqualTo(LocalDate.of(2014, 2, 20));
            assertThat(t.endToEndId()).isEqualTo("EV12341REP1231456T1234");
        });
        Transaction dd = s.transactions().get(3);
        assertThat(dd.endToEndId()).isEqualTo("EV123REP123412T1234");
        assertThat(dd.mandateId()).isEqualTo("MND-EV01"); // a lone "-" line inside :86: is content, not the end
        assertThat(dd.creditorId()).isEqualTo("NL32ZZZ999999991234");
        assertThat(s.transactions().get(2).returnReason()).isEqualTo("MS03");
    }

    @Test
    void ocaIngOld_nonSwiftHeader() throws Exception {
        Statement s = Fixtures.single("mt940/oca-ing-old.940");
        assertThat(s.accountIban()).isEqualTo("NL77INGB0574908765");
        assertThat(s.closingBalance().orElseThrow().date()).isEqualTo(LocalDate.of(2014, 1, 20));
        balance(s.openingBalance().orElseThrow(), "662.23", null);
        balance(s.closingBalance().orElseThrow(), "564.35", null);
    }

    @Test
    void ocaSns_threeEnvelopedMessages() throws Exception {
        assertThat(Fixtures.parse("mt940/oca-sns.940")).hasSize(3);
    }

    @Test
    void ocaWrongFile_fails() {
        Fixtures.file("mt940/oca-wrong-file.940");
        assertThatThrownBy(() -> Fixtures.parse("mt940/oca-wrong-file.940"))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining(":9401:");
    }

    @Test
    void jejikAbnAmro() throws Exception {
        List<Statement> ss = Fixtures.parse("mt940/wolph-jejik-abnamro.sta");
        List<Transaction> txs = all(ss);
        assertThat(amounts(txs))
                .containsExactly(
                        "-9.00", "-11.59", "-11.63", "-11.80", "-13.45", "-15.49", "-107.00", "-141.48", "-9.49",
                        "-15.00");
        assertThat(txs)
                .extracting(t -> t.bankTransactionCode().proprietary())
                .containsExactly("N192", "N426", "N426", "N426", "N426", "N426", "N426", "N426", "N426", "N426");
        balance(lastOf(ss, "60F"), "3236.28", LocalDate.of(2011, 5, 22));
        balance(lastOf(ss, "62F"), "876.84", LocalDate.of(2011, 5, 23));
        assertThat(txs.get(1).valueDate()).isEqualTo(LocalDate.of(2011, 5, 21));
        assertThat(txs.get(1).bookingDate()).isEqualTo(LocalDate.of(2011, 5, 23));
    }

    @Test
    void jejikIng() throws Exception {
        List<Statement> ss = Fixtures.parse("mt940/wolph-jejik-ing.sta");
        List<Transaction> txs = all(ss);
        assertThat(amounts(txs)).containsExactly("-25.03", "-3.03", "-1.11", "-20.00", "-1.10", "3.68", "1.00");
        assertThat(txs.get(2).customerReference()).isEqualTo("TMG TANGO");
        balance(lastOf(ss, "60F"), "0.00", LocalDate.of(2010, 7, 22));
        balance(lastOf(ss, "62F"), "3.47", LocalDate.of(2010, 7, 23));
    }

    @Test
    void jejikRabobank_legacyMultipleInfoFields() throws Exception {
        List<Statement> ss = Fixtures.parse("mt940/wolph-jejik-rabobank.sta");
        List<Transaction> txs = all(ss);
        assertThat(amounts(txs)).containsExactly("-1213.28", "-44.95", "-236.56", "-88.10", "-6.20");
        assertThat(txs)
                .extracting(t -> t.bankTransactionCode().proprietary())
                .containsExactly("N044", "N060", "N030", "N060", "NMSC");
        assertThat(txs.get(0).customerReference()).isEqualTo("0121470966");
        assertThat(txs.get(0).details()).containsEntry("supplementaryDetails", "W.P. Jansen");
        assertThat(txs.get(0).valueDate()).isEqualTo(LocalDate.of(2011, 5, 27));
        balance(lastOf(ss, "60F"), "4196.12", LocalDate.of(2012, 8, 28));
        balance(lastOf(ss, "62F"), "4101.82", LocalDate.of(2012, 8, 29));
        assertThat(ss.get(ss.size() - 1).accountId()).isEqualTo("1526.89.184EUR");
    }

    @Test
    void jejikKnab_amountsWithoutDecimals() throws Exception {
        List<Statement> ss = Fixtures.parse("mt940/wolph-jejik-knab.sta");
        List<Transaction> txs = all(ss);
        assertThat(amounts(txs)).containsExactly("500.00", "-7260.00", "500.00");
        balance(lastOf(ss, "60F"), "3058.98", LocalDate.of(2014, 7, 29));
        balance(lastOf(ss, "62F"), "798.98", LocalDate.of(2014, 7, 30));
        // SWIFT layout: 16x customer reference, "//", 16x bank reference (the mt940 library cuts differently)
        assertThat(txs.get(0).customerReference()).isNull(); // NONREF
        assertThat(txs.get(0).bankReference()).isEqualTo("B4E07XM00J000023");
        assertThat(txs.get(2).customerReference()).isEqualTo("29-07-2014 10:05");
    }

    @Test
    void betterplaceSepa_germanSubfieldsAndKeywords() throws Exception {
        List<Statement> ss = Fixtures.parse("mt940/wolph-betterplace-sepa_snippet.sta");
        List<Transaction> txs = all(ss);
        assertThat(txs).hasSize(11);
        balance(lastOf(ss, "60F"), "-1970431.87", LocalDate.of(2007, 9, 3));
        balance(lastOf(ss, "62F"), "-4472049.09", LocalDate.of(2007, 9, 4));
        Transaction t0 = txs.get(0);
        assertThat(t0.amount()).isEqualByComparingTo("50990.05");
        assertThat(t0.valueDate()).isEqualTo(LocalDate.of(2007, 9, 7));
        assertThat(t0.bookingDate()).isEqualTo(LocalDate.of(2007, 9, 4));
        assertThat(t0.details()).containsEntry("postingText", "GUTSCHRIFT");
        assertThat(t0.counterparty().name()).isEqualTo("KARL        KAUFMANN");
        assertThat(t0.counterparty().iban()).isEqualTo("DE14508800500194785000");
        assertThat(t0.remittanceInformation()).isEqualTo("Verw CTSc-01 BC-PPP TFNr 22 004");
        assertThat(txs.get(1).remittanceInformation()).isEqualTo("Strukturierter Verwendungszweck 30030004 DE");
        assertThat(txs.get(1).counterparty().name()).isEqualTo("Quentin Quast");
        assertThat(txs.get(10).amount()).isEqualByComparingTo("-3572569.03");
        assertThat(txs.get(10).details()).containsEntry("postingText", "SAMMLER");
        assertThat(txs.get(4).details()).containsEntry("postingText", "RETOURE");
    }

    @Test
    void mBank_availableBalance() throws Exception {
        Statement s = Fixtures.single("mt940/wolph-mBank-mt940.sta");
        assertThat(s.currency()).isEqualTo("PLN");
        assertThat(s.accountIban()).isEqualTo("PL29114010810000267002001002");
        balance(s.openingBalance().orElseThrow(), "0.40", LocalDate.of(2017, 1, 19));
        balance(s.closingBalance().orElseThrow(), "0.43", LocalDate.of(2017, 1, 19));
        balance(s.balance(BalanceType.CLOSING_AVAILABLE).orElseThrow(), "0.43", LocalDate.of(2017, 1, 19));
        assertThat(amounts(s.transactions())).containsExactly("0.01", "0.01", "0.01");
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void sparkassen_tagAndAmountBrokenAcrossLines() throws Exception {
        Statement s = Fixtures.single("mt940/wolph-self-provided-sparkassen.sta");
        assertThat(s.transactions()).hasSize(1);
        Transaction t = s.transactions().get(0);
        assertThat(t.amount()).isEqualByComparingTo("30.00");
        assertThat(t.valueDate()).isEqualTo(LocalDate.of(2018, 11, 26));
        assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2018, 11, 26));
        assertThat(t.bankTransactionCode().proprietary()).startsWith("N062");
        assertThat(t.remittanceInformation()).isEqualTo("Test");
        assertThat(t.details()).containsEntry("postingText", "GUTSCHR. UEBERWEISUNG");
    }

    @Test
    void gvCodes_keywordsSplitAcrossSubfields() throws Exception {
        Statement s = Fixtures.single("mt940/wolph-self-provided-gv_codes.sta");
        balance(s.openingBalance().orElseThrow(), "12345.12", LocalDate.of(2017, 9, 14));
        assertThat(amounts(s.transactions())).containsExactly("-233.15", "-24.30");
        Transaction t = s.transactions().get(0);
        assertThat(t.counterparty().name()).isEqualTo("PayPal (Europe) S.a.r.l. et");
        assertThat(t.remittanceInformation()).isEqualTo(". SPOTIFY, Ihr Einkaufbei SPOTIFY");
        assertThat(t.endToEndId()).isEqualTo("1234567890123 PAYPAL");
        assertThat(t.mandateId()).isEqualTo("12AB234CD6E7F");
        assertThat(t.creditorId()).isEqualTo("AB12CDE0000000000000000034");
        assertThat(s.transactions().get(1).valueDate()).isEqualTo(LocalDate.of(2019, 10, 25));
    }

    @Test
    void cmxl_mixedCurrencies() throws Exception {
        List<Statement> ss = Fixtures.parse("mt940/wolph-cmxl-mt940.sta");
        List<Transaction> txs = all(ss);
        assertThat(txs).hasSize(16);
        assertThat(txs).extracting(Transaction::currency).containsSequence("DEM", "EUR", "EUR", "PLN");
        balance(lastOf(ss, "60F"), "40000.00", null);
        balance(lastOf(ss, "62F"), "50040.00", null);
        assertThat(lastOf(ss, "62F").currency()).isEqualTo("PLN");
        Transaction rent = txs.get(11);
        assertThat(rent.amount()).isEqualByComparingTo("-800");
        assertThat(rent.remittanceInformation()).isEqualTo("Miete November");
        assertThat(rent.counterparty().name()).isEqualTo("MUELLER");
        assertThat(txs.get(15).amount()).isEqualByComparingTo("40.00");
    }

    @Test
    void hbci4java_bookingDatesAndIso88591() throws Exception {
        Statement s = Fixtures.single("mt940/hbci4java-mt940-001.sta");
        assertThat(s.transactions()).hasSize(2).allSatisfy(t -> {
            assertThat(t.valueDate()).isNotNull();
            assertThat(t.bookingDate()).isNotNull();
        });
        balance(s.openingBalance().orElseThrow(), "100.00", null);
        balance(s.closingBalance().orElseThrow(), "103.00", null);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void berlinGroupVerlag_mt940BodyInsideJson() throws Exception {
        JsonNode root = new ObjectMapper()
                .readTree(Files.readString(
                        Fixtures.file("berlingroup/xs2aadapter-verlag-get-transactions-mt940-body.json")));
        String body = root.path("response").path("body").asText();
        try (InputStream in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))) {
            List<Statement> ss = BankFormats.parseAll(in);
            assertThat(all(ss)).hasSize(141);
            assertThat(ss).allSatisfy(s -> assertThat(s.format()).isEqualTo(StatementFormat.MT940));
        }
    }
}
