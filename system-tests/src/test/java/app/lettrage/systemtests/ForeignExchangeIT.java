package app.lettrage.systemtests;

import static app.lettrage.systemtests.EndToEndIT.as;
import static app.lettrage.systemtests.EndToEndIT.awaitInvoice;
import static app.lettrage.systemtests.EndToEndIT.issueInvoice;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.Topics;
import app.lettrage.testsupport.TopicProbe;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A cross-currency payment settles end to end: a EUR invoice issued in invoice-service, paid from abroad into a CHF
 * account whose camt.053 (uploaded to bank-sync) reports the instructed EUR amount and the bank's rate, is matched by
 * reconciliation in EUR and shown PAID by invoice-service.
 */
class ForeignExchangeIT {

    @BeforeAll
    static void startStack() {
        Stack.ensureUp();
    }

    static String camt053(String iban, String number, LocalDate day) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>FX-%1$s</MsgId><CreDtTm>%3$sT06:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>FX-STMT-%1$s</Id>
                      <CreDtTm>%3$sT06:00:00</CreDtTm>
                      <Acct><Id><IBAN>%1$s</IBAN></Id><Ccy>CHF</Ccy></Acct>
                      <Ntry>
                        <Amt Ccy="CHF">1170.45</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                        <BookgDt><Dt>%3$s</Dt></BookgDt><ValDt><Dt>%3$s</Dt></ValDt>
                        <AcctSvcrRef>FX-%2$s</AcctSvcrRef>
                        <NtryDtls><TxDtls>
                          <AmtDtls><InstdAmt><Amt Ccy="EUR">1250.00</Amt>
                            <CcyXchg><SrcCcy>EUR</SrcCcy><TrgtCcy>CHF</TrgtCcy><XchgRate>0.93636</XchgRate></CcyXchg>
                          </InstdAmt></AmtDtls>
                          <RltdPties><Dbtr><Pty><Nm>DUPONT SARL</Nm></Pty></Dbtr></RltdPties>
                          <RmtInf><Ustrd>Reglement facture %2$s</Ustrd></RmtInf>
                        </TxDtls></NtryDtls>
                      </Ntry>
                    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(iban, number, day);
    }

    @Test
    void aEurInvoicePaidIntoAChfAccountWithTheInstructedEurAmountIsPaid() {
        JsonPath invoice = issueInvoice("alice", "Dupont SARL", "1250.00");
        String invoiceId = invoice.getString("id");
        String number = invoice.getString("number");
        // booked on the day the invoice was issued (the tenant's day, not the JVM's): valid on any date and hour
        LocalDate paidOn = LocalDate.parse(invoice.getString("issueDate"));
        String iban = StatementImportIT.freshIban();
        String account = as("alice", Stack.BANK_SYNC)
                .contentType(ContentType.JSON)
                .body("{\"iban\": \"" + iban + "\", \"currency\": \"CHF\", \"name\": \"Compte CHF\"}")
                .post("/api/accounts")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        try (TopicProbe matches = new TopicProbe(Stack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            StatementImportIT.awaitSucceeded(
                    StatementImportIT.upload(account, "application/xml", camt053(iban, number, paidOn)));
            ConsumerRecord<String, String> matched = matches.await(
                    r -> EventType.PAYMENT_MATCHED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))
                            && r.value().contains(invoiceId),
                    Duration.ofSeconds(60));
            EventSchemas.assertValid(EventType.PAYMENT_MATCHED, matched.value());
            PaymentMatched event = EventJson.read(matched.value(), PaymentMatched.class);
            assertThat(event.allocations()).singleElement().satisfies(a -> {
                assertThat(a.currency()).isEqualTo("EUR");
                assertThat(a.amount()).isEqualByComparingTo("1250.00");
                assertThat(a.fxDifference()).isNull();
            });
            assertThat(event.exchangeRate().currency()).isEqualTo("EUR");
            assertThat(event.exchangeRate().rate()).isEqualByComparingTo(new BigDecimal("0.93636"));
            awaitInvoice("alice", invoiceId, "PAID", "0.00");
        }
    }
}
