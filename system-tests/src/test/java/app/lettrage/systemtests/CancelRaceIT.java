package app.lettrage.systemtests;

import static app.lettrage.systemtests.EndToEndIT.as;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.systemtests.CancelRaceLedger.InvoiceSide;
import app.lettrage.systemtests.CancelRaceLedger.ReconciliationSide;
import app.lettrage.testsupport.Repo;
import app.lettrage.testsupport.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 §5 on the real stack: invoices cancelled while the statement that pays them goes through the pipeline.
 * Each invoice's cancellation has a trigger of its own: a staggered moment after the upload (mostly before the match),
 * the moment reconciliation has matched it (the PaymentMatched then races the cancellation to invoice-service), a
 * little after that, or once invoice-service shows it PAID (refused: a paid invoice cannot be cancelled). Whatever
 * each race's outcome, the two services must end agreeing (ADR 0006): a cancelled invoice has no payment in
 * invoice-service and no active match in reconciliation, its transaction waits again; a PAID invoice has exactly one
 * payment and one match. Nothing is dead-lettered and every outbox drains.
 *
 * <p>Size: {@code CANCEL_RACE_INVOICES} (default 40).
 */
class CancelRaceIT {

    private static final String USER = "alice";
    private static final String TENANT = "acme";
    private static final int INVOICES =
            Math.min(400, Math.max(8, Integer.parseInt(Repo.env("CANCEL_RACE_INVOICES", "40"))));
    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    /** one amount range per run, so that no open invoice of an earlier run on this stack fits a payment of this one */
    private static final long RUN = System.currentTimeMillis() % 5_000;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** When an invoice's cancellation is sent. */
    enum Trigger {
        /** a staggered moment after the upload was accepted */
        STAGGERED,
        /** as soon as reconciliation has matched it */
        ON_MATCH,
        /** a few tens of milliseconds after reconciliation matched it */
        AFTER_MATCH,
        /** once invoice-service shows it PAID */
        ON_PAID
    }

    /** Where a cancellation landed, as the two services' final states tell it. */
    enum Window {
        BEFORE_MATCH,
        IN_FLIGHT,
        AFTER_PAID
    }

    record Race(int index, String invoiceId, String number, String amount, Trigger trigger) {
        String remittance() {
            return "Reglement facture " + number + " merci";
        }

        String counterparty() {
            return "Client Race " + RUN + " " + index;
        }
    }

    @BeforeAll
    static void startStack() {
        Stack.ensureUp();
    }

