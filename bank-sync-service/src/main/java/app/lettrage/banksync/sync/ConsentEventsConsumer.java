package app.lettrage.banksync.sync;

import app.lettrage.events.ConsentExpired;
import app.lettrage.events.ConsentGranted;
import app.lettrage.events.ConsentRevoked;
import app.lettrage.platform.inbox.Inbox;
import app.lettrage.platform.messaging.IncomingEvent;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Consent events: which accounts to sync, and when to stop. Inbox and effect in one transaction. */
@ApplicationScoped
public class ConsentEventsConsumer {

    static final String CONSUMER = "bank-sync-service";

    private final ConsentAccounts accounts;
    private final Inbox inbox;

    public ConsentEventsConsumer(ConsentAccounts accounts, Inbox inbox) {
        this.accounts = accounts;
        this.inbox = inbox;
    }

    @Incoming("consents")
    public Uni<Void> consents(ConsumerRecord<String, String> record) {
        return IncomingEvent.parse(record).applyWithRetries(this::apply);
    }

    Uni<Void> apply(IncomingEvent event) {
        return Panache.withTransaction(() -> inbox.firstTime(
                        CONSUMER, event.id(), event.type().ceType())
                .flatMap(first -> first ? dispatch(event) : Uni.createFrom().voidItem()));
    }

    private Uni<Void> dispatch(IncomingEvent event) {
        if (event.event() instanceof ConsentGranted e) {
            return accounts.granted(e);
        }
        if (event.event() instanceof ConsentExpired e) {
            return accounts.ended(
                    e.tenantId(), UUID.fromString(e.consentId()), SyncAccount.Status.EXPIRED, "consent expired");
        }
        if (event.event() instanceof ConsentRevoked e) {
            return accounts.ended(
                    e.tenantId(),
                    UUID.fromString(e.consentId()),
                    SyncAccount.Status.REVOKED,
                    "consent revoked by " + e.revokedBy());
        }
        return Uni.createFrom().voidItem();
    }
}
