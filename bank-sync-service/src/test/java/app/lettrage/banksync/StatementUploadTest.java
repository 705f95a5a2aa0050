package app.lettrage.banksync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.TopicProbe;
import app.lettrage.testsupport.Tokens;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** POST /api/accounts/{id}/statements with small statement files written here. */
@QuarkusTest
class StatementUploadTest {

    /** camt.053 with three entries: a credit with a bank reference, a debit without any, a debit with one. */
    static String camt053(String iban, String secondCurrency) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-11-21T08:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>STMT-2026-11-20</Id>
                      <CreDtTm>2026-11-21T08:00:00</CreDtTm>
                      <Acct><Id><IBAN>%s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1000.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
                      <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">2139.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>
                      <Ntry>
                        <Amt Ccy="EUR">1250.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt>
                        <AcctSvcrRef>CAMT-REF-0001</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls><TxDtls>
                          <Refs><EndToEndId>E2E-CAMT-1</EndToEndId></Refs>
                          <RltdPties><Dbtr><Nm>Dupont SARL</Nm></Dbtr><DbtrAcct><Id><IBAN>FR1420041010050500013M02606</IBAN></Id></DbtrAcct></RltdPties>
                          <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                      <Ntry>
                        <Amt Ccy="%s">80.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt>
                        <NtryDtls><TxDtls>
                          <RltdPties><Cdtr><Nm>Fournisseur SA</Nm></Cdtr></RltdPties>
                          <RmtInf><Ustrd>Loyer novembre</Ustrd></RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                      <Ntry>
                        <Amt Ccy="EUR">30.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
                        <BookgDt><Dt>2026-11-20</Dt></BookgDt><ValDt><Dt>2026-11-20</Dt></ValDt>
                        <AcctSvcrRef>CAMT-REF-0003</AcctSvcrRef>
                        <NtryDtls><TxDtls><RmtInf><Ustrd>Frais bancaires</Ustrd></RmtInf></TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(iban, secondCurrency);
    }

    /** MT940 with three entries: with a bank reference, without any reference, with only a customer reference. */
    static String mt940(String iban, String badLine5) {
        return String.join("\r\n",
                ":20:STMT-MT-1",
                ":25:" + iban,
                ":28C:00042/001",
                ":60F:C261119EUR1000,00",
                badLine5 != null ? badLine5 : ":61:2611201120C500,00NTRFNONREF//MT-BANK-0001",
                ":86:Client Martin paiement facture FV-2026-00050",
                ":61:2611211121D25,40NMSCNONREF",
                ":86:Abonnement telephone",
                ":61:2611211121C9,99NTRFCUST-REF-9",
                ":86:Remboursement",
                ":62F:C261121EUR1484,59",
                "-") + "\r\n";
    }

    static String ibanOf(String account) {
        return given().header("Authorization", Tokens.bearer("alice")).get("/api/accounts/" + account)
                .then().statusCode(200).extract().path("iban");
    }

    static ValidatableResponse upload(String user, String account, String contentType, String body, String format) {
        var request = given().header("Authorization", Tokens.bearer(user)).contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8));
        if (format != null) {
            request = request.queryParam("format", format);
        }
        return request.post("/api/accounts/" + account + "/statements").then();
    }

    @Test
    void camt053IsImportedPublishedOnceAndReuploadAddsNothing() throws Exception {
        String account = Api.createAccount("alice", "EUR");
        String iban = ibanOf(account);
        String key = "acme:" + account;
        String file = camt053(iban, "EUR");
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            JsonPath summary = upload("arthur", account, "application/xml", file, null)
                    .statusCode(200).extract().jsonPath();
            assertThat(summary.getString("format")).isEqualTo("CAMT_053");
            assertThat(summary.getInt("statements")).isEqualTo(1);
            assertThat(summary.getInt("entriesRead")).isEqualTo(3);
            assertThat(summary.getInt("imported")).isEqualTo(3);
            assertThat(summary.getInt("duplicates")).isZero();
            List<String> ids = summary.getList("transactionIds");
            assertThat(ids).hasSize(3).doesNotHaveDuplicates();
            assertThat(Api.storedTransactions(account)).isEqualTo(3);

            for (String id : ids) {
                ConsumerRecord<String, String> r = probe.await(x -> id.equals(TopicProbe.header(x, CloudEventHeaders.SUBJECT)),
                        Duration.ofSeconds(20));
                assertThat(r.key()).isEqualTo(key);
                EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, r.value());
                TransactionImported e = EventJson.read(r.value(), TransactionImported.class);
                assertThat(e.source()).isEqualTo(TransactionImported.Source.FILE);
                assertThat(e.accountIban()).isEqualTo(iban);
            }
            TransactionImported first = EventJson.read(probe.await(
                    x -> ids.get(0).equals(TopicProbe.header(x, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(5)).value(),
                    TransactionImported.class);
            assertThat(first.amount()).isEqualTo(new BigDecimal("1250.00"));
            assertThat(first.bookingDate()).isEqualTo(LocalDate.of(2026, 11, 20));
            assertThat(first.counterpartyName()).isEqualTo("Dupont SARL");
            assertThat(first.counterpartyIban()).isEqualTo("FR1420041010050500013M02606");
            assertThat(first.structuredReference()).isEqualTo("RF18539007547034");
            assertThat(first.structuredReferenceType()).isEqualTo(ReferenceType.ISO11649);
            assertThat(first.endToEndId()).isEqualTo("E2E-CAMT-1");
            assertThat(first.bankTransactionCode()).isEqualTo("PMNT-RCDT-ESCT");

            JsonPath list = given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/accounts/" + account + "/transactions")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(list.getList("source")).containsOnly("FILE");
            assertThat(list.getList("amount")).containsExactlyInAnyOrder("1250.00", "-80.50", "-30.00");

            // the same file again (its format given this time): nothing stored, nothing published
            JsonPath again = upload("arthur", account, "application/octet-stream", file, "camt.053")
                    .statusCode(200).extract().jsonPath();
            assertThat(again.getInt("entriesRead")).isEqualTo(3);
            assertThat(again.getInt("imported")).isZero();
            assertThat(again.getInt("duplicates")).isEqualTo(3);
            assertThat(again.getList("transactionIds")).isEmpty();
            assertThat(Api.storedTransactions(account)).isEqualTo(3);
            assertThat(Api.outboxEvents("acme", account)).isEqualTo(3);
            String sentinel = Api.importOk("arthur", account, List.of(Api.entry("7.00", "2026-11-22", "Sentinel", null)))
                    .getList("transactionIds").get(0).toString();
            probe.await(r -> sentinel.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            List<String> subjects = probe.all().stream().filter(r -> key.equals(r.key()))
                    .map(r -> TopicProbe.header(r, CloudEventHeaders.SUBJECT)).toList();
            assertThat(subjects).containsExactly(ids.get(0), ids.get(1), ids.get(2), sentinel);
        }
    }

    @Test
    void mt940IsImportedOnce() throws Exception {
        String account = Api.createAccount("alice", "EUR");
        String iban = ibanOf(account);
        String file = mt940(iban, null);
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            JsonPath summary = upload("arthur", account, "text/plain", file, null).statusCode(200).extract().jsonPath();
            assertThat(summary.getString("format")).isEqualTo("MT940");
            assertThat(summary.getInt("statements")).isEqualTo(1);
            assertThat(summary.getInt("entriesRead")).isEqualTo(3);
            assertThat(summary.getInt("imported")).isEqualTo(3);
            List<String> ids = summary.getList("transactionIds");
            for (String id : ids) {
                ConsumerRecord<String, String> r = probe.await(x -> id.equals(TopicProbe.header(x, CloudEventHeaders.SUBJECT)),
                        Duration.ofSeconds(20));
                EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, r.value());
                assertThat(EventJson.read(r.value(), TransactionImported.class).source())
                        .isEqualTo(TransactionImported.Source.FILE);
            }
            JsonPath list = given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/accounts/" + account + "/transactions")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(list.getList("amount")).containsExactlyInAnyOrder("500.00", "-25.40", "9.99");
            assertThat(list.getList("bankReference")).contains("MT-BANK-0001");

            JsonPath again = upload("alice", account, "application/octet-stream", file, "MT940")
                    .statusCode(200).extract().jsonPath();
            assertThat(again.getInt("imported")).isZero();
            assertThat(again.getInt("duplicates")).isEqualTo(3);
            assertThat(Api.storedTransactions(account)).isEqualTo(3);
            assertThat(Api.outboxEvents("acme", account)).isEqualTo(3);
        }
    }

    @Test
    void badFilesAreRejectedAndNothingIsImported() {
        String account = Api.createAccount("alice", "EUR");
        String iban = ibanOf(account);

        // a broken :61: line: 422 naming the line
        upload("arthur", account, "text/plain", mt940(iban, ":61:26XX1120C500,00NTRFNONREF"), null)
                .statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("line 5"));
        // not a statement at all
        upload("arthur", account, "application/octet-stream", "hello\nthis is no statement\n", null)
                .statusCode(422).contentType("application/problem+json");
        // another account's statement: 422 naming the statement's account
        String other = Api.freshIban();
        upload("arthur", account, "application/xml", camt053(other, "EUR"), null)
                .statusCode(422).contentType("application/problem+json")
                .body("detail", containsString(other));
        // an entry in another currency: 422 naming the entry
        upload("arthur", account, "application/xml", camt053(iban, "USD"), null)
                .statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("entry 2"));
        // an unknown format name
        upload("arthur", account, "text/plain", mt940(iban, null), "pdf")
                .statusCode(400).contentType("application/problem+json");
        // over the size limit (20000 bytes in the test profile): 413
        upload("arthur", account, "text/plain", "x".repeat(20_001), null)
                .statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("20000"));
        assertThat(Api.storedTransactions(account)).isZero();
        assertThat(Api.outboxEvents("acme", account)).isZero();
    }

    @Test
    void rolesAndTenancy() {
        String account = Api.createAccount("alice", "EUR");
        String file = mt940(ibanOf(account), null);
        upload("vera", account, "text/plain", file, null).statusCode(403).contentType("application/problem+json");
        upload("bruno", account, "text/plain", file, null).statusCode(404).contentType("application/problem+json");
        upload("arthur", java.util.UUID.randomUUID().toString(), "text/plain", file, null)
                .statusCode(404).contentType("application/problem+json");
        assertThat(Api.storedTransactions(account)).isZero();
    }
}