    @Test
    void servicesAgreeOnEveryInvoiceCancelledWhileItsPaymentIsInFlight() throws Exception {
        Map<TopicPartition, Long> deadLettersBefore = CancelRaceLedger.deadLetterOffsets();
        String iban = StatementImportIT.freshIban();
        String account = StatementImportIT.createAccount(iban);
        List<Race> races = issueInvoices();
        Map<String, Race> byInvoice = new LinkedHashMap<>();
        races.forEach(r -> byInvoice.put(r.invoiceId(), r));

        Map<String, Future<HttpResponse<String>>> cancels = new ConcurrentHashMap<>();
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(8);
        try {
            String job = StatementImportIT.upload(account, "application/xml", camt053(iban, races));
            int k = 0;
            for (Race r : races) {
                if (r.trigger() == Trigger.STAGGERED) {
                    cancels.put(r.invoiceId(), senders.schedule(() -> cancel(r), 40L * k++, TimeUnit.MILLISECONDS));
                }
            }
            try (CancelRaceLedger.Watch watch = new CancelRaceLedger.Watch(TENANT, byInvoice.keySet())) {
                Awaitility.await("every cancellation sent")
                        .atMost(Duration.ofMinutes(2))
                        .pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(5))
                        .until(() -> {
                            for (String id : watch.matched()) {
                                Race r = byInvoice.get(id);
                                if (r.trigger() == Trigger.ON_MATCH || r.trigger() == Trigger.AFTER_MATCH) {
                                    long delay = r.trigger() == Trigger.ON_MATCH ? 0 : 10L * (1 + r.index() % 5);
                                    cancels.computeIfAbsent(
                                            id, x -> senders.schedule(() -> cancel(r), delay, TimeUnit.MILLISECONDS));
                                }
                            }
                            for (String id : watch.paid()) {
                                Race r = byInvoice.get(id);
                                if (r.trigger() == Trigger.ON_PAID) {
                                    cancels.computeIfAbsent(id, x -> senders.submit(() -> cancel(r)));
                                }
                            }
                            return cancels.size() == races.size();
                        });
            }
            StatementImportIT.awaitSucceeded(job);
        } finally {
            senders.shutdown();
        }

        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        for (Race r : races) {
            answers.put(r.invoiceId(), cancels.get(r.invoiceId()).get(1, TimeUnit.MINUTES));
        }
        Map<Window, Integer> windows = new EnumMap<>(Window.class);
        Awaitility.await("invoice-service and reconciliation agree on every invoice")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    windows.clear();
                    windows.putAll(agreement(races, answers));
                    assertThat(CancelRaceLedger.unsentEvents())
                            .as("unsent events")
                            .isZero();
                });
        assertThat(CancelRaceLedger.deadLetterOffsets()).as("dead letters").isEqualTo(deadLettersBefore);

        System.out.printf(
                "CANCEL RACE: %d invoices, cancellations landed before the match %d, while PaymentMatched was in"
                        + " flight %d, after PAID (refused) %d%n",
                races.size(),
                windows.getOrDefault(Window.BEFORE_MATCH, 0),
                windows.getOrDefault(Window.IN_FLIGHT, 0),
                windows.getOrDefault(Window.AFTER_PAID, 0));
        // the test is about the middle window: a run where no cancellation landed in it proved nothing
        assertThat(windows.getOrDefault(Window.IN_FLIGHT, 0))
                .as("cancellations that raced an in-flight PaymentMatched")
                .isPositive();
        assertThat(windows.getOrDefault(Window.BEFORE_MATCH, 0)).isPositive();
        assertThat(windows.getOrDefault(Window.AFTER_PAID, 0)).isPositive();
    }

    /**
     * Asserts that both services agree on each invoice, given the answer to its cancellation, and says where each
     * cancellation landed.
     */
    private static Map<Window, Integer> agreement(List<Race> races, Map<String, HttpResponse<String>> answers)
            throws Exception {
        Map<String, String> remittances = new LinkedHashMap<>();
        races.forEach(r -> remittances.put(r.invoiceId(), r.remittance()));
        Map<String, InvoiceSide> invoices = CancelRaceLedger.invoices(remittances.keySet());
        Map<String, ReconciliationSide> recon = CancelRaceLedger.reconciliation(TENANT, remittances);
        Map<Window, Integer> windows = new EnumMap<>(Window.class);
        for (Race r : races) {
            HttpResponse<String> answer = answers.get(r.invoiceId());
            InvoiceSide inv = invoices.get(r.invoiceId());
            ReconciliationSide rec = recon.get(r.invoiceId());
            String what = r.number() + " (" + r.trigger() + ", cancel " + answer.statusCode() + ")";
            if (answer.statusCode() == 201) {
                assertThat(inv.status()).as(what).isEqualTo("CANCELLED");
                assertThat(inv.payments())
                        .as(what + ": payments in invoice-service")
                        .isZero();
                assertThat(rec.active())
                        .as(what + ": active matches in reconciliation")
                        .isZero();
                assertThat(rec.matches())
                        .as(what + ": every match made was undone because of the cancellation")
                        .allMatch(m -> "invoice-service".equals(m.undoneBy()));
                assertThat(rec.transactionState())
                        .as(what + ": its transaction waits again")
                        .isIn("UNMATCHED", "SUGGESTED");
                Window w = rec.matches().isEmpty() ? Window.BEFORE_MATCH : Window.IN_FLIGHT;
                windows.merge(w, 1, Integer::sum);
            } else {
                assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(409);
                assertThat(answer.body()).as(what).contains("invoice-has-payments");
                assertThat(inv.status()).as(what).isEqualTo("PAID");
                assertThat(inv.amountDue()).as(what).isZero();
                assertThat(inv.payments())
                        .as(what + ": payments in invoice-service")
                        .isEqualTo(1);
                assertThat(inv.activePayments()).as(what).isEqualTo(1);
                assertThat(rec.active())
                        .as(what + ": active matches in reconciliation")
                        .isEqualTo(1);
                assertThat(rec.matches()).as(what + ": matches ever made").hasSize(1);
                assertThat(rec.transactionState()).as(what).isEqualTo("MATCHED");
                windows.merge(Window.AFTER_PAID, 1, Integer::sum);
            }
        }
        return windows;
    }

    private static HttpResponse<String> cancel(Race r) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(
                                URI.create(Stack.url(Stack.INVOICE) + "/api/invoices/" + r.invoiceId() + "/cancel"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", Tokens.bearer(USER))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"reason\": \"Billed twice (race " + r.index() + ")\"}", StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** INVOICES issued invoices of distinct amounts; the triggers in turn, so each is spread over the statement. */
    private static List<Race> issueInvoices() throws Exception {
        Tokens.bearer(USER); // one token fetch before the threads
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Race>> futures = new ArrayList<>();
            for (int i = 0; i < INVOICES; i++) {
                int n = i;
                futures.add(pool.submit(() -> issue(n)));
            }
            List<Race> out = new ArrayList<>();
            for (Future<Race> f : futures) {
                out.add(f.get(5, TimeUnit.MINUTES));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Race issue(int i) {
        // distinct within the run for up to 900 invoices
        String amount = "%d.%02d".formatted(20_000 + RUN * 10 + i % 10, 10 + i / 10);
        Trigger trigger = Trigger.values()[i % Trigger.values().length];
        String counterparty = "Client Race " + RUN + " " + i;
        String id = as(USER, Stack.INVOICE)
                .contentType(ContentType.JSON)
                .body("""
                        {"counterpartyName": "%s", "currency": "EUR", "totalAmount": "%s", "dueDate": "%s"}""".formatted(counterparty, amount, TODAY.plusDays(30)))
                .post("/api/invoices")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        JsonPath issued = as(USER, Stack.INVOICE)
                .post("/api/invoices/" + id + "/issue")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return new Race(i, id, issued.getString("number"), amount, trigger);
    }

    private static String camt053(String iban, List<Race> races) {
        StringBuilder entries = new StringBuilder();
        for (Race r : races) {
            entries.append("""
                          <Ntry>
                            <Amt Ccy="EUR">%s</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                            <BookgDt><Dt>%s</Dt></BookgDt><ValDt><Dt>%s</Dt></ValDt>
                            <AcctSvcrRef>RACE-%s</AcctSvcrRef>
                            <NtryDtls><TxDtls>
                              <RltdPties><Dbtr><Pty><Nm>%s</Nm></Pty></Dbtr></RltdPties>
                              <RmtInf><Ustrd>%s</Ustrd></RmtInf>
                            </TxDtls></NtryDtls>
                          </Ntry>
                    """.formatted(r.amount(), TODAY, TODAY, r.number(), r.counterparty(), r.remittance()));
        }
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
                  <BkToCstmrStmt>
                    <GrpHdr><MsgId>RACE-%1$s</MsgId><CreDtTm>%2$sT06:00:00</CreDtTm></GrpHdr>
                    <Stmt>
                      <Id>RACE-%1$s</Id>
                      <CreDtTm>%2$sT06:00:00</CreDtTm>
                      <Acct><Id><IBAN>%3$s</IBAN></Id><Ccy>EUR</Ccy></Acct>
                %4$s    </Stmt>
                  </BkToCstmrStmt>
                </Document>
                """.formatted(RUN, TODAY, iban, entries);
    }
}
