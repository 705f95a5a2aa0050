package app.lettrage.systemtests;

import static app.lettrage.systemtests.EndToEndIT.as;
import static app.lettrage.systemtests.EndToEndIT.awaitInvoice;
import static app.lettrage.systemtests.EndToEndIT.issueInvoice;
import static app.lettrage.systemtests.StatementImportIT.awaitSucceeded;
import static app.lettrage.systemtests.StatementImportIT.createAccount;
import static app.lettrage.systemtests.StatementImportIT.freshIban;
import static app.lettrage.systemtests.StatementImportIT.upload;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentReversed;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.testsupport.Repo;
import app.lettrage.testsupport.TopicProbe;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's "a returned direct debit in a camt.053 reopens the invoice end to end", on the real stack: an invoice is
 * issued in invoice-service; a camt.053 (written here) with the SEPA direct debit that collects it is uploaded to
 * bank-sync-service, reconciliation-service matches it and the invoice is PAID; the next day's camt.053 brings the
 * return of that collection (RvslInd, PMNT-IDDT-UPDD, return reason MD06, the same end-to-end id), which
 * reconciliation-service links to the payment, publishing PaymentReversed, and invoice-service puts the whole amount
 * back due. The PaymentReversed record delivered again changes nothing.
 */
class ReturnedDirectDebitIT {

    private static final String TENANT = "acme";
    private static final String TAG =
            UUID.randomUUID().toString().substring(0, 6).toUpperCase();
    private static final String RETURN_REASON = "MD06";
    /** invoice-service's consumer group on payment-matches (its application.properties). */
    private static final String INVOICE_GROUP = "invoice-service";

    @BeforeAll
    static void startStack() {
        Stack.ensureUp();
    }

    @Test
    void aReturnedDirectDebitReopensTheInvoiceOnceWithItsReturnReason() {
        String iban = freshIban();
        String account = createAccount(iban);
        String debtorIban = ReconciliationWorkflowIT.belgianIban();
        String amount = amount();
        JsonPath invoice = issueInvoice("alice", "Retour Client " + TAG, amount);
        String invoiceId = invoice.getString("id");
        String number = invoice.getString("number");
        // booked on the invoice's issue date (the tenant's day, which invoice-service chose), returned the next day
        LocalDate collected = LocalDate.parse(invoice.getString("issueDate"));
        LocalDate returned = collected.plusDays(1);
        String endToEnd = "E2E-DD-" + TAG;
        awaitInvoice("alice", invoiceId, "ISSUED", amount);

        try (TopicProbe imported = new TopicProbe(Stack.bootstrapServers(), Topics.BANK_TRANSACTIONS);
                TopicProbe matches = new TopicProbe(Stack.bootstrapServers(), Topics.PAYMENT_MATCHES);
                TopicProbe invoices = new TopicProbe(Stack.bootstrapServers(), Topics.INVOICES)) {
            // 1. the collection: matched automatically, the invoice PAID
            awaitSucceeded(upload(
                    account,
                    "application/xml",
                    camt053(iban, "D1", collected, collection(amount, collected, endToEnd, number, debtorIban))));
            TransactionImported payment = importedLine(imported, account, false);
            assertThat(payment.amount()).isEqualByComparingTo(amount);
            ConsumerRecord<String, String> m = matches.await(
                    r -> is(r, EventType.PAYMENT_MATCHED) && r.value().contains(payment.transactionId()),
                    Duration.ofSeconds(60));
            PaymentMatched matched = EventJson.read(m.value(), PaymentMatched.class);
            assertThat(matched.allocations())
                    .singleElement()
                    .satisfies(a -> assertThat(a.invoiceId()).isEqualTo(invoiceId));
            awaitInvoice("alice", invoiceId, "PAID", "0.00");

            // 2. the next day's statement returns the collection: the invoice is open again for its whole amount
            awaitSucceeded(upload(
                    account,
                    "application/xml",
                    camt053(iban, "D2", returned, returnOf(amount, returned, endToEnd, number, debtorIban))));
            TransactionImported reversal = importedLine(imported, account, true);
            assertThat(reversal.amount()).isEqualByComparingTo(new BigDecimal(amount).negate());
            assertThat(reversal.returnReason()).isEqualTo(RETURN_REASON);

            ConsumerRecord<String, String> r = matches.await(
                    x -> is(x, EventType.PAYMENT_REVERSED) && x.value().contains(payment.transactionId()),
                    Duration.ofSeconds(60));
            EventSchemas.assertValid(EventType.PAYMENT_REVERSED, r.value());
            assertThat(r.key()).isEqualTo(TENANT + ":" + payment.transactionId());
            PaymentReversed reversed = EventJson.read(r.value(), PaymentReversed.class);
            assertThat(reversed.matchId()).isEqualTo(matched.matchId());
            assertThat(reversed.reversalTransactionId()).isEqualTo(reversal.transactionId());
            assertThat(reversed.returnReason()).isEqualTo(RETURN_REASON);
            assertThat(reversed.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoiceId);
                assertThat(a.amount()).isEqualByComparingTo(amount);
            });
            awaitInvoice("alice", invoiceId, "ISSUED", amount);
            InvoiceChanged reopened = EventJson.read(
                    invoices.await(
                                    x -> invoiceId.equals(TopicProbe.header(x, CloudEventHeaders.SUBJECT))
                                            && is(x, EventType.INVOICE_CHANGED)
                                            && "PAYMENT_REVERSED"
                                                    .equals(EventJson.read(x.value(), InvoiceChanged.class)
                                                            .change()),
                                    Duration.ofSeconds(60))
                            .value(),
                    InvoiceChanged.class);
            assertThat(reopened.status()).isEqualTo("ISSUED");
            assertThat(reopened.amountDue()).isEqualByComparingTo(amount);

