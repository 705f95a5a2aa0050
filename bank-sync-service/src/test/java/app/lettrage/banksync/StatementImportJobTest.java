package app.lettrage.banksync;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.banksync.service.ImportJob;
import app.lettrage.banksync.service.ImportJobMetrics;
import app.lettrage.banksync.service.ImportWorkers;
import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * POST /api/accounts/{id}/statements as an import job (raw body and multipart, formats detected or named, CSV with a
 * preset or a declared mapping), polled at /api/import-jobs/{id}; with small statement files written here. The test
 * profile stores 2 entries per batch, so every file here spans several batches.
 */
@QuarkusTest
class StatementImportJobTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ImportWorkers workers;

    @Inject
    ImportJobMetrics jobMetrics;

    @Inject
    MeterRegistry meters;

    @TestHTTPResource("/")
    URI base;

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
        return String.join(
                        "\r\n",
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
                        "-")
                + "\r\n";
    }

    static String ibanOf(String account) {
        return given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/accounts/" + account)
                .then()
                .statusCode(200)
                .extract()
                .path("iban");
    }

    static ValidatableResponse upload(String user, String account, String contentType, byte[] body, String format) {
        var request = given().header("Authorization", Tokens.bearer(user))
                .contentType(contentType)
                .body(body);
        if (format != null) {
            request = request.queryParam("format", format);
        }
        return request.post("/api/accounts/" + account + "/statements").then();
    }

    static ValidatableResponse upload(String user, String account, String contentType, String body, String format) {
        return upload(user, account, contentType, body.getBytes(StandardCharsets.UTF_8), format);
    }

    static ValidatableResponse uploadMultipart(
            String user, String account, String fileName, byte[] file, String... fields) {
        var request = given().header("Authorization", Tokens.bearer(user))
                .multiPart("file", fileName, file, "application/octet-stream");
        for (int i = 0; i < fields.length; i += 2) {
            request = request.multiPart(new MultiPartSpecBuilder(fields[i + 1])
                    .controlName(fields[i])
                    .mimeType("text/plain")
                    .charset(StandardCharsets.UTF_8)
                    .build());
        }
        return request.post("/api/accounts/" + account + "/statements").then();
    }

    /** Checks the 202 answer of an upload and returns its job id. */
    static String accepted(ValidatableResponse r) {
        var response = r.extract();
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(202);
        JsonPath body = response.jsonPath();
        String id = body.getString("id");
        assertThat(r.extract().header("Location")).endsWith("/api/import-jobs/" + id);
        assertThat(body.getString("status")).isIn("QUEUED", "RUNNING", "SUCCEEDED");
        return id;
    }

    /** Polls the job until it is done, as a frontend would. */
    static JsonPath awaitDone(String user, String jobId) {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last[0] = given().header("Authorization", Tokens.bearer(user))
                            .get("/api/import-jobs/" + jobId)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    String status = last[0].getString("status");
                    assertThat(last[0].getInt("entriesRead")).isLessThanOrEqualTo(last[0].getInt("entriesTotal"));
                    return status.equals("SUCCEEDED") || status.equals("FAILED");
                });
        return last[0];
    }

    static JsonPath succeeded(String user, String jobId) {
        JsonPath job = awaitDone(user, jobId);
        assertThat(job.getString("status")).as(job.prettify()).isEqualTo("SUCCEEDED");
        assertThat(job.getString("error")).isNull();
        assertThat(job.getString("startedAt")).isNotNull();
        assertThat(job.getString("finishedAt")).isNotNull();
        assertThat(job.getInt("entriesRead")).isEqualTo(job.getInt("entriesTotal"));
        return job;
    }

    static List<String> jobIds(String user, String account) {
        return given().header("Authorization", Tokens.bearer(user))
                .get("/api/accounts/" + account + "/import-jobs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
    }

    @Test
    void camt053IsImportedByAJobPublishedOnceAndReimportAddsNothing() throws Exception {
        String account = Api.createAccount("alice", "EUR");
        String iban = ibanOf(account);
        String key = "acme:" + account;
        String file = camt053(iban, "EUR");
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            String jobId = accepted(upload("arthur", account, "application/xml", file, null));
            JsonPath job = succeeded("vera", jobId);
            assertThat(job.getString("format")).isEqualTo("CAMT_053");
            assertThat(job.getString("accountId")).isEqualTo(account);
            assertThat(job.getInt("statements")).isEqualTo(1);
            assertThat(job.getInt("entriesTotal")).isEqualTo(3);
            assertThat(job.getInt("newTransactions")).isEqualTo(3);
            assertThat(job.getInt("duplicates")).isZero();
            assertThat(job.getInt("rejected")).isZero();
            assertThat(job.getList("rejections")).isEmpty();
            assertThat(job.getString("createdBy")).isEqualTo("arthur");
            assertThat(job.getLong("fileBytes")).isEqualTo(file.getBytes(StandardCharsets.UTF_8).length);
            assertThat(Api.storedTransactions(account)).isEqualTo(3);

            List<ConsumerRecord<String, String>> events = new java.util.ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                events.clear();
                probe.all().stream().filter(r -> key.equals(r.key())).forEach(events::add);
                return events.size() >= 3;
            });
            assertThat(events).hasSize(3);
            for (ConsumerRecord<String, String> r : events) {
                EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, r.value());
                TransactionImported e = EventJson.read(r.value(), TransactionImported.class);
                assertThat(e.source()).isEqualTo(TransactionImported.Source.FILE);
                assertThat(e.accountIban()).isEqualTo(iban);
                assertThat(TopicProbe.header(r, CloudEventHeaders.SUBJECT)).isEqualTo(e.transactionId());
            }
            // in file order, across batches
            List<TransactionImported> published = events.stream()
                    .map(r -> EventJson.read(r.value(), TransactionImported.class))
                    .toList();
            assertThat(published)
                    .extracting(TransactionImported::amount)
                    .containsExactly(new BigDecimal("1250.00"), new BigDecimal("-80.50"), new BigDecimal("-30.00"));
            TransactionImported first = published.get(0);
            assertThat(first.bookingDate()).isEqualTo(LocalDate.of(2026, 11, 20));
            assertThat(first.counterpartyName()).isEqualTo("Dupont SARL");
            assertThat(first.counterpartyIban()).isEqualTo("FR1420041010050500013M02606");
            assertThat(first.structuredReference()).isEqualTo("RF18539007547034");
            assertThat(first.structuredReferenceType()).isEqualTo(ReferenceType.ISO11649);
            assertThat(first.endToEndId()).isEqualTo("E2E-CAMT-1");
            assertThat(first.bankTransactionCode()).isEqualTo("PMNT-RCDT-ESCT");

            JsonPath list = given().header("Authorization", Tokens.bearer("vera"))
                    .get("/api/accounts/" + account + "/transactions")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(list.getList("source")).containsOnly("FILE");
            assertThat(list.getList("id"))
                    .containsExactlyInAnyOrderElementsOf(published.stream()
                            .map(TransactionImported::transactionId)
                            .toList());
            assertThat(list.getList("amount")).containsExactlyInAnyOrder("1250.00", "-80.50", "-30.00");

            // the same file again, as multipart with its format named: nothing stored, nothing published
            String again = accepted(uploadMultipart(
                    "alice", account, "stmt.xml", file.getBytes(StandardCharsets.UTF_8), "format", "camt.053"));
            JsonPath second = succeeded("alice", again);
            assertThat(second.getString("fileName")).isEqualTo("stmt.xml");
            assertThat(second.getInt("entriesRead")).isEqualTo(3);
            assertThat(second.getInt("newTransactions")).isZero();
            assertThat(second.getInt("duplicates")).isEqualTo(3);
            assertThat(Api.storedTransactions(account)).isEqualTo(3);
            assertThat(Api.outboxEvents("acme", account)).isEqualTo(3);
            String sentinel = Api.importOk(
                            "arthur", account, List.of(Api.entry("7.00", "2026-11-22", "Sentinel", null)))
                    .getList("transactionIds")
                    .get(0)
                    .toString();
            probe.await(r -> sentinel.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            assertThat(probe.all().stream().filter(r -> key.equals(r.key())).count())
                    .isEqualTo(4);

            // the account's jobs, newest first
            assertThat(jobIds("vera", account)).containsExactly(again, jobId);
        }
    }

    @Test
    void mt940AsMultipartIsImportedOnce() {
        String account = Api.createAccount("alice", "EUR");
        String file = mt940(ibanOf(account), null);
        String jobId =
                accepted(uploadMultipart("arthur", account, "releve.sta", file.getBytes(StandardCharsets.UTF_8)));
        JsonPath job = succeeded("arthur", jobId);
        assertThat(job.getString("format")).isEqualTo("MT940");
        assertThat(job.getInt("newTransactions")).isEqualTo(3);
        JsonPath list = given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(list.getList("amount")).containsExactlyInAnyOrder("500.00", "-25.40", "9.99");
        assertThat(list.getList("bankReference")).contains("MT-BANK-0001");

        JsonPath again = succeeded("alice", accepted(upload("alice", account, "text/plain", file, "MT940")));
        assertThat(again.getInt("newTransactions")).isZero();
        assertThat(again.getInt("duplicates")).isEqualTo(3);
        assertThat(Api.storedTransactions(account)).isEqualTo(3);
        assertThat(Api.outboxEvents("acme", account)).isEqualTo(3);
    }

    @Test
    void theImportJobMetricsCountEachEndOnceAndEveryJobByState() throws Throwable {
        double before = finished("SUCCEEDED");
        String account = Api.createAccount("alice", "EUR");
        succeeded("alice", accepted(upload("alice", account, "text/plain", mt940(ibanOf(account), null), "MT940")));
        Awaitility.await().atMost(WAIT).until(() -> finished("SUCCEEDED") == before + 1);

        // the gauge agrees with the table (waited for: other tests' jobs may end between the two reads)
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Long> stored = new HashMap<>();
            try (Connection c = ServiceTestStack.database().connect();
                    PreparedStatement s =
                            c.prepareStatement("SELECT status, count(*) FROM import_job GROUP BY status");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getString(1), rs.getLong(2));
                }
            }
            VertxContextSupport.subscribeAndAwait(jobMetrics::measure);
            for (ImportJob.Status status : ImportJob.Status.values()) {
                assertThat(meters.get("lettrage.import.jobs")
                                .tag("state", status.name())
                                .gauge()
                                .value())
                        .as(status.name())
                        .isEqualTo(stored.getOrDefault(status.name(), 0L).doubleValue());
            }
        });
        assertThat(finished("SUCCEEDED")).as("counted once").isEqualTo(before + 1);
    }

    private double finished(String state) {
        return meters.get("lettrage.import.jobs.finished")
                .tag("state", state)
                .counter()
                .count();
    }

    @Test
    void csvWithAPresetAndWithADeclaredMapping() {
        String account = Api.createAccount("alice", "EUR");
        String generic = """
                Date,Amount,Currency,Counterparty,IBAN,Description,Reference
                2026-11-18,1200.00,EUR,Dupont SARL,FR1420041010050500013M02606,Facture FV-2026-00007,CSV-REF-1
                2026-11-19,-45.10,EUR,Papeterie Martin,,Fournitures,
                """;
        JsonPath viaPreset = succeeded(
                "arthur",
                accepted(given().header("Authorization", Tokens.bearer("arthur"))
                        .contentType("text/csv")
                        .queryParam("csvPreset", "generic")
                        .body(generic)
                        .post("/api/accounts/" + account + "/statements")
                        .then()));
        assertThat(viaPreset.getString("format")).isEqualTo("CSV");
        assertThat(viaPreset.getString("csvMapping")).isEqualTo("preset:generic");
        assertThat(viaPreset.getInt("newTransactions")).isEqualTo(2);

        // a French export: semicolons, decimal comma, dd/MM/yyyy, debit and credit columns, Windows-1252
        String french = "Date;Tiers;Libellé;Débit;Crédit\r\n"
                + "20/11/2026;Société Générale;Prélèvement échéance;1 234,56;\r\n"
                + "21/11/2026;Durand & Fils;Règlement facture;;99,90\r\n";
        String mapping = """
                {"delimiter": ";", "decimalSeparator": ",", "dateFormat": "dd/MM/yyyy", "encoding": "windows-1252",
                 "sign": "DEBIT_CREDIT_COLUMNS",
                 "columns": {"bookingDate": "Date", "counterpartyName": "Tiers", "remittance": "Libellé",
                             "debit": "Débit", "credit": "Crédit"}}""";
        JsonPath declared = succeeded(
                "arthur",
                accepted(uploadMultipart(
                        "arthur",
                        account,
                        "export.csv",
                        french.getBytes(Charset.forName("windows-1252")),
                        "csvMapping",
                        mapping)));
        assertThat(declared.getInt("newTransactions")).isEqualTo(2);
        JsonPath list = given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/accounts/" + account + "/transactions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(list.getList("amount")).containsExactlyInAnyOrder("1200.00", "-45.10", "-1234.56", "99.90");
        assertThat(list.getList("counterpartyName")).contains("Société Générale", "Durand & Fils");
        assertThat(list.getList("remittanceInformation")).contains("Prélèvement échéance");

        // a CSV without its columns: 400 naming the parameter when the format is named, 422 when detected
        upload("arthur", account, "text/csv", generic, "csv")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("csvPreset"));
        upload("arthur", account, "text/csv", generic, null)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("CSV"));
        // a mapping that does not make sense: 400 naming csvMapping
        given().header("Authorization", Tokens.bearer("arthur"))
                .contentType("text/csv")
                .queryParam("csvMapping", "{\"delimiter\": \";;\", \"columns\": {\"bookingDate\": \"Date\"}}")
                .body(generic)
                .post("/api/accounts/" + account + "/statements")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("csvMapping"));
        given().header("Authorization", Tokens.bearer("arthur"))
                .contentType("text/csv")
                .queryParam("csvPreset", "nope")
                .body(generic)
                .post("/api/accounts/" + account + "/statements")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("csvPreset"));
        assertThat(Api.storedTransactions(account)).isEqualTo(4);
        assertThat(jobIds("arthur", account)).hasSize(2);
    }

    @Test
    void anEntryThatCannotBeImportedIsRejectedWithItsLineAndTheOthersAreImported() {
        String account = Api.createAccount("alice", "EUR");
        String file = camt053(ibanOf(account), "USD");
        int secondEntry = file.indexOf("<Ntry>", file.indexOf("<Ntry>") + 1);
        long line =
                file.substring(0, secondEntry).chars().filter(c -> c == '\n').count() + 1;
        JsonPath job = succeeded("arthur", accepted(upload("arthur", account, "application/xml", file, null)));
        assertThat(job.getInt("entriesTotal")).isEqualTo(3);
        assertThat(job.getInt("newTransactions")).isEqualTo(2);
        assertThat(job.getInt("rejected")).isEqualTo(1);
        assertThat(job.getInt("rejections[0].entry")).isEqualTo(2);
        assertThat(job.getLong("rejections[0].line")).isEqualTo(line);
        assertThat(job.getString("rejections[0].reason")).contains("entry 2", "line " + line, "USD", "EUR");
        assertThat(Api.storedTransactions(account)).isEqualTo(2);
    }

    @Test
    void unreadableFilesAreRejectedBeforeAnyJobExists() throws Exception {
        String account = Api.createAccount("alice", "EUR");
        String iban = ibanOf(account);

        // a broken :61: line: 422 naming the line
        upload("arthur", account, "text/plain", mt940(iban, ":61:26XX1120C500,00NTRFNONREF"), null)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("line 5"));
        uploadMultipart(
                        "arthur",
                        account,
                        "x.sta",
                        mt940(iban, ":61:26XX1120C500,00NTRFNONREF").getBytes(StandardCharsets.UTF_8))
                .statusCode(422)
                .body("detail", containsString("line 5"));
        // not a statement at all
        upload("arthur", account, "application/octet-stream", "hello\nthis is no statement\n", null)
                .statusCode(422)
                .contentType("application/problem+json");
        // another account's statement: 422 naming the statement's account
        String other = Api.freshIban();
        upload("arthur", account, "application/xml", camt053(other, "EUR"), null)
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString(other));
        // an unknown format name
        upload("arthur", account, "text/plain", mt940(iban, null), "pdf")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("format"));
        // empty
        upload("arthur", account, "text/plain", new byte[0], null)
                .statusCode(400)
                .contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("arthur"))
                .multiPart("format", "MT940")
                .post("/api/accounts/" + account + "/statements")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("file"));
        // over the size limit (20000 bytes in the test profile): 413, by Content-Length, by multipart size ...
        upload("arthur", account, "text/plain", "x".repeat(20_001), null)
                .statusCode(413)
                .contentType("application/problem+json")
                .body("detail", containsString("20000"));
        uploadMultipart("arthur", account, "big.sta", "x".repeat(20_001).getBytes(StandardCharsets.UTF_8))
                .statusCode(413)
                .contentType("application/problem+json");
        // ... and while streaming a body of unknown length (chunked): it stops reading past the limit
        byte[] big = mt940(iban, null).repeat(200).getBytes(StandardCharsets.UTF_8);
        assertThat(big.length).isGreaterThan(20_000);
        HttpResponse<String> chunked = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/api/accounts/" + account + "/statements"))
                                .header("Authorization", Tokens.bearer("arthur"))
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("20000");
        // a small chunked upload is fine
        HttpResponse<String> small = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("/api/accounts/" + account + "/statements"))
                                .header("Authorization", Tokens.bearer("arthur"))
                                .header("Content-Type", "text/plain")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                                        mt940(iban, null).getBytes(StandardCharsets.UTF_8))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).as(small.body()).isEqualTo(202);
        String jobId = JsonPath.from(small.body()).getString("id");
        assertThat(succeeded("arthur", jobId).getInt("newTransactions")).isEqualTo(3);

        // none of the rejected uploads left a job or a transaction
        assertThat(jobIds("arthur", account)).containsExactly(jobId);
        assertThat(Api.storedTransactions(account)).isEqualTo(3);
        assertThat(Api.outboxEvents("acme", account)).isEqualTo(3);
    }

    @Test
    void rolesAndTenancy() {
        String account = Api.createAccount("alice", "EUR");
        String file = mt940(ibanOf(account), null);
        upload("vera", account, "text/plain", file, null).statusCode(403).contentType("application/problem+json");
        upload("bruno", account, "text/plain", file, null).statusCode(404).contentType("application/problem+json");
        uploadMultipart("bruno", account, "x.sta", file.getBytes(StandardCharsets.UTF_8))
                .statusCode(404)
                .contentType("application/problem+json");
        upload("arthur", UUID.randomUUID().toString(), "text/plain", file, null)
                .statusCode(404)
                .contentType("application/problem+json");
        assertThat(Api.storedTransactions(account)).isZero();

        String jobId = accepted(upload("arthur", account, "text/plain", file, null));
        succeeded("arthur", jobId);
        given().header("Authorization", Tokens.bearer("bruno"))
                .get("/api/import-jobs/" + jobId)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("bruno"))
                .get("/api/accounts/" + account + "/import-jobs")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/import-jobs/" + UUID.randomUUID())
                .then()
                .statusCode(404);
        given().get("/api/import-jobs/" + jobId).then().statusCode(401);
    }

    @Test
    void concurrentUploadsOfOneFileStoreItOnce() {
        String account = Api.createAccount("alice", "EUR");
        byte[] file = camt053(ibanOf(account), "EUR").getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<String>> uploads = List.of(
                CompletableFuture.supplyAsync(() -> accepted(upload("arthur", account, "application/xml", file, null))),
                CompletableFuture.supplyAsync(() -> accepted(uploadMultipart("alice", account, "a.xml", file))));
        List<JsonPath> done = uploads.stream()
                .map(CompletableFuture::join)
                .map(id -> succeeded("arthur", id))
                .toList();
        assertThat(done.stream().mapToInt(j -> j.getInt("newTransactions")).sum())
                .isEqualTo(3);
        assertThat(done.stream().mapToInt(j -> j.getInt("duplicates")).sum()).isEqualTo(3);
        assertThat(Api.storedTransactions(account)).isEqualTo(3);
        assertThat(Api.outboxEvents("acme", account)).isEqualTo(3);
    }

    /**
     * A job left RUNNING by an instance that died is claimed by another one (ImportResumeTest resumes one); one whose
     * upload is not stored (received by the release that kept uploads on a pod's disk) cannot be resumed, and is marked
     * FAILED instead of being left RUNNING. A job whose instance still renews its lease is left alone.
     */
    @Test
    void aJobLeftRunningWithoutItsUploadIsMarkedFailedNotLeftRunning() throws SQLException {
        String account = Api.createAccount("alice", "EUR");
        UUID orphan = UUID.randomUUID();
        UUID alive = UUID.randomUUID();
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO import_job (id, tenant_id, account_id, status, format, file_bytes, statements, entries_total,"
                                + " entries_read, created_at, started_at, heartbeat_at, owner)"
                                + " VALUES (?, 'acme', ?::uuid, 'RUNNING', 'CAMT_053', 1000, 1, 10, 4, now() - interval '10 minutes',"
                                + " now() - interval '10 minutes', now() - ?::interval, 'an-instance-that-died')")) {
            s.setObject(1, orphan);
            s.setString(2, account);
            s.setString(3, "5 minutes");
            s.executeUpdate();
            s.setObject(1, alive);
            s.setString(3, "1 second");
            s.executeUpdate();
        }
        double failedBefore = finished("FAILED");
        workers.wake();
        JsonPath failed = awaitDone("vera", orphan.toString());
        assertThat(failed.getString("status")).isEqualTo("FAILED");
        Awaitility.await().atMost(WAIT).until(() -> finished("FAILED") == failedBefore + 1);
        assertThat(failed.getString("error")).contains("interrupted", "upload the file again");
        assertThat(failed.getString("finishedAt")).isNotNull();
        assertThat(failed.getInt("entriesRead")).isEqualTo(4);
        // a job whose instance still renews its lease is left alone
        given().header("Authorization", Tokens.bearer("vera"))
                .get("/api/import-jobs/" + alive)
                .then()
                .statusCode(200)
                .body("status", equalTo("RUNNING"));
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement("UPDATE import_job SET status = 'FAILED' WHERE id = ?")) {
            s.setObject(1, alive); // not to be claimed by a later test's workers once its lease expires
            s.executeUpdate();
        }
    }
}
