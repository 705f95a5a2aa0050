package app.lettrage.banksync;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.ExchangeRate;
import app.lettrage.events.InstructedAmount;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A statement line converted from another currency publishes its instructed amount and the bank's rate. */
@QuarkusTest
class ForeignExchangeImportTest {

    /** camt.053 of a CHF account: EUR 1250.00 instructed, rate quoted both ways, and a USD rate without amount. */
    static String camt(String iban) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>MSG-FX</MsgId><CreDtTm>2026-11-27T08:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>STMT-FX</Id>
                      <CreDtTm>2026-11-27T08:00:00</CreDtTm>
                      <Acct><Id><IBAN>%s</IBAN></Id><Ccy>CHF</Ccy></Acct>
                      <Ntry>
                        <Amt Ccy="CHF">1170.45</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-11-20</Dt></BookgDt>
                        <AcctSvcrRef>FX-1</AcctSvcrRef>
                        <NtryDtls><TxDtls>
                          <AmtDtls><InstdAmt><Amt Ccy="EUR">1250.00</Amt>
                            <CcyXchg><SrcCcy>EUR</SrcCcy><TrgtCcy>CHF</TrgtCcy><XchgRate>0.93636</XchgRate></CcyXchg>
                          </InstdAmt></AmtDtls>
                          <RmtInf><Ustrd>Invoice FV-2026-00042</Ustrd></RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                      <Ntry>
                        <Amt Ccy="CHF">1170.45</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-11-21</Dt></BookgDt>
                        <AcctSvcrRef>FX-2</AcctSvcrRef>
                        <NtryDtls><TxDtls>
                          <AmtDtls><InstdAmt><Amt Ccy="EUR">1250.00</Amt>
                            <CcyXchg><SrcCcy>CHF</SrcCcy><TrgtCcy>EUR</TrgtCcy><XchgRate>1.0679653</XchgRate></CcyXchg>
                          </InstdAmt></AmtDtls>
                        </TxDtls></NtryDtls>
                      </Ntry>
                      <Ntry>
                        <Amt Ccy="CHF">800.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-11-22</Dt></BookgDt>
                        <AcctSvcrRef>FX-3</AcctSvcrRef>
                        <NtryDtls><TxDtls>
                          <AmtDtls><TxAmt><Amt Ccy="CHF">800.00</Amt>
                            <CcyXchg><SrcCcy>USD</SrcCcy><TrgtCcy>CHF</TrgtCcy><XchgRate>0.8</XchgRate></CcyXchg>
                          </TxAmt></AmtDtls>
                        </TxDtls></NtryDtls>
                      </Ntry>
                      <Ntry>
                        <Amt Ccy="CHF">55.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-11-23</Dt></BookgDt>
                        <AcctSvcrRef>FX-4</AcctSvcrRef>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(iban);
    }

    @Test
    void aConvertedPaymentCarriesItsInstructedAmountAndTheRateOrientedToTheAccountsCurrency() {
        String account = Api.createAccount("alice", "CHF");
        String key = "acme:" + account;
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            String job = StatementImportJobTest.accepted(StatementImportJobTest.upload(
                    "arthur", account, "application/xml", camt(StatementImportJobTest.ibanOf(account)), null));
            StatementImportJobTest.succeeded("arthur", job);
            List<TransactionImported> events = await(probe, key, 4);
            InstructedAmount eur = new InstructedAmount(new BigDecimal("1250.00"), "EUR");
            assertThat(events.get(0).instructedAmount()).isEqualTo(eur);
            assertThat(events.get(0).exchangeRate()).isEqualTo(new ExchangeRate("EUR", new BigDecimal("0.93636")));
            assertThat(events.get(1).instructedAmount()).isEqualTo(eur);
            assertThat(events.get(1).exchangeRate().currency()).isEqualTo("EUR");
            assertThat(events.get(1).exchangeRate().rate())
                    .as("quoted the other way round, turned to CHF per EUR")
                    .isBetween(new BigDecimal("0.93636"), new BigDecimal("0.93637"));
            assertThat(events.get(2).instructedAmount()).isNull();
            assertThat(events.get(2).exchangeRate()).isEqualTo(new ExchangeRate("USD", new BigDecimal("0.8")));
            assertThat(events.get(3).instructedAmount()).isNull();
            assertThat(events.get(3).exchangeRate()).isNull();
        }
    }

    private static List<TransactionImported> await(TopicProbe probe, String key, int n) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            records.clear();
            probe.all().stream().filter(r -> key.equals(r.key())).forEach(records::add);
            return records.size() >= n;
        });
        records.forEach(r -> EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, r.value()));
        return records.stream()
                .map(r -> EventJson.read(r.value(), TransactionImported.class))
                .toList();
    }
}
