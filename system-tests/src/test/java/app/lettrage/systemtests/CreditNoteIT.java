package app.lettrage.systemtests;

import static app.lettrage.systemtests.EndToEndIT.as;
import static app.lettrage.systemtests.EndToEndIT.awaitInvoice;
import static app.lettrage.systemtests.EndToEndIT.issueInvoice;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.Topics;
import app.lettrage.testsupport.TopicProbe;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A payment of "invoice minus credit note" settles both end to end: an invoice of 1,000.00 is partly credited by a
 * credit note of 200.00 in invoice-service; the customer pays 800.00 naming the invoice less the credit note, in a
 * camt.053 uploaded to bank-sync; reconciliation matches it automatically and exactly; invoice-service shows the
 * invoice PAID with one payment and no credit on the counterparty.
 */
class CreditNoteIT {

    @BeforeAll
    static void startStack() {
        Stack.ensureUp();
    }

    static String camt053(String iban, String payer, String amount, String remittance, LocalDate day) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>CN-%1$s</MsgId><CreDtTm>%5$sT06:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>CN-STMT-%1$s</Id>
                      <CreDtTm>%5$sT06:00:00</CreDtTm>
                      <Acct><Id><IBAN>%1$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                      <Ntry>
                        <Amt Ccy="EUR">%3$s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                        <BookgDt><Dt>%5$s</Dt></BookgDt><ValDt><Dt>%5$s</Dt></ValDt>
                        <AcctSvcrRef>CN-%1$s</AcctSvcrRef>
                        <NtryDtls><TxDtls>
                          <RltdPties><Dbtr><Pty><Nm>%2$s</Nm></Pty></Dbtr></RltdPties>
                          <RmtInf><Ustrd>%4$s</Ustrd></RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(iban, payer, amount, remittance, day);
    }

    @Test
    void aPaymentOfTheInvoiceMinusItsCreditNoteSettlesItAutomaticallyAndExactly() {
        // a counterparty of this run only: no other test's open invoice can fit the payer
        String party = "Menuiserie Lefevre " + UUID.randomUUID().toString().substring(0, 8) + " SARL";
        JsonPath invoice = issueInvoice("alice", party, "1000.00");
        String invoiceId = invoice.getString("id");
        String number = invoice.getString("number");
        // booked on the day the invoice was issued (the tenant's day, not the JVM's): valid on any date and hour
        LocalDate paidOn = LocalDate.parse(invoice.getString("issueDate"));

        String creditNote;
        try (TopicProbe invoices = new TopicProbe(Stack.bootstrapServers(), Topics.INVOICES)) {
            creditNote = as("alice", Stack.INVOICE)
                    .contentType(ContentType.JSON)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .body("{\"amount\": \"200.00\", \"reason\": \"two days not delivered\"}")
                    .post("/api/invoices/" + invoiceId + "/credit-notes")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("number");
            awaitInvoice("alice", invoiceId, "ISSUED", "800.00");
            ConsumerRecord<String, String> credited = invoices.await(
                    r -> invoiceId.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                            && EventType.INVOICE_CHANGED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE)),
                    Duration.ofSeconds(60));
            assertThat(EventJson.read(credited.value(), InvoiceChanged.class).creditNoteNumbers())
                    .containsExactly(creditNote);
        }

        String iban = StatementImportIT.freshIban();
        String account = StatementImportIT.createAccount(iban);
        try (TopicProbe matches = new TopicProbe(Stack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            StatementImportIT.awaitSucceeded(StatementImportIT.upload(
                    account,
                    "application/xml",
                    camt053(
                            iban,
                            party.toUpperCase(),
                            "800.00",
                            "Facture " + number + " moins avoir " + creditNote,
                            paidOn)));
            ConsumerRecord<String, String> matched = matches.await(
                    r -> EventType.PAYMENT_MATCHED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                            && r.value().contains(invoiceId),
                    Duration.ofSeconds(60));
            PaymentMatched event = EventJson.read(matched.value(), PaymentMatched.class);
            assertThat(event.decidedBy()).isEqualTo(MatchDecision.AUTO);
            assertThat(event.allocations()).singleElement().satisfies(a -> {
                assertThat(a.invoiceId()).isEqualTo(invoiceId);
                assertThat(a.amount()).isEqualByComparingTo("800.00");
                assertThat(a.writeOff() == null ? java.math.BigDecimal.ZERO : a.writeOff())
                        .isEqualByComparingTo("0");
            });
            assertThat(event.reasons()).anyMatch(r -> r.contains(creditNote));
        }

        awaitInvoice("alice", invoiceId, "PAID", "0.00");
        JsonPath paid = as("alice", Stack.INVOICE)
                .get("/api/invoices/" + invoiceId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(paid.getString("creditAmount")).isEqualTo("0.00");
        assertThat(paid.getString("creditedAmount")).isEqualTo("200.00");
        assertThat(paid.getList("creditNotes.number")).containsExactly(creditNote);
        assertThat(as("alice", Stack.INVOICE)
                        .get("/api/invoices/" + invoiceId + "/payments")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("amount"))
                .containsExactly("800.00");
    }
}
