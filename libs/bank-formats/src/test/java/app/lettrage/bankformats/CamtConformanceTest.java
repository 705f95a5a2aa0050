package app.lettrage.bankformats;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Asserts on the real camt fixtures what the source projects' own tests assert (INDEX.md oracle column). */
class CamtConformanceTest {

    private static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    private static List<String> amounts(Statement s) {
        return s.transactions().stream().map(t -> t.amount().toPlainString()).toList();
    }

    @Test
    void ocaCamt053_batchSplitReversalAndUnbalancedStatement() throws Exception {
        Statement s = Fixtures.single("camt/oca-test-camt053.xml");
        assertThat(s.format()).isEqualTo(StatementFormat.CAMT_053);
        assertThat(s.currency()).isEqualTo("EUR");
        assertThat(s.accountIban()).isEqualTo("NL77ABNA0574908765");
        assertThat(s.statementId()).isEqualTo("1234Test/1");
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("15568.27");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("15121.12");
        assertThat(amounts(s)).containsExactly("-754.25", "-564.05", "-100.00", "1405.31");
        assertThat(s.transactions())
                .extracting(Transaction::endToEndId)
                .containsExactly(
                        "435005714488-ABNO33052620",
                        "TESTBANK/NL/20141229/01206408",
                        "TESTBANK/NL/20141229/01206407",
                        "115");
        Transaction t0 = s.transactions().get(0);
        assertThat(t0.bookingDate()).isEqualTo(LocalDate.of(2014, 1, 5));
        assertThat(t0.counterparty().name()).isEqualTo("INSURANCE COMPANY TESTX");
        assertThat(t0.counterparty().iban()).isEqualTo("NL46ABNA0499998748");
        assertThat(s.transactions()).extracting(Transaction::reversal).containsExactly(false, true, true, false);
        assertThat(s.transactions().get(1).returnReason()).isEqualTo("AC06");
        assertThat(s.transactions().get(3).counterparty().iban()).isEqualTo("NL69ABNA0522123643");
        // the real file's balances do not reconcile: a warning, not a failure
        assertThat(s.warnings()).anyMatch(w -> w.contains("do not add up"));
    }

