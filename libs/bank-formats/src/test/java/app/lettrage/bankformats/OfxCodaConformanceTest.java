package app.lettrage.bankformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OFX and CODA fixtures against the oracles of INDEX.md. */
class OfxCodaConformanceTest {

    private static List<String> amounts(Statement s) {
        return s.transactions().stream().map(t -> t.amount().toPlainString()).toList();
    }

    @Test
    void ocaOfx_multipleTranListsAndDerivedOpening() throws Exception {
        List<Statement> ss = Fixtures.parse("ofx/oca-test_ofx.ofx");
        Statement s = ss.get(0);
        assertThat(s.accountId()).isEqualTo("123456");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("2156.56");
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("2516.56");
        assertThat(s.transactions()).anySatisfy(t -> {
            assertThat(t.counterparty().name()).isEqualTo("Agrolait");
            assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2013, 8, 24));
        });
        assertThat(ss).hasSize(2); // plus the credit-card statement
    }

    @Test
    void ofxparseBankMedium_sgml() throws Exception {
        Statement s = Fixtures.single("ofx/ofxparse-bank_medium.ofx");
        assertThat(s.accountId()).isEqualTo("12300 000012345678");
        assertThat(s.header().details())
                .containsEntry("bankId", "160000100")
                .containsEntry("branchId", "00")
                .containsEntry("accountType", "CHECKING");
        assertThat(s.currency()).isEqualTo("CAD");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("382.34");
        assertThat(s.closingBalance().orElseThrow().date()).isEqualTo(LocalDate.of(2009, 5, 23));
        assertThat(s.balance(BalanceType.CLOSING_AVAILABLE).orElseThrow().amount())
                .isEqualByComparingTo("682.34");
        assertThat(s.header().fromDateTime().dateTime().toLocalDate()).isEqualTo(LocalDate.of(2009, 4, 1));
        assertThat(s.header().toDateTime().dateTime().toString()).isEqualTo("2009-05-23T12:20:17");
        assertThat(s.transactions()).hasSize(3);
        Transaction t = s.transactions().get(0);
        assertThat(t.counterparty().name()).isEqualTo("MCDONALD'S #112");
        assertThat(t.bankTransactionCode().proprietary()).isEqualToIgnoringCase("pos");
        assertThat(t.amount()).isEqualByComparingTo("-6.60");
    }

    @Test
    void ofxparseEmptyTags() throws Exception {
        Statement s = Fixtures.single("ofx/ofxparse-ofx-v102-empty-tags.ofx");
        assertThat(s.header().details())
                .containsEntry("branchId", "")
                .containsEntry("accountType", "")
                .containsEntry("bankId", "NPBS");
        assertThat(s.currency()).isNull();
        assertThat(s.accountId()).isEqualTo("12345678");
        assertThat(s.warnings()).anyMatch(w -> w.contains("CURDEF"));
    }

    @Test
    void ofxparseMultipleAccounts() throws Exception {
        List<Statement> ss = Fixtures.parse("ofx/ofxparse-multiple_accounts2.ofx");
        assertThat(ss).extracting(Statement::accountId).containsExactly("9100", "9200");
        assertThat(ss).extracting(s -> s.header().details().get("accountType")).containsExactly("CHECKING", "SAVINGS");
        assertThat(ss).extracting(s -> s.header().details().get("bankId")).containsExactly("123", "123");
        assertThat(ss).allSatisfy(s -> assertThat(s.transactions()).isEmpty());
    }

    @Test
    void ofxparseAnzCreditCard() throws Exception {
        assertThat(Fixtures.single("ofx/ofxparse-anzcc.ofx").accountId()).isEqualTo("1234123412341234");
    }

    @Test
    void ofxparseFailNice_strictParsingFails() {
        Fixtures.file("ofx/ofxparse-fail_nice-date_missing.ofx");
        Fixtures.file("ofx/ofxparse-fail_nice-decimal_error.ofx");
        assertThatThrownBy(() -> Fixtures.parse("ofx/ofxparse-fail_nice-date_missing.ofx"))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("DTPOSTED");
        assertThatThrownBy(() -> Fixtures.parse("ofx/ofxparse-fail_nice-decimal_error.ofx"))
                .isInstanceOf(StatementParseException.class)
                .hasMessageContaining("$120");
    }

    @Test
    void ofxparseFailNice_lenientDiscardsEntries() throws Exception {
        for (String[] c : new String[][] {
            {"ofx/ofxparse-fail_nice-date_missing.ofx", "3"}, {"ofx/ofxparse-fail_nice-decimal_error.ofx", "1"}
        }) {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(Fixtures.file(c[0]))) {
                List<Statement> ss = BankFormats.parseAll(in, BankFormats.parser(StatementFormat.OFX, true));
                assertThat(ss).allSatisfy(s -> assertThat(s.transactions()).isEmpty());
                assertThat(ss.stream()
                                .flatMap(s -> s.warnings().stream())
                                .filter(w -> w.startsWith("transaction skipped")))
                        .hasSize(Integer.parseInt(c[1]));
            }
        }
    }

    @Test
    void ofx4jExampleResponse_xml() throws Exception {
        Statement s = Fixtures.single("ofx/ofx4j-example-response.ofx2");
        assertThat(s.transactions()).isNotEmpty();
        assertThat(s.closingBalance()).isPresent();
    }

    @Test
    void phpCodaSample1() throws Exception {
        Statement s = Fixtures.single("coda/phpcoda-sample1.cod");
        assertThat(s.format()).isEqualTo(StatementFormat.CODA);
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("17752.12");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("17832.12");
        assertThat(s.closingBalance().orElseThrow().date()).isEqualTo(LocalDate.of(2017, 10, 11));
        assertThat(s.transactions()).hasSize(4);
        Transaction t = s.transactions().get(0);
        assertThat(t.amount()).isEqualByComparingTo("5");
        assertThat(t.creditorReference()).isEqualTo(new CreditorReference("000003505158", ReferenceType.BE_STRUCTURED));
        assertThat(t.additionalInformation()).isEqualTo("GROTE WEG            32            3215    HASSELT");
        assertThat(t.counterparty().name()).isEqualTo("KLANT1 MET NAAM1");
        assertThat(t.counterparty().iban()).isEqualTo("BE22313215646432");
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void phpCodaSample7_globalisedDetails() throws Exception {
        Statement s = Fixtures.single("coda/phpcoda-sample7.cod");
        assertThat(s.transactions()).hasSize(3);
        assertThat(s.transactions())
                .extracting(t -> t.details().get("sequence"))
                .containsOnly("0001");
        assertThat(s.transactions()).extracting(t -> t.details().get("detail")).containsExactly("0002", "0003", "0004");
        Transaction t = s.transactions().get(0);
        assertThat(t.amount()).isEqualByComparingTo("-25");
        assertThat(t.creditorReference().reference()).isEqualTo("000003515846");
        assertThat(t.counterparty().name()).isEqualTo("KLANT2 NAAM2");
        assertThat(t.counterparty().iban()).isEqualTo("BE25646548413215");
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("17752.12");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("17832.12");
    }

    @Test
    void phpCodaSample11_globalWithoutDetails() throws Exception {
        Statement s = Fixtures.single("coda/phpcoda-sample11.cod");
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("100");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("1100");
        assertThat(s.closingBalance().orElseThrow().date()).isEqualTo(LocalDate.of(2024, 6, 6));
        assertThat(amounts(s)).containsExactly("1000.00");
    }
}
