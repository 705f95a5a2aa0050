package app.lettrage.systemtests;

import static app.lettrage.systemtests.EndToEndIT.as;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.identifiers.Iban;
import app.lettrage.testsupport.TopicProbe;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statement files through bank-sync-service on the real stack: a camt.053 and an MT940 file (written here) are each
 * uploaded to a fresh account, their import jobs polled to SUCCEEDED, their TransactionImported events read from
 * bank-transactions; the same files uploaded again store and publish nothing.
 */
class StatementImportIT {

    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L);
    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    @BeforeAll
    static void startStack() {
        Stack.ensureUp();
    }

    /** A German IBAN nobody used in this run, with correct check digits. */
    static String freshIban() {
        return Iban.of("DE", "50010517" + String.format("%010d", NEXT.incrementAndGet()));
    }

    static String createAccount(String iban) {
        return as("alice", Stack.BANK_SYNC)
                .contentType(ContentType.JSON)
                .body("{\"iban\": \"" + iban + "\", \"currency\": \"EUR\", \"name\": \"Import " + iban + "\"}")
                .post("/api/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /**
     * camt.053.001.08 with {@code amounts.length} booked entries on one day; even entries carry a bank reference,
     * odd ones none, and the last two are identical without reference (two genuine payments, both kept).
     */
    static String camt053(String iban, String... amounts) {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < amounts.length; i++) {
            boolean twin = i >= amounts.length - 2;
            boolean credit = !amounts[i].startsWith("-");
            String amount = amounts[i].replace("-", "");
            entries.append("      <Ntry>\n")
                    .append("        <Amt Ccy=\"EUR\">")
                    .append(amount)
                    .append("</Amt><CdtDbtInd>")
                    .append(credit ? "CRDT" : "DBIT")
                    .append("</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>\n")
                    .append("        <BookgDt><Dt>")
                    .append(DAY)
                    .append("</Dt></BookgDt><ValDt><Dt>")
                    .append(DAY)
                    .append("</Dt></ValDt>\n");
            if (i % 2 == 0 && !twin) {
                entries.append("        <AcctSvcrRef>IT-CAMT-")
                        .append(iban, 14, 22)
                        .append('-')
                        .append(i)
                        .append("</AcctSvcrRef>\n");
            }
            entries.append("        <NtryDtls><TxDtls>\n")
                    .append("          <RltdPties><")
                    .append(credit ? "Dbtr" : "Cdtr")
                    .append("><Pty><Nm>")
                    .append(twin ? "Parking Centre" : "Partner " + i)
                    .append("</Nm></Pty></")
                    .append(credit ? "Dbtr" : "Cdtr")
                    .append("></RltdPties>\n")
                    .append("          <RmtInf><Ustrd>")
                    .append(twin ? "Ticket" : "Facture IT-" + i)
                    .append("</Ustrd></RmtInf>\n")
                    .append("        </TxDtls></NtryDtls>\n")
                    .append("      </Ntry>\n");
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>IT-%1$s</MsgId><CreDtTm>2026-11-25T06:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>IT-STMT-%1$s</Id>
                      <CreDtTm>2026-11-25T06:00:00</CreDtTm>
                      <Acct><Id><IBAN>%1$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                %2$s    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(iban, entries);
    }

    /** MT940 with one statement of {@code amounts.length} entries (C/D by sign), alternately with a bank reference. */
    static String mt940(String iban, String... amounts) {
        List<String> lines =
                new ArrayList<>(List.of(":20:IT-MT940", ":25:" + iban, ":28C:00007/001", ":60F:C261123EUR0,00"));
        String yymmdd = "261124";
        for (int i = 0; i < amounts.length; i++) {
            boolean credit = !amounts[i].startsWith("-");
            String amount = amounts[i].replace("-", "").replace('.', ',');
            lines.add(":61:" + yymmdd + "1124" + (credit ? "C" : "D") + amount + "NTRFNONREF"
                    + (i % 2 == 0 ? "//ITMT" + iban.substring(16) + i : ""));
            lines.add(":86:Virement client " + i + " facture IT-" + i);
        }
        lines.add(":62F:C261124EUR0,00");
        lines.add("-");
        return String.join("\r\n", lines) + "\r\n";
    }

    static String upload(String account, String contentType, String body) {
        ExtractableResponse<Response> r = as("arthur", Stack.BANK_SYNC)
                .contentType(contentType)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/accounts/" + account + "/statements")
                .then()
                .extract();
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        assertThat(r.header("Location")).endsWith("/api/import-jobs/" + r.path("id"));
        return r.path("id");
    }

    static String uploadMultipart(String account, String fileName, String body) {
        ExtractableResponse<Response> r = as("alice", Stack.BANK_SYNC)
                .multiPart("file", fileName, body.getBytes(StandardCharsets.UTF_8), "application/octet-stream")
                .post("/api/accounts/" + account + "/statements")
                .then()
                .extract();
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        return r.path("id");
    }

    static JsonPath awaitSucceeded(String jobId) {
        JsonPath[] job = new JsonPath[1];
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    job[0] = as("vera", Stack.BANK_SYNC)
                            .get("/api/import-jobs/" + jobId)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    return List.of("SUCCEEDED", "FAILED").contains(job[0].getString("status"));
                });
        assertThat(job[0].getString("status")).as(job[0].prettify()).isEqualTo("SUCCEEDED");
        assertThat(job[0].getInt("entriesRead")).isEqualTo(job[0].getInt("entriesTotal"));
        return job[0];
    }

    /** Imports the file, checks its events, imports it again and checks nothing more is stored or published. */
    private static void importTwice(
            String account, String iban, String format, String contentType, String file, List<BigDecimal> amounts) {
        String key = "acme:" + account;
        try (TopicProbe probe = new TopicProbe(Stack.bootstrapServers(), Topics.BANK_TRANSACTIONS)) {
            JsonPath job = awaitSucceeded(upload(account, contentType, file));
            assertThat(job.getString("format")).isEqualTo(format);
            assertThat(job.getInt("entriesTotal")).isEqualTo(amounts.size());
            assertThat(job.getInt("newTransactions")).isEqualTo(amounts.size());
            assertThat(job.getInt("duplicates")).isZero();
            assertThat(job.getInt("rejected")).isZero();

            List<ConsumerRecord<String, String>> events = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                events.clear();
                probe.all().stream().filter(r -> key.equals(r.key())).forEach(events::add);
                return events.size() >= amounts.size();
            });
            assertThat(events).hasSize(amounts.size());
            List<TransactionImported> imported = new ArrayList<>();
            for (ConsumerRecord<String, String> r : events) {
                EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, r.value());
                assertThat(TopicProbe.header(r, CloudEventHeaders.TYPE))
                        .isEqualTo(EventType.TRANSACTION_IMPORTED.ceType());
                TransactionImported e = EventJson.read(r.value(), TransactionImported.class);
                assertThat(e.tenantId()).isEqualTo("acme");
                assertThat(e.accountId()).isEqualTo(account);
                assertThat(e.accountIban()).isEqualTo(iban);
                assertThat(e.source()).isEqualTo(TransactionImported.Source.FILE);
                assertThat(e.bookingDate()).isEqualTo(DAY);
                imported.add(e);
            }
            assertThat(imported).extracting(TransactionImported::amount).containsExactlyElementsOf(amounts);
            assertThat(imported).extracting(TransactionImported::transactionId).doesNotHaveDuplicates();

            // the same file again, as multipart: all duplicates, nothing stored, nothing published
            JsonPath again = awaitSucceeded(uploadMultipart(account, "again", file));
            assertThat(again.getInt("newTransactions")).isZero();
            assertThat(again.getInt("duplicates")).isEqualTo(amounts.size());
            assertThat(as("vera", Stack.BANK_SYNC)
                            .queryParam("size", 500)
                            .get("/api/accounts/" + account + "/transactions")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("id"))
                    .hasSize(amounts.size());
            // every record seen during a while longer (the first import's included): still only the first import's
            assertThat(probe.during(Duration.ofSeconds(5), r -> key.equals(r.key())))
                    .extracting(ConsumerRecord::offset)
                    .containsExactlyElementsOf(
                            events.stream().map(ConsumerRecord::offset).toList());
            assertThat(as("vera", Stack.BANK_SYNC)
                            .get("/api/accounts/" + account + "/import-jobs")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("status"))
                    .containsExactly("SUCCEEDED", "SUCCEEDED");
        }
    }

    @Test
    void camt053IsImportedPublishedAndReimportedWithoutDuplicates() {
        String iban = freshIban();
        String account = createAccount(iban);
        String[] amounts = {"1250.00", "-80.50", "19.99", "-4.20", "-4.20"};
        importTwice(
                account,
                iban,
                "CAMT_053",
                "application/xml",
                camt053(iban, amounts),
                List.of(
                        new BigDecimal("1250.00"),
                        new BigDecimal("-80.50"),
                        new BigDecimal("19.99"),
                        new BigDecimal("-4.20"),
                        new BigDecimal("-4.20")));
    }

    @Test
    void mt940IsImportedPublishedAndReimportedWithoutDuplicates() {
        String iban = freshIban();
        String account = createAccount(iban);
        String[] amounts = {"500.00", "-25.40", "9.99", "-120.00"};
        importTwice(
                account,
                iban,
                "MT940",
                "text/plain",
                mt940(iban, amounts),
                List.of(
                        new BigDecimal("500.00"),
                        new BigDecimal("-25.40"),
                        new BigDecimal("9.99"),
                        new BigDecimal("-120.00")));
    }
}
