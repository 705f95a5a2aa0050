package app.lettrage.systemtests;

import static app.lettrage.systemtests.EndToEndIT.as;
import static app.lettrage.systemtests.EndToEndIT.awaitInvoice;
import static app.lettrage.systemtests.StatementImportIT.awaitSucceeded;
import static app.lettrage.systemtests.StatementImportIT.createAccount;
import static app.lettrage.systemtests.StatementImportIT.freshIban;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.testsupport.Repo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's restore test: a stack rebuilt from {@code pg_dump} files of the four service databases reaches the same
 * state as the stack they were taken from, and goes on working.
 *
 * <p>On the system tests' stack, tenant acme invoices, imports a statement and is paid, partly pays, cancels; once the
 * pipeline is quiet (no unsent outbox row, no consumer lag: a consistent set of dumps, see docs/operations.md) the
 * four databases are dumped, restored into new databases and a second stack is started on them with a new, empty
 * Kafka broker ({@link RestoredStack}). Then:
 * <ul>
 *   <li>every object of the run reads the same through the four services' APIs on both stacks;</li>
 *   <li>the restored stack remembers what it did: the same statement uploaded again stores nothing new, and a
 *       retried POST with the first Idempotency-Key answers the first invoice;</li>
 *   <li>it goes on: a new statement pays the invoice left open, on the restored stack only, exactly once.</li>
 * </ul>
 */
class RestoreIT {

    private static final String TAG =
            UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One due date for the run, so that a retried draft carries the very body of the first. */
    private static final LocalDate DUE = LocalDate.now().plusDays(30);
    /** The services' consumer groups (their application.properties): the lag the dumps must not be taken inside. */
    private static final Set<String> GROUPS = Set.of("bank-sync-service", "invoice-service", "reconciliation-service");

    @BeforeAll
    static void startStack() {
        Stack.ensureUp();
    }

    @Test
    void aStackRebuiltFromTheDumpsReachesTheSameStateAndGoesOn() throws Exception {
        // 1. the history to back up
        String iban = freshIban();
        String account = createAccount(iban);
        String payerIban = ReconciliationWorkflowIT.belgianIban();
        String paidAmount = amount();
        String partAmount = amount();
        String openAmount = amount();
        JsonPath paid = issue(Stack.INVOICE, "Restauration Paye " + TAG, paidAmount, null);
        JsonPath part = issue(Stack.INVOICE, "Restauration Partiel " + TAG, partAmount, null);
        JsonPath open = issue(Stack.INVOICE, "Restauration Ouvert " + TAG, openAmount, null);
        String idempotencyKey = "restore-" + TAG;
        String cancelledAmount = amount();
        JsonPath cancelled = issue(Stack.INVOICE, "Restauration Annule " + TAG, cancelledAmount, idempotencyKey);
        // booked on the invoices' issue day (the tenant's, which invoice-service chose), not the JVM's
        LocalDate booked = LocalDate.parse(paid.getString("issueDate"));
        as("alice", Stack.INVOICE)
                .contentType(ContentType.JSON)
                .body("{\"reason\": \"restore test\"}")
                .post("/api/invoices/" + cancelled.getString("id") + "/cancel")
                .then()
                .statusCode(201);
        String half = new BigDecimal(partAmount)
                .divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN)
                .toPlainString();
        String statement = camt053(
                iban,
                "S1",
                booked,
                entry(paidAmount, booked, paid.getString("number"), "R1", payerIban),
                entry(half, booked, part.getString("number"), "R2", payerIban));
        JsonPath firstJob = awaitSucceeded(upload(Stack.BANK_SYNC, account, statement));
        assertThat(firstJob.getInt("newTransactions")).isEqualTo(2);
        awaitInvoice("alice", paid.getString("id"), "PAID", "0.00");
        List<String> ids =
                List.of(paid.getString("id"), part.getString("id"), open.getString("id"), cancelled.getString("id"));

        // 2. a consistent set of dumps: nothing unsent in any outbox, no consumer behind
        awaitQuiet();
        Map<String, JsonNode> before =
                views(Stack.INVOICE, Stack.BANK_SYNC, Stack.RECONCILIATION, Stack.CONSENT, ids, account, firstJob);
        Map<String, Path> dumps = RestoredStack.dump(Repo.root().resolve("system-tests/target/dumps"));
        // the dumps are of this moment: nothing moved while they were taken
        assertThat(views(Stack.INVOICE, Stack.BANK_SYNC, Stack.RECONCILIATION, Stack.CONSENT, ids, account, firstJob))
                .isEqualTo(before);

