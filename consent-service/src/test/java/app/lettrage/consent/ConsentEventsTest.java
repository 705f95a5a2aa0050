package app.lettrage.consent;

import static app.lettrage.consent.ConsentResourceTest.IBAN_DE;
import static app.lettrage.consent.ConsentResourceTest.IBAN_FR;
import static app.lettrage.consent.ConsentResourceTest.body;
import static app.lettrage.consent.ConsentResourceTest.create;
import static app.lettrage.consent.ConsentResourceTest.get;
import static app.lettrage.consent.ConsentResourceTest.post;
import static app.lettrage.consent.ConsentResourceTest.revoke;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.consent.service.GrantConsent;
import app.lettrage.consent.service.NewConsent;
import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.ConsentGranted;
import app.lettrage.events.ConsentRevoked;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventSchemas;
import app.lettrage.events.EventType;
import app.lettrage.events.LinkedAccount;
import app.lettrage.events.Topics;
import app.lettrage.testsupport.ServiceTestStack;
import app.lettrage.testsupport.Tokens;
import app.lettrage.testsupport.TopicProbe;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConsentEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Extra polling before asserting that something was NOT published (other partitions may lag a fetch). */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    @Inject
    GrantConsent grant;

    @Test
    void grantingPublishesASchemaValidConsentGrantedWithCloudEventHeaders() {
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.CONSENTS)) {
            LocalDate validUntil = TestClock.today().plusDays(60);
            String id = given().header("Authorization", Tokens.bearer("alice"))
                    .contentType(ContentType.JSON)
                    .body("""
                            {"institutionId": "SANDBOX_BANK", "provider": "GOCARDLESS", "validUntil": "%s",
                             "accounts": [{"accountId": "acc-1", "iban": "%s", "currency": "EUR", "name": "Main"},
                                          {"accountId": "acc-2", "iban": "%s", "currency": "EUR"}]}""".formatted(validUntil, IBAN_FR, IBAN_DE))
                    .post("/api/consents")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");

            ConsumerRecord<String, String> record = probe.await(event(id, EventType.CONSENT_GRANTED), WAIT);
            assertCloudEventHeaders(record, id, "acme");
            EventSchemas.assertValid(EventType.CONSENT_GRANTED, record.value());
            ConsentGranted granted = EventJson.read(record.value(), ConsentGranted.class);
            assertThat(granted.consentId()).isEqualTo(id);
            assertThat(granted.tenantId()).isEqualTo("acme");
            assertThat(granted.institutionId()).isEqualTo("SANDBOX_BANK");
            assertThat(granted.provider()).isEqualTo("GOCARDLESS");
            assertThat(granted.validUntil()).isEqualTo(validUntil);
            assertThat(granted.grantedAt()).isNotNull();
            assertThat(granted.accounts())
                    .containsExactly(
                            new LinkedAccount("acc-1", "FR7630006000011234567890189", "EUR", "Main"),
                            new LinkedAccount("acc-2", "DE89370400440532013000", "EUR", null));
        }
    }

    @Test
    void revokingPublishesOneConsentRevokedAndARefusedRevokeNone() {
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.CONSENTS)) {
            String id = create("alice", "REVOKE_BANK");
            revoke("alice", id).statusCode(200);
            revoke("alice", id).statusCode(409); // rolled back
            revoke("arthur", id).statusCode(403);
            revoke("bruno", id).statusCode(404);

            ConsumerRecord<String, String> record = probe.await(event(id, EventType.CONSENT_REVOKED), WAIT);
            assertCloudEventHeaders(record, id, "acme");
            EventSchemas.assertValid(EventType.CONSENT_REVOKED, record.value());
            ConsentRevoked revoked = EventJson.read(record.value(), ConsentRevoked.class);
            assertThat(revoked.consentId()).isEqualTo(id);
            assertThat(revoked.institutionId()).isEqualTo("REVOKE_BANK");
            assertThat(revoked.revokedBy()).isEqualTo("alice");
            assertThat(revoked.revokedAt()).isNotNull();

            // the relay publishes in outbox order: once a later event is there, any from the refused revokes would be
            // too
            String later = create("alice", "LATER_BANK");
            probe.await(event(later, EventType.CONSENT_GRANTED), WAIT);
            assertThat(probe.during(SETTLE, event(id, EventType.CONSENT_REVOKED)))
                    .hasSize(1);
            assertThat(probe.all())
                    .filteredOn(r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT)))
                    .extracting(r -> TopicProbe.header(r, CloudEventHeaders.TYPE))
                    .containsExactly(EventType.CONSENT_GRANTED.ceType(), EventType.CONSENT_REVOKED.ceType());
        }
    }

    @Test
    void aGrantRolledBackLeavesNoConsentNoAuditAndNoEvent() throws Throwable {
        try (TopicProbe probe = new TopicProbe(ServiceTestStack.bootstrapServers(), Topics.CONSENTS)) {
            AtomicReference<String> rolledBack = new AtomicReference<>();
            NewConsent request = new NewConsent(
                    "ROLLBACK_BANK",
                    Provider.SANDBOX,
                    TestClock.today().plusDays(30),
                    List.of(new NewConsent.Account("acc-1", IBAN_FR, "EUR", null)));
            Throwable failure = null;
            try {
                // the grant joins the surrounding transaction, which then fails after all its writes
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> grant.grant(
                                "acme", "alice", request)
                        .invoke(d -> rolledBack.set(d.consent().id.toString()))
                        .flatMap(d -> Uni.createFrom().failure(new IllegalStateException("a later step failed")))));
            } catch (IllegalStateException e) {
                failure = e;
            }
            assertThat(failure).hasMessage("a later step failed");
            String id = rolledBack.get();
            assertThat(id).isNotNull();
            get("alice", "/api/consents/" + id).statusCode(404);
            get("alice", "/api/consents/" + id + "/audit").statusCode(404);

            // a rejected request publishes nothing either
            post("alice", body("REJECTED_BANK", TestClock.today().plusDays(400), IBAN_FR))
                    .statusCode(400);

            String committed = create("alice", "COMMITTED_BANK");
            probe.await(event(committed, EventType.CONSENT_GRANTED), WAIT);
            assertThat(probe.during(SETTLE, r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))))
                    .isEmpty();
            assertThat(probe.all()).noneMatch(r -> r.value().contains("REJECTED_BANK"));
        }
    }

    private static Predicate<ConsumerRecord<String, String>> event(String id, EventType type) {
        return r -> id.equals(TopicProbe.header(r, CloudEventHeaders.SUBJECT))
                && type.ceType().equals(TopicProbe.header(r, CloudEventHeaders.TYPE));
    }

    private static void assertCloudEventHeaders(ConsumerRecord<String, String> record, String id, String tenant) {
        assertThat(record.key()).isEqualTo(tenant + ":" + id);
        assertThat(TopicProbe.header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(TopicProbe.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/consent-service");
        assertThat(TopicProbe.header(record, CloudEventHeaders.TENANT_ID)).isEqualTo(tenant);
        assertThat(TopicProbe.header(record, CloudEventHeaders.ID)).matches("[0-9a-f-]{36}");
        assertThat(TopicProbe.header(record, CloudEventHeaders.TIME)).isNotBlank();
        assertThat(TopicProbe.header(record, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
    }
}