            // what a person sees: the return line with its reason and the payment it undid; the invoice's payment
            JsonPath line = as("vera", Stack.RECONCILIATION)
                    .get("/api/transactions/" + reversal.transactionId())
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(line.getString("state")).isEqualTo("REVERSAL");
            assertThat(line.getBoolean("reversal")).isTrue();
            assertThat(line.getString("returnReason")).isEqualTo(RETURN_REASON);
            assertThat(line.getString("reversesTransactionId")).isEqualTo(payment.transactionId());
            assertThat(line.getList("reasons", String.class))
                    .anyMatch(s -> s.contains("MD06 (refund requested by the debtor)")
                            && s.contains("the same end-to-end id " + endToEnd));
            assertThat(as("vera", Stack.RECONCILIATION)
                            .get("/api/transactions/" + payment.transactionId())
                            .then()
                            .statusCode(200)
                            .extract()
                            .<String>path("state"))
                    .isEqualTo("REVERSED");
            as("bruno", Stack.RECONCILIATION)
                    .get("/api/transactions/" + reversal.transactionId())
                    .then()
                    .statusCode(404);
            JsonPath payments = paymentsOf(invoiceId);
            assertThat(payments.getList("matchId")).containsExactly(matched.matchId());
            assertThat(payments.getString("[0].reversalTransactionId")).isEqualTo(reversal.transactionId());
            assertThat(payments.getString("[0].returnReason")).isEqualTo(RETURN_REASON);

