package app.lettrage.banksync;

import static app.lettrage.banksync.Api.entry;
import static app.lettrage.banksync.Api.with;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A line that undoes a payment is imported as a reversal, with its return reason, whatever its source. */
@QuarkusTest
class ReversalImportTest {

    /** camt.053 with a payment and, days later, its return by the debtor's bank (RvslInd, RtrInf/Rsn/Cd). */
    static String camtWithReturn(String iban) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>MSG-R</MsgId><CreDtTm>2026-11-27T08:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>STMT-R</Id>
                      <CreDtTm>2026-11-27T08:00:00</CreDtTm>
                      <Acct><Id><IBAN>%s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Ntry>
                        <Amt Ccy="EUR">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-11-20</Dt></BookgDt>
                        <AcctSvcrRef>R-PAY-1</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>ESDD</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls><TxDtls><Refs><EndToEndId>E2E-DD-1</EndToEndId></Refs></TxDtls></NtryDtls>
                      </Ntry>
                      <Ntry>
                        <Amt Ccy="EUR">300.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-11-26</Dt></BookgDt>
                        <AcctSvcrRef>R-RET-1</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls><TxDtls>
                          <Refs><EndToEndId>E2E-DD-1</EndToEndId></Refs>
                          <RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(iban);
    }

    @Test
    void aStatementsReturnIsPublishedAndShownAsAReversalWithItsReason() {
        String account = Api.createAccount("alice", "EUR");
        String key = "acme:" + account;
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            String job = StatementImportJobTest.accepted(StatementImportJobTest.upload(
                    "arthur",
                    account,
                    "application/xml",
                    camtWithReturn(StatementImportJobTest.ibanOf(account)),
                    null));
            StatementImportJobTest.succeeded("arthur", job);
            List<TransactionImported> events = await(probe, key, 2);
            assertThat(events).extracting(TransactionImported::isReversal).containsExactly(false, true);
            assertThat(events).extracting(TransactionImported::returnReason).containsExactly(null, "AM04");

            JsonPath list = given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/accounts/" + account + "/transactions")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            // newest booking first
            assertThat(list.getList("reversal")).containsExactly(true, false);
            assertThat(list.getList("returnReason")).containsExactly("AM04", null);
        }
    }

    @Test
    void anApiLineIsAReversalWhenFlaggedOrWhenItsCodeIsOfAReturnSubFamily() {
        String account = Api.createAccount("alice", "EUR");
        String key = "acme:" + account;
        List<Map<String, Object>> batch = List.of(
                entry("500.00", "2026-11-20", "Dupont SARL", "FV-1"),
                with(
                        with(entry("-500.00", "2026-11-23", "Dupont SARL", "FV-1"), "reversal", true),
                        "returnReason",
                        "MD06"),
                with(entry("-40.00", "2026-11-24", "Martin", null), "bankTransactionCode", "PMNT-RCDT-RRTN"));
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            Api.importOk("arthur", account, batch);
            List<TransactionImported> events = await(probe, key, 3);
            assertThat(events).extracting(TransactionImported::isReversal).containsExactly(false, true, true);
            assertThat(events).extracting(TransactionImported::returnReason).containsExactly(null, "MD06", null);
        }
        Api.post(
                        "arthur",
                        account,
                        List.of(with(entry("-1.00", "2026-11-24", "X", null), "returnReason", "R".repeat(36))))
                .statusCode(400);
    }

    private static List<TransactionImported> await(TopicProbe probe, String key, int n) {
        List<ConsumerRecord<String, String>> records = new java.util.ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            records.clear();
            probe.all().stream().filter(r -> key.equals(r.key())).forEach(records::add);
            return records.size() >= n;
        });
        records.forEach(r -> {
            EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, r.value());
            assertThat(TopicProbe.header(r, CloudEventHeaders.TENANT_ID)).isEqualTo("acme");
        });
        return records.stream()
                .map(r -> EventJson.read(r.value(), TransactionImported.class))
                .toList();
    }
}