        try (RestoredStack restored = RestoredStack.restore(dumps)) {
            // 3. the same state through every service's API
            Map<String, JsonNode> after = views(
                    restored.invoice(),
                    restored.bankSync(),
                    restored.reconciliation(),
                    restored.consent(),
                    ids,
                    account,
                    firstJob);
            assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
            for (String view : before.keySet()) {
                assertThat(after.get(view)).as(view).isEqualTo(before.get(view));
            }

            // 4. it remembers: the same statement again stores nothing; the first Idempotency-Key answers the first
            JsonPath again = awaitJob(restored.bankSync(), upload(restored.bankSync(), account, statement));
            assertThat(again.getInt("newTransactions")).isZero();
            assertThat(again.getInt("duplicates")).isEqualTo(2);
            assertThat(createDraft(restored.invoice(), "Restauration Annule " + TAG, cancelledAmount, idempotencyKey))
                    .isEqualTo(cancelled.getString("id"));

            // 5. it goes on, alone: the open invoice is paid on the restored stack, once, and not on the first
            JsonPath second = awaitJob(
                    restored.bankSync(),
                    upload(
                            restored.bankSync(),
                            account,
                            camt053(
                                    iban,
                                    "S2",
                                    booked,
                                    entry(openAmount, booked, open.getString("number"), "R3", payerIban))));
            assertThat(second.getInt("newTransactions")).isEqualTo(1);
            awaitInvoiceOn(restored.invoice(), open.getString("id"), "PAID", "0.00");
            assertThat(payments(restored.invoice(), open.getString("id"))).hasSize(1);
            assertThat(payments(restored.invoice(), paid.getString("id"))).hasSize(1);
            assertThat(invoice(Stack.INVOICE, open.getString("id"))
                            .get("status")
                            .asText())
                    .isEqualTo("ISSUED");
        }
    }

    /**
     * What a person or a subscriber can read of the run's objects, by view name: each invoice with its payments, the
     * account with its transactions and import job, each transaction's reconciliation state, the tenant's consents.
     */
    private static Map<String, JsonNode> views(
            int invoicePort,
            int bankSyncPort,
            int reconciliationPort,
            int consentPort,
            List<String> invoiceIds,
            String account,
            JsonPath job) {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        for (String id : invoiceIds) {
            views.put("invoice " + id, invoice(invoicePort, id));
            views.put("payments of " + id, read(as("alice", invoicePort).get("/api/invoices/" + id + "/payments")));
        }
        views.put("account", read(as("alice", bankSyncPort).get("/api/accounts/" + account)));
        JsonNode lines = read(as("alice", bankSyncPort).get("/api/accounts/" + account + "/transactions?size=500"));
        views.put("transactions", lines);
        views.put("import job", read(as("vera", bankSyncPort).get("/api/import-jobs/" + job.getString("id"))));
        for (JsonNode line : lines) {
            String tx = line.get("id").asText();
            views.put(
                    "reconciliation " + tx, read(as("vera", reconciliationPort).get("/api/transactions/" + tx)));
        }
        views.put("consents", read(as("alice", consentPort).get("/api/consents")));
        return views;
    }

    private static JsonNode invoice(int port, String id) {
        return read(as("alice", port).get("/api/invoices/" + id));
    }

    private static JsonNode payments(int port, String id) {
        return read(as("alice", port).get("/api/invoices/" + id + "/payments"));
    }

    /** The body, with every array's elements in a canonical order (rows of equal sort keys come in any order). */
    private static JsonNode read(Response r) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        try {
            return canonical(JSON.readTree(r.asString()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode canonical(JsonNode node) {
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(n -> items.add(canonical(n)));
            items.sort(Comparator.comparing(JsonNode::toString));
            return JSON.createArrayNode().addAll(items);
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), canonical(e.getValue())));
            return copy;
        }
        return node;
    }

    /** Drafts and issues an invoice (with an Idempotency-Key on the draft when given). */
    private static JsonPath issue(int port, String counterparty, String amount, String idempotencyKey) {
        String id = createDraft(
                port,
                counterparty,
                amount,
                idempotencyKey == null ? UUID.randomUUID().toString() : idempotencyKey);
        return as("alice", port)
                .post("/api/invoices/" + id + "/issue")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String createDraft(int port, String counterparty, String amount, String idempotencyKey) {
        ExtractableResponse<Response> r = as("alice", port)
                .contentType(ContentType.JSON)
                .header("Idempotency-Key", idempotencyKey)
                .body("""
                        {"counterpartyName": "%s", "currency": "EUR", "totalAmount": "%s", "dueDate": "%s"}""".formatted(counterparty, amount, DUE))
                .post("/api/invoices")
                .then()
                .extract();
        assertThat(r.statusCode()).as(r.asString()).isIn(200, 201);
        return r.path("id");
    }

    private static String upload(int bankSyncPort, String account, String body) {
        ExtractableResponse<Response> r = as("arthur", bankSyncPort)
                .contentType("application/xml")
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/accounts/" + account + "/statements")
                .then()
                .extract();
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(202);
        return r.path("id");
    }

    private static JsonPath awaitJob(int bankSyncPort, String jobId) {
        JsonPath[] job = new JsonPath[1];
        Awaitility.await("import job " + jobId)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    job[0] = as("vera", bankSyncPort)
                            .get("/api/import-jobs/" + jobId)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    return List.of("SUCCEEDED", "FAILED").contains(job[0].getString("status"));
                });
        assertThat(job[0].getString("status")).as(job[0].prettify()).isEqualTo("SUCCEEDED");
        return job[0];
    }

    private static void awaitInvoiceOn(int port, String id, String status, String amountDue) {
        Awaitility.await("invoice " + id + " " + status)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    JsonNode inv = invoice(port, id);
                    assertThat(inv.get("status").asText()).isEqualTo(status);
                    assertThat(inv.get("amountDue").asText()).isEqualTo(amountDue);
                });
    }

    /** No unsent outbox row in any service database and no service consumer group behind, twice in a row. */
    private static void awaitQuiet() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            boolean[] quietBefore = {false};
            Awaitility.await("no unsent outbox row and no consumer lag")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        boolean quiet = unsentEvents() == 0 && lag(admin) == 0;
                        boolean twice = quiet && quietBefore[0];
                        quietBefore[0] = quiet;
                        return twice;
                    });
        }
    }

    private static long lag(Admin admin) throws Exception {
        long lag = 0;
        for (String group : GROUPS) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> c : committed.entrySet()) {
                if (c.getValue() != null) {
                    lag += Math.max(
                            0, ends.get(c.getKey()).offset() - c.getValue().offset());
                }
            }
        }
        return lag;
    }

    private static long unsentEvents() throws SQLException {
        long n = 0;
        for (String base : RestoredStack.DATABASES) {
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://" + Repo.env("DB_HOST", "127.0.0.1") + ":" + Repo.env("DB_PORT", "5432")
                                    + "/" + Stack.database(base),
                            Repo.env("DB_USER", "postgres"),
                            Repo.env("DB_PASSWORD", ""));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) from outbox_event where sent_at is null")) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }

    /** A SEPA credit transfer from the payer naming the invoice. */
    private static String entry(String amount, LocalDate booked, String invoiceNumber, String ref, String payerIban) {
        return """
                      <Ntry>
                        <Amt Ccy="EUR">%1$s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                        <BookgDt><Dt>%2$s</Dt></BookgDt><ValDt><Dt>%2$s</Dt></ValDt>
                        <AcctSvcrRef>RST-%3$s-%4$s</AcctSvcrRef>
                        <NtryDtls><TxDtls>
                          <RltdPties>
                            <Dbtr><Pty><Nm>Restauration Client %3$s</Nm></Pty></Dbtr>
                            <DbtrAcct><Id><IBAN>%5$s</IBAN></Id></DbtrAcct>
                          </RltdPties>
                          <RmtInf><Ustrd>Facture %6$s</Ustrd></RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                """.formatted(amount, booked, TAG, ref, payerIban, invoiceNumber);
    }

    private static String camt053(String iban, String statement, LocalDate booked, String... entries) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>RST-%2$s-%3$s</MsgId><CreDtTm>%4$sT06:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>RST-STMT-%2$s-%3$s</Id>
                      <CreDtTm>%4$sT06:00:00</CreDtTm>
                      <Acct><Id><IBAN>%1$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                %5$s    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(iban, statement, TAG, booked.plusDays(1), String.join("", entries));
    }

    /** A fresh amount between 6000 and 6999 with random cents: none of the other system tests' amounts. */
    private static String amount() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return r.nextInt(6000, 7000) + "." + String.format("%02d", r.nextInt(1, 100));
    }
}
