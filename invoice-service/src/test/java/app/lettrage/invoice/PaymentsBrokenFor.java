package app.lettrage.invoice;

import app.lettrage.events.LettrageEvent;
import app.lettrage.events.PaymentMatched;
import app.lettrage.invoice.service.ApplyPayments;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A deployed bug for one match: while installed ({@link #install}) and not {@link #fix fixed}, applying a batch that
 * holds the match fails, as a real defect in ApplyPayments would; everything else goes to the real bean. The consumer
 * retries, gives up and dead-letters the record: the poison message of a test, made the real way.
 */
final class PaymentsBrokenFor extends ApplyPayments {

    private final ApplyPayments real;
    private final String matchId;
    private volatile boolean broken = true;

    private PaymentsBrokenFor(ApplyPayments real, String matchId) {
        super(null, null, null, null, null);
        this.real = real;
        this.matchId = matchId;
    }

    /** Installs the bug for this test method (QuarkusMock removes it after the method). */
    static PaymentsBrokenFor install(ApplyPayments current, String matchId) {
        PaymentsBrokenFor bug = new PaymentsBrokenFor(ClientProxy.unwrap(current), matchId);
        QuarkusMock.installMockForType(bug, ApplyPayments.class);
        return bug;
    }

    /** Deploys the fix. */
    void fix() {
        broken = false;
    }

    @Override
    public Uni<Void> apply(List<LettrageEvent> events) {
        if (broken
                && events.stream()
                        .anyMatch(e ->
                                e instanceof PaymentMatched m && m.matchId().equals(matchId))) {
            return Uni.createFrom().failure(new IllegalStateException("bug: match " + matchId + " cannot be applied"));
        }
        return real.apply(events);
    }
}
