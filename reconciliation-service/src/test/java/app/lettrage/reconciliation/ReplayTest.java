package app.lettrage.reconciliation;

import static app.lettrage.reconciliation.ReconciliationFlowTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.LettrageEvent;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.ReferenceType;
import app.lettrage.events.Topics;
import app.lettrage.events.TransactionImported;
import app.lettrage.reconciliation.service.ReconciliationQueries;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Replay safety: the same events in the same order, into a tenant this service has never seen (nothing of its state
 * exists: no open items, book, learned payers, settings, decisions), give the same decisions; a duplicate
 * TransactionImported is ignored; no transaction is published as matched twice.
 */
@QuarkusTest
class ReplayTest {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 2);

    @Inject
    ReconciliationQueries queries;

    /** One scripted step: an invoice or a transaction, by local name; ids are fresh per run. */
    private record Step(String name, boolean invoice, String number, String counterparty, String amount, String text) {}

    private static final List<Step> SCRIPT = List.of(
            new Step("I1", true, "RP-1001", "Alpha SARL", "500.00", null),
            new Step("I2", true, "RP-1002", "Beta GmbH", "250.00", null),
            new Step("I3", true, "RP-1003", "Beta GmbH", "250.00", null),
            new Step("I4", true, "RP-1004", "Gamma BV", "120.00", null),
            new Step("I5", true, "RP-1005", "Gamma BV", "80.00", null),
            new Step("T1", false, null, "ALPHA", "500.00", "Facture rp 1001"),
            new Step("T2", false, null, "BETA GMBH", "250.00", "paiement"),
            new Step("T3", false, null, "GAMMA B.V.", "200.00", "RP-1004 / RP-1005"),
            new Step("T4", false, null, "NOBODY", "99.00", "loyer mars"),
            new Step("T5", false, null, "DELTA", "300.00", "RP1006"),
            new Step("I6", true, "RP-1006", "Delta SA", "300.00", null),
            new Step("T6", false, null, "ALPHA", "500.00", "Facture RP-1001"),
            new Step("T7", false, null, "GAMMA BV", "117.60", "RP-1004 frais"));

    @Test
    void theSameEventsInTheSameOrderGiveTheSameDecisionsAndEachMatchIsPublishedOnce() {
        try (TopicProbe matches = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.PAYMENT_MATCHES)) {
            Run a = run("replay-a-" + UUID.randomUUID().toString().substring(0, 8));
            Run b = run("replay-b-" + UUID.randomUUID().toString().substring(0, 8));

            List<String> decisionsA = a.decisions(queries);
            List<String> decisionsB = b.decisions(queries);
            assertThat(decisionsB).isEqualTo(decisionsA);
            // and they are the decisions the engine should make, not merely equal
            assertThat(decisionsA.get(0)).startsWith("T1 MATCHED").contains("I1=500.00");
            assertThat(decisionsA.get(1))
                    .startsWith("T2 SUGGESTED")
                    .contains("I2=250.00")
                    .contains("I3=250.00");
            assertThat(decisionsA.get(2))
                    .startsWith("T3 MATCHED")
                    .contains("I4=120.00")
                    .contains("I5=80.00");
            assertThat(decisionsA.get(3)).startsWith("T4 UNMATCHED");
            assertThat(decisionsA.get(4)).startsWith("T5 MATCHED").contains("I6=300.00");
            assertThat(decisionsA.get(5)).startsWith("T6 UNMATCHED");

            // one PaymentMatched per matched transaction, none for the others, duplicates included
            for (Run run : List.of(a, b)) {
                Map<String, Long> published = new HashMap<>();
                for (ConsumerRecord<String, String> r :
                        matches.during(Duration.ofSeconds(3), r -> r.key().startsWith(run.tenant + ":"))) {
                    if (EventType.PAYMENT_MATCHED.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE))) {
                        published.merge(
                                EventJson.read(r.value(), PaymentMatched.class).transactionId(), 1L, Long::sum);
                    }
                }
                Map<String, Long> expected = run.transactions.entrySet().stream()
                        .filter(e -> run.state(queries, e.getKey()).equals("MATCHED"))
                        .collect(Collectors.toMap(e -> e.getValue().transactionId(), e -> 1L));
                assertThat(published).isEqualTo(expected);
                assertThat(expected).hasSizeGreaterThanOrEqualTo(3);
            }
        }
    }

    private static final class Run {
        final String tenant;
        final Map<String, String> invoiceIds = new HashMap<>();
        final Map<String, TransactionImported> transactions = new LinkedHashMap<>();

        Run(String tenant) {
            this.tenant = tenant;
        }

        String state(ReconciliationQueries queries, String name) {
            return load(queries, tenant, transactions.get(name).transactionId())
                    .state()
                    .name();
        }

        /** Each transaction's decision, with invoice ids replaced by their script names. */
        List<String> decisions(ReconciliationQueries queries) {
            Map<String, String> names =
                    invoiceIds.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
            List<String> out = new ArrayList<>();
            for (var e : transactions.entrySet()) {
                ReconTransaction tx = load(queries, tenant, e.getValue().transactionId());
                String candidates = tx.candidates().stream()
                        .map(c -> c.confidence() + ":"
                                + c.allocations().stream()
                                        .map(al -> names.get(al.invoiceId()) + "=" + al.amount()
                                                + (al.writeOff() == null ? "" : "-" + al.writeOff()))
                                        .collect(Collectors.joining("+")))
                        .collect(Collectors.joining(" | "));
                out.add(e.getKey() + " " + tx.state() + " " + tx.confidence() + " [" + candidates + "] "
                        + tx.decisionReasons());
            }
            return out;
        }
    }

    private Run run(String tenant) {
        Run run = new Run(tenant);
        // ids differ per run (they are global keys here) but sort in the same order, as the same events' ids would:
        // the engine breaks exact ties by invoice id
        String prefix = UUID.randomUUID().toString();
        for (int i = 0; i < SCRIPT.size(); i++) {
            Step s = SCRIPT.get(i);
            if (s.invoice()) {
                String id = prefix + "-" + String.format("%03d", i);
                run.invoiceIds.put(s.name(), id);
                publishAndWait(
                        new InvoiceIssued(
                                id,
                                tenant,
                                InvoiceDirection.SALES,
                                s.number(),
                                null,
                                (ReferenceType) null,
                                s.counterparty(),
                                null,
                                null,
                                "EUR",
                                new BigDecimal(s.amount()),
                                new BigDecimal(s.amount()),
                                DAY,
                                DAY.plusDays(30),
                                Instant.now()),
                        () -> OpenItemProbe.known(id));
            } else {
                TransactionImported tx = new TransactionImported(
                        prefix + "-" + String.format("%03d", i),
                        tenant,
                        "acc-r",
                        null,
                        TransactionImported.Source.API,
                        TransactionImported.BookingStatus.BOOKED,
                        new BigDecimal(s.amount()),
                        "EUR",
                        DAY.plusDays(5),
                        DAY.plusDays(5),
                        s.counterparty(),
                        null,
                        null,
                        s.text(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        Instant.now());
                run.transactions.put(s.name(), tx);
                String eventId = UUID.randomUUID().toString();
                publishAndWait(tx, eventId, () -> load(queries, tenant, tx.transactionId()) != null);
                // the same event again and the same transaction under a new event id: both ignored
                publish(eventId, tx);
                publish(UUID.randomUUID().toString(), tx);
            }
        }
        return run;
    }

    private static void publishAndWait(LettrageEvent event, Callable<Boolean> applied) {
        publishAndWait(event, UUID.randomUUID().toString(), applied);
    }

    /** The invoice and transaction topics are independent: waiting for each event makes the order the script's. */
    private static void publishAndWait(LettrageEvent event, String eventId, Callable<Boolean> applied) {
        publish(eventId, event);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(applied);
    }

    static ReconTransaction load(ReconciliationQueries queries, String tenant, String transactionId) {
        try {
            var found = VertxContextSupport.subscribeAndAwait(() -> queries.transaction(tenant, transactionId));
            return found == null ? null : found.transaction();
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
