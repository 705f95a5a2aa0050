package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;

import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.Topics;
import app.lettrage.invoice.service.ApplyPayments;
import app.lettrage.platform.deadletter.DeadLetterGauge;
import app.lettrage.testsupport.Race;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Operating the event flow: a payment that a deployed bug cannot apply lands on payment-matches.dlq the real way
 * (the consumer's retries give up); a tenant admin lists and shows it, a non-admin gets 403 and another tenant's admin
 * 404; after the fix the admin redrives it and the invoice is paid once, a second redrive being refused with 409; the
 * gauge counts it while it waits. And the outbox republish sends a tenant's sent events again, only that tenant's.
 */
@QuarkusTest
class DeadLetterAdminTest {

    static final String DLQ = Topics.deadLetter(Topics.PAYMENT_MATCHES);

    @Inject
    ApplyPayments payments;

    @Inject
    DeadLetterGauge gauge;

    @TestHTTPResource(value = "", management = true)
    URI management;

    @TestHTTPResource("")
    URI application;

    @Test
    void aDeadLetterIsListedShownAndRedrivenOnceAfterTheFix_byItsTenantsAdminOnly() throws Exception {
        String invoice = InvoiceResourceTest.createAndIssue("alice", "Dead Letter GmbH", "60.00");
        String number = InvoiceEventsTest.invoice("alice", invoice).getString("number");
        String matchId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        PaymentsBrokenFor bug = PaymentsBrokenFor.install(payments, matchId);
        long waitingBefore = gauge.measure(DLQ);

        ConsumerRecord<String, String> dead;
        try (TopicProbe dlq = new TopicProbe(ServiceTestStack.bootstrapServers(), DLQ)) {
            InvoiceEventsTest.publish(eventId, InvoiceEventsTest.matched(matchId, "acme", invoice, number, "60.00"));
            dead = dlq.await(r -> eventId.equals(TopicProbe.header(r, CloudEventHeaders.ID)), Duration.ofSeconds(30));
        }
        String position = "/" + dead.partition() + "/" + dead.offset();
        assertThat(gauge.measure(DLQ)).isEqualTo(waitingBefore + 1);

        // listed for its tenant's admin, not for another tenant's
        assertThat(listedEventIds("alice")).contains(eventId);
        assertThat(listedEventIds("bruno")).doesNotContain(eventId);
        JsonPath shown = admin("alice")
                .get("/api/admin/dead-letters" + position)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(shown.getString("eventId")).isEqualTo(eventId);
        assertThat(shown.getString("tenantId")).isEqualTo("acme");
        assertThat(shown.getString("reason")).contains("bug: match " + matchId);
        assertThat(shown.getString("value")).contains(matchId);
        assertThat(shown.getString("headers.ce_id")).isEqualTo(eventId);
        assertThat(shown.getBoolean("redriven")).isFalse();

        // an accountant of the tenant is no admin; another tenant's admin does not see it exist
        admin("arthur").get("/api/admin/dead-letters").then().statusCode(403);
        admin("arthur").get("/api/admin/dead-letters" + position).then().statusCode(403);
        admin("arthur")
                .post("/api/admin/dead-letters" + position + "/redrive")
                .then()
                .statusCode(403);
        admin("bruno").get("/api/admin/dead-letters" + position).then().statusCode(404);
        admin("bruno")
                .post("/api/admin/dead-letters" + position + "/redrive")
                .then()
                .statusCode(404);
        assertThat(InvoiceEventsTest.invoice("alice", invoice).getString("amountDue"))
                .isEqualTo("60.00");

        // the fix is deployed; two admins redrive at once: one wins, the other is told it was done
        bug.fix();
        List<Integer> statuses = Race.run(
                () -> admin("alice")
                        .post("/api/admin/dead-letters" + position + "/redrive")
                        .statusCode(),
                () -> admin("alice")
                        .post("/api/admin/dead-letters" + position + "/redrive")
                        .statusCode());
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        InvoiceEventsTest.awaitInvoice(invoice, "PAID", "0.00");
        admin("alice")
                .post("/api/admin/dead-letters" + position + "/redrive")
                .then()
                .statusCode(409)
                .body("type", endsWith("already-redriven"));

        // paid once: one payment, no credit from a second application
        JsonPath paid = InvoiceEventsTest.invoice("alice", invoice);
        assertThat(paid.getString("creditAmount")).isEqualTo("0.00");
        List<String> matches = given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/invoices/" + invoice + "/payments")
                .then()
                .statusCode(200)
                .extract()
                .path("matchId");
        assertThat(matches).containsExactly(matchId);
        assertThat(admin("alice")
                        .get("/api/admin/dead-letters" + position)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getBoolean("redriven"))
                .isTrue();

        // audited once (the refused redrives wrote nothing), and the gauge no longer counts it
        assertThat(audit("dead-letter.redrive", DLQ + position))
                .containsExactly(List.of("alice", "acme", DLQ + position));
        assertThat(gauge.measure(DLQ)).isEqualTo(waitingBefore);
        gauge.refresh();
        assertThat(metric("lettrage_dlq_messages\\{topic=\"" + DLQ + "\"\\}")).isEqualTo(waitingBefore);
    }

    @Test
    void badRequestsAreProblems() {
        as("alice").get("/api/admin/dead-letters").then().statusCode(400).body("errors[0].field", is("topic"));
        as("alice").get("/api/admin/dead-letters?topic=invoices.dlq").then().statusCode(404);
        as("alice")
                .get("/api/admin/dead-letters?topic=" + DLQ + "&limit=101")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("limit"));
        as("alice")
                .get("/api/admin/dead-letters/0/-1?topic=" + DLQ)
                .then()
                .statusCode(400)
                .body("errors[0].field", is("offset"));
        as("alice")
                .get("/api/admin/dead-letters/0/999999999?topic=" + DLQ)
                .then()
                .statusCode(404);
        as("alice").post("/api/admin/outbox/republish").then().statusCode(400).body("errors[0].field", is("from"));
        as("alice")
                .post("/api/admin/outbox/republish?from=yesterday")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("from"));
    }

    @Test
    void republishSendsTheTenantsSentEventsAgainWithTheirIds_andOnlyItsOwn() throws Exception {
        Instant from = Instant.now();
        try (TopicProbe invoices = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.INVOICES)) {
            String invoice = InvoiceResourceTest.createAndIssue("alice", "Republish AG", "75.00");
            ConsumerRecord<String, String> issued = invoices.await(
                    r -> invoice.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)), Duration.ofSeconds(20));
            String eventId = TopicProbe.header(issued, CloudEventHeaders.ID);

            admin("arthur")
                    .post("/api/admin/outbox/republish?from=" + from)
                    .then()
                    .statusCode(403);
            // globex has published nothing since: none of acme's events go out again
            admin("bruno")
                    .post("/api/admin/outbox/republish?from=" + from)
                    .then()
                    .statusCode(200)
                    .body("republished", is(0));

            JsonPath answer = admin("alice")
                    .post("/api/admin/outbox/republish?from=" + from)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            assertThat(answer.getLong("republished")).isGreaterThanOrEqualTo(1);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(invoices.all())
                            .filteredOn(r -> eventId.equals(TopicProbe.header(r, CloudEventHeaders.ID)))
                            .hasSize(2));
            assertThat(audit("outbox.republish", "outbox from " + from))
                    .containsExactlyInAnyOrder(
                            List.of("bruno", "globex", "outbox from " + from),
                            List.of("alice", "acme", "outbox from " + from));
        }
    }

    @Test
    void theCliCallsTheAdminApiAndFailsOnAnErrorAnswer() throws Exception {
        String out = cli("dlq", "list", DLQ, "--limit", "5");
        assertThat(JsonPath.from(out).getString("topic")).isEqualTo(DLQ);
        ProcessResult missing = run("dlq", "show", DLQ, "0", "999999999");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.stderr()).contains("HTTP 404").contains("dead letter");
        assertThat(run("dlq", "show", DLQ, "zero", "1").exit()).isEqualTo(2);
    }

    /** A request of the user on the DLQ of payment-matches. */
    private static io.restassured.specification.RequestSpecification admin(String user) {
        return as(user).queryParam("topic", DLQ);
    }

    private static io.restassured.specification.RequestSpecification as(String user) {
        return given().header("Authorization", Tokens.bearer(user));
    }

    /** The event ids of every dead letter the user's list shows, page after page. */
    private static List<String> listedEventIds(String user) {
        List<String> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonPath list = admin(user)
                    .queryParam("page", page)
                    .queryParam("limit", 2)
                    .get("/api/admin/dead-letters")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<Map<String, Object>> items = list.getList("items");
            assertThat(items)
                    .hasSizeLessThanOrEqualTo(2)
                    .allSatisfy(i -> assertThat(i).doesNotContainKey("value"));
            items.forEach(i -> ids.add((String) i.get("eventId")));
            if (!list.getBoolean("more")) {
                return ids;
            }
        }
    }

    /** actor, tenant and target of the audit rows of this action and target. */
    private static List<List<String>> audit(String action, String target) throws SQLException {
        try (Connection c = ServiceTestStack.database().connect();
                PreparedStatement s = c.prepareStatement("SELECT actor, tenant_id, target FROM admin_audit"
                        + " WHERE action = ? AND target = ? ORDER BY id")) {
            s.setString(1, action);
            s.setString(2, target);
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return rows;
        }
    }

    private double metric(String series) {
        String text = given().get(management.resolve("metrics"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = Pattern.compile("(?m)^" + series + " (\\S+)(?: # .*)?$").matcher(text);
        assertThat(m.find()).as(series + " in /q/metrics").isTrue();
        return Double.parseDouble(m.group(1));
    }

    record ProcessResult(int exit, String stdout, String stderr) {}

    private String cli(String... args) throws Exception {
        ProcessResult r = run(args);
        assertThat(r.exit()).as(r.stderr()).isZero();
        return r.stdout();
    }

    private ProcessResult run(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("bash", Path.of("../bin/lettrage").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--url", application.toString().replaceAll("/$", "")));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("LETTRAGE_TOKEN", Tokens.of("alice"));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new ProcessResult(
                p.exitValue(),
                new String(p.getInputStream().readAllBytes()),
                new String(p.getErrorStream().readAllBytes()));
    }
}