            // 3. exactly once: PaymentReversed delivered again; once invoice-service's group is past it, nothing moved
            RecordMetadata again = EndToEndIT.resend(r);
            awaitConsumedBeyond(INVOICE_GROUP, new TopicPartition(again.topic(), again.partition()), again.offset());
            awaitInvoice("alice", invoiceId, "ISSUED", amount);
            assertThat(paymentsOf(invoiceId).getList("matchId")).containsExactly(matched.matchId());
            // one reopening of the invoice, not two: invoice-service's outbox holds what it published or will
            assertThat(reopenings(invoiceId)).isEqualTo(1);
        }
    }

    private static boolean is(ConsumerRecord<String, String> r, EventType type) {
        return type.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE));
    }

    /** The one line of the account bank-sync published with this reversal flag. */
    private static TransactionImported importedLine(TopicProbe probe, String account, boolean reversal) {
        ConsumerRecord<String, String> r = probe.await(
                x -> (TENANT + ":" + account).equals(x.key())
                        && reversal
                                == Boolean.TRUE.equals(EventJson.read(x.value(), TransactionImported.class)
                                        .reversal()),
                Duration.ofSeconds(60));
        EventSchemas.assertValid(EventType.TRANSACTION_IMPORTED, r.value());
        return EventJson.read(r.value(), TransactionImported.class);
    }

    /** How many InvoiceChanged PAYMENT_REVERSED invoice-service wrote for the invoice (its outbox, sent or not). */
    private static long reopenings(String invoiceId) {
        try (Connection c = DriverManager.getConnection(
                        "jdbc:postgresql://" + Repo.env("DB_HOST", "127.0.0.1") + ":" + Repo.env("DB_PORT", "5432")
                                + "/" + Stack.database("invoice"),
                        Repo.env("DB_USER", "postgres"),
                        Repo.env("DB_PASSWORD", ""));
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?"
                        + " AND event_type = ? AND payload::jsonb ->> 'change' = 'PAYMENT_REVERSED'")) {
            q.setString(1, invoiceId);
            q.setString(2, EventType.INVOICE_CHANGED.ceType());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonPath paymentsOf(String invoiceId) {
        return as("alice", Stack.INVOICE)
                .get("/api/invoices/" + invoiceId + "/payments")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /**
     * Waits until {@code group} has committed an offset beyond {@code offset} on the partition: it has applied the
     * record there (a consumer commits what it processed), so its effect, or its lack of one, can be asserted.
     */
    private static void awaitConsumedBeyond(String group, TopicPartition partition, long offset) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Awaitility.await("group " + group + " past offset " + offset + " of " + partition)
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        OffsetAndMetadata at = committed.get(partition);
                        return at != null && at.offset() > offset;
                    });
        }
    }

    /** A SEPA core direct debit collected from the debtor: a credit booked on the creditor's account. */
    private static String collection(
            String amount, LocalDate booked, String endToEnd, String invoiceNumber, String debtorIban) {
        return entry(amount, "CRDT", false, booked, "ESDD", endToEnd, invoiceNumber, debtorIban, null);
    }

    /**
     * The same collection returned by the debtor's bank: a debit flagged as a reversal, bank transaction code
     * PMNT-IDDT-UPDD (returned direct debit), the original's end-to-end id and mandate, and the return reason.
     */
    private static String returnOf(
            String amount, LocalDate booked, String endToEnd, String invoiceNumber, String debtorIban) {
        return entry(amount, "DBIT", true, booked, "UPDD", endToEnd, invoiceNumber, debtorIban, RETURN_REASON);
    }

    private static String entry(
            String amount,
            String creditDebit,
            boolean reversal,
            LocalDate booked,
            String subFamily,
            String endToEnd,
            String invoiceNumber,
            String debtorIban,
            String returnReason) {
        return """
                      <Ntry>
                        <Amt Ccy="EUR">%1$s</Amt><CdtDbtInd>%2$s</CdtDbtInd>%3$s<Sts><Cd>BOOK</Cd></Sts>
                        <BookgDt><Dt>%4$s</Dt></BookgDt><ValDt><Dt>%4$s</Dt></ValDt>
                        <AcctSvcrRef>DD-%5$s-%6$s</AcctSvcrRef>
                        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>IDDT</Cd><SubFmlyCd>%5$s</SubFmlyCd></Fmly></Domn></BkTxCd>
                        <NtryDtls><TxDtls>
                          <Refs><EndToEndId>%6$s</EndToEndId><MndtId>MNDT-%7$s</MndtId></Refs>
                          <RltdPties>
                            <Dbtr><Pty><Nm>Retour Client %7$s</Nm></Pty></Dbtr>
                            <DbtrAcct><Id><IBAN>%8$s</IBAN></Id></DbtrAcct>
                          </RltdPties>
                          <RmtInf><Ustrd>Facture %9$s prelevement SEPA</Ustrd></RmtInf>
                          %10$s
                        </TxDtls></NtryDtls>
                      </Ntry>
                """.formatted(
                        amount,
                        creditDebit,
                        reversal ? "<RvslInd>true</RvslInd>" : "",
                        booked,
                        subFamily,
                        endToEnd,
                        TAG,
                        debtorIban,
                        invoiceNumber,
                        returnReason == null ? "" : "<RtrInf><Rsn><Cd>" + returnReason + "</Cd></Rsn></RtrInf>");
    }

    /** camt.053.001.08: one statement of the account for {@code day} with the given entries. */
    private static String camt053(String iban, String statement, LocalDate day, String entries) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>DD-%2$s-%1$s</MsgId><CreDtTm>%3$sT06:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>DD-STMT-%2$s-%1$s</Id>
                      <CreDtTm>%3$sT06:00:00</CreDtTm>
                      <Acct><Id><IBAN>%1$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                %4$s    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(iban, statement + "-" + TAG, day.plusDays(1), entries);
    }

    /** A fresh amount between 3000 and 4999 with random cents: none of the other system tests' amounts. */
    private static String amount() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return r.nextInt(3000, 5000) + "." + String.format("%02d", r.nextInt(1, 100));
    }
}