    @Test
    void ocaCamt053TxDtls_swissIsrReferences() throws Exception {
        Statement s = Fixtures.single("camt/oca-test-camt053-txdtls.xml");
        assertThat(s.currency()).isEqualTo("CHF");
        assertThat(s.accountIban()).isEqualTo("CH1111000000123456789");
        assertThat(s.statementId()).isEqualTo("20170323123456789012345");
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("75960.15");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("79443.15");
        assertThat(amounts(s)).containsExactly("2187.00", "1296.00");
        assertThat(s.transactions())
                .extracting(t -> t.creditorReference().reference())
                .containsExactly("302388292000011111111111111", "302388292000022222222222222");
        assertThat(s.transactions())
                .extracting(t -> t.creditorReference().type())
                .containsOnly(ReferenceType.CH_QR_ISR);
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void ocaCamt053NoEntries_statementWithBalancesOnly() throws Exception {
        // OCA returns nothing for it; the canonical model keeps the statement (balances are useful) with no
        // transactions
        Statement s = Fixtures.single("camt/oca-test-camt053-no-ntry.xml");
        assertThat(s.transactions()).isEmpty();
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("1520.76");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("1520.76");
    }

    @Test
    void ocaCamt054_notification() throws Exception {
        Statement s = Fixtures.single("camt/oca-test-camt054.xml");
        assertThat(s.format()).isEqualTo(StatementFormat.CAMT_054);
        assertThat(s.currency()).isEqualTo("EUR");
        assertThat(s.accountIban()).isEqualTo("NL77ABNA0574908765");
        assertThat(s.statementId()).isEqualTo("20220120000000000000000");
        assertThat(s.transactions()).hasSize(1);
        Transaction t = s.transactions().get(0);
        assertThat(t.amount()).isEqualByComparingTo("5.00");
        assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2022, 1, 26));
        assertThat(t.creditorReference().reference()).isEqualTo("000000000000000000000000003");
        assertThat(t.counterparty().name()).isEqualTo("Test Customer");
        BankTransactionCode c = t.bankTransactionCode();
        assertThat(c.domain() + "-" + c.family() + "-" + c.subFamily()).isEqualTo("PMNT-RCDT-VCOM");
        assertThat(t.customerReference()).isEqualTo("MIB InstrId305-312MM20211231v1");
    }

    @Test
    void viafintech053_germanBankEntries() throws Exception {
        Statement s = Fixtures.single("camt/viafintech-053-valid_example.xml");
        assertThat(s.statementId()).isEqualTo("0352C5320131227220503");
        assertThat(s.header().sequenceNumber()).isEqualTo("130000005");
        Balance open = s.openingBalance().orElseThrow();
        assertThat(open.amount()).isEqualByComparingTo("33.06");
        assertThat(open.date()).isEqualTo(LocalDate.of(2013, 12, 27));
        assertThat(open.type()).isEqualTo(BalanceType.PREVIOUSLY_CLOSED_BOOKED);
        Transaction t = s.transactions().get(0);
        assertThat(t.amount()).isEqualByComparingTo("-2.00");
        assertThat(t.amount().scale()).isEqualTo(2);
        assertThat(t.currency()).isEqualTo("EUR");
        assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2013, 12, 27));
        assertThat(t.valueDate()).isEqualTo(LocalDate.of(2013, 12, 27));
        assertThat(t.additionalInformation())
                .isEqualTo("Überweisungs-Gutschrift; GVC: SEPA Credit Transfer (Einzelbuchung-Haben)");
        assertThat(t.details()).containsEntry("entryAccountServicerReference", "2013122710583450000");
        assertThat(t.counterparty().iban()).isEqualTo("DE09300606010012345671");
        assertThat(t.counterparty().bic()).isEqualTo("DAAEDEDDXXX");
        assertThat(t.remittanceInformation()).isEqualTo("TEST BERWEISUNG MITTELS BLZUND KONTONUMMER - DTA");
        assertThat(t.endToEndId()).isEqualTo("EndToEndReference");
        assertThat(t.mandateId()).isEqualTo("MandateReference");
        assertThat(t.creditorId()).isEqualTo("CreditorIdentifier");
        assertThat(s.transactions()).hasSize(5); // 4 entries, the last one a batch of 2 TxDtls
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void viafintech053v8_rfReferenceAndFx() throws Exception {
        Statement s = Fixtures.single("camt/viafintech-053-valid_example_v8.xml");
        assertThat(s.statementId()).isEqualTo("R30B4SA880HMZ9XA");
        assertThat(s.header().sequenceNumber()).isEqualTo("122");
        assertThat(s.header().fromDateTime().toString()).isEqualTo("2023-06-20T00:00+02:00");
        assertThat(s.header().toDateTime().toString()).isEqualTo("2023-06-20T23:59:59+02:00");
        assertThat(s.transactions().get(0).remittanceInformation()).isEqualTo("INVOICE R77561");
        Transaction t1 = s.transactions().get(1);
        assertThat(t1.amount()).isEqualByComparingTo("88.85");
        assertThat(t1.counterparty().name()).isEqualTo("Finanz AG");
        assertThat(t1.creditorReference())
                .isEqualTo(new CreditorReference("RF38000000000000000000552", ReferenceType.ISO11649));
        assertThat(t1.bankTransactionCode().proprietary()).isEqualTo("A90");
        assertThat(t1.bankReference()).isEqualTo("0123171DO5126811");
        assertThat(t1.endToEndId()).isEqualTo("435A9287E088BDB1D97FAABD181C70C8");
        Transaction t2 = s.transactions().get(2);
        assertThat(t2.amount()).isEqualByComparingTo("-20.97");
        assertThat(t2.currency()).isEqualTo("EUR");
        assertThat(t2.originalAmount()).isEqualByComparingTo("19.69");
        assertThat(t2.originalCurrency()).isEqualTo("CHF");
        assertThat(t2.exchangeRate()).isEqualByComparingTo("0.9433");
    }

    @Test
    void viafintech053Batch_batchDetailsWithoutTransactions() throws Exception {
        Statement s = Fixtures.single("camt/viafintech-053-valid_example_with_batch.xml");
        Transaction t = s.transactions().get(0);
        assertThat(t.details())
                .containsEntry("batchPaymentInformationId", "O0OpeAYTkhjerKu3eE9asw")
                .containsEntry("batchNumberOfTransactions", "3")
                .containsEntry("batchMessageId", "02453b1e17c11241073a777ad9c273b4149");
        assertThat(amounts(s)).containsExactly("-4753.74", "2688.00", "5000.00");
    }

    @Test
    void viafintech053InstdAmt() throws Exception {
        Transaction t = Fixtures.single("camt/viafintech-053-valid_example_with_instdamt.xml")
                .transactions()
                .get(0);
        assertThat(t.amount()).isEqualByComparingTo("4500.00");
        assertThat(t.currency()).isEqualTo("CHF");
    }

    @Test
    void viafintech053DateTime_bookingDateTimeNoValueDate() throws Exception {
        Statement s = Fixtures.single("camt/viafintech-053-valid_example_with_datetime.xml");
        Transaction t = s.transactions().get(0);
        assertThat(t.bookingTime().dateTime().toString()).isEqualTo("2023-06-21T12:35:33.115965");
        assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2023, 6, 21));
        assertThat(t.valueDate()).isNull();
        assertThat(t.valueTime()).isNull();
        assertThat(s.accountId()).isEqualTo("11111111");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("606.80");
    }

    @Test
    void viafintech052_report() throws Exception {
        Statement s = Fixtures.single("camt/viafintech-052-valid_example.xml");
        assertThat(s.format()).isEqualTo(StatementFormat.CAMT_052);
        assertThat(s.statementId()).isEqualTo("0352C5220131227110203");
        assertThat(s.header().fromDateTime()).isNull();
        assertThat(s.header().toDateTime()).isNull();
        assertThat(s.openingBalance()).isPresent();
        assertThat(s.closingBalance()).isPresent();
    }

    @Test
    void viafintech054_notificationWithReversals() throws Exception {
        Statement s = Fixtures.single("camt/viafintech-054-valid_example.xml");
        assertThat(s.format()).isEqualTo(StatementFormat.CAMT_054);
        assertThat(s.statementId()).isEqualTo("20160410375204000131032");
        assertThat(s.header().fromDateTime()).isNotNull();
        assertThat(s.header().toDateTime()).isNotNull();
        assertThat(s.transactions()).hasSize(5);
        assertThat(s.transactions()).filteredOn(Transaction::reversal).hasSize(2);
    }

    @Test
    void hbci4java052_germanProprietaryCodes() throws Exception {
        Statement s = Fixtures.single("camt/hbci4java-camt052.001.02.xml");
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("100");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("110.50");
        assertThat(s.closingBalance().orElseThrow().date()).isEqualTo(LocalDate.of(2018, 7, 20));
        assertThat(s.accountIban()).isEqualTo("DE12345678901234567890");
        assertThat(s.header().account().bic()).isEqualTo("ABCDEFG1ABC");
        assertThat(s.transactions()).hasSize(2);
        Transaction t0 = s.transactions().get(0);
        assertThat(t0.amount()).isEqualByComparingTo("10");
        assertThat(t0.valueDate()).isEqualTo(LocalDate.of(2018, 7, 21));
        assertThat(t0.bankTransactionCode().proprietary()).startsWith("NSTO+152+9201");
        assertThat(t0.purposeCode()).isEqualTo("RINP");
        assertThat(t0.additionalInformation()).isEqualTo("DAUERAUFTRAG");
        assertThat(t0.remittanceInformation()).isEqualTo("Verwendungszweck 1");
        assertThat(t0.counterparty().name()).isEqualTo("Max Mustermann");
        assertThat(t0.counterparty().iban()).isEqualTo("DE12345678901234567891");
        assertThat(t0.bankReference()).isEqualTo("2018-07-20-07.51.25.370057");
        Transaction t1 = s.transactions().get(1);
        assertThat(t1.amount()).isEqualByComparingTo("0.50");
        assertThat(t1.valueDate()).isEqualTo(LocalDate.of(2018, 7, 22));
        assertThat(t1.purposeCode()).isEqualTo("DEPT");
        assertThat(t1.additionalInformation()).isEqualTo("EINZAHLUNG");
        assertThat(t1.counterparty().name()).isEqualTo("Bert Bezahler");
    }

    @Test
    void hbci4java052v8_directDebit() throws Exception {
        Statement s = Fixtures.single("camt/hbci4java-camt052.001.08-lastschrift.xml");
        assertThat(s.transactions()).hasSize(1);
        Transaction t = s.transactions().get(0);
        assertThat(t.amount()).isEqualByComparingTo("-34");
        assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2023, 11, 10));
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("100");
        assertThat(s.openingBalance().orElseThrow().date()).isEqualTo(LocalDate.of(2023, 11, 8));
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("66");
        assertThat(s.closingBalance().orElseThrow().date()).isEqualTo(LocalDate.of(2023, 11, 10));
        assertThat(t.bankTransactionCode().proprietary())
                .contains("105")
                .contains("9200")
                .contains("992");
        assertThat(t.counterparty()).isEqualTo(new Party("Beispiel AG", "DE12345678901234567892", null, "ABCDEFG1CBA"));
        assertThat(t.creditorId()).isEqualTo("DE46ZZZ00000012345");
        assertThat(t.remittanceInformation()).isEqualTo("Verwendungszweck");
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void hbci4java052v8_balancesWithThirteenDecimalsDoNotThrow() throws Exception {
        Statement s = Fixtures.single("camt/hbci4java-camt052.001.08-invalid-saldo.xml");
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("100.0000000000005");
        assertThat(s.warnings()).anyMatch(w -> w.contains("more decimals"));
    }

    @Test
    void kedderGcamp6_currencyXxx() throws Exception {
        Statement s = Fixtures.single("camt/kedder-gcamp6.xml");
        assertThat(s.accountIban()).isEqualTo("CH2609000000924238861");
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("0");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("10000");
        assertThat(s.transactions()).hasSize(5);
        Transaction t = s.transactions().get(0);
        assertThat(t.amount()).isEqualByComparingTo("10000");
        assertThat(t.additionalInformation()).isEqualTo("Account Transfer");
        assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2016, 4, 23));
        assertThat(t.bankReference()).isEqualTo("20160423000805545979476000000012");
        // ofxstatement refuses XXX without configured currency; we parse and warn
        assertThat(s.warnings()).anyMatch(w -> w.contains("XXX"));
    }

    @Test
    void kedderCamt053_nonIbanAccount() throws Exception {
        Statement s = Fixtures.single("camt/kedder-camt053.xml");
        assertThat(s.currency()).isEqualTo("CHF");
        assertThat(s.header().account().iban()).isNull();
        assertThat(s.openingBalance().orElseThrow().amount()).isEqualByComparingTo("832.01");
        assertThat(s.closingBalance().orElseThrow().amount()).isEqualByComparingTo("2116.31");
        assertThat(s.closingBalance().orElseThrow().date()).isEqualTo(LocalDate.of(2023, 1, 25));
        assertThat(amounts(s)).containsExactly("1284.30");
        assertThat(s.transactions().get(0).remittanceInformation()).isEqualTo("PAYMENT INFO");
        assertThat(s.transactions().get(0).bankReference()).isEqualTo("A032-J30K20-03-JF021");
        assertThat(d("1284.30")).isEqualByComparingTo(s.sum());
    }
}
