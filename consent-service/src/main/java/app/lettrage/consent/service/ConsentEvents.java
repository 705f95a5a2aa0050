package app.lettrage.consent.service;

import app.lettrage.consent.Consent;
import app.lettrage.events.ConsentExpired;
import app.lettrage.events.ConsentExpiring;
import app.lettrage.events.ConsentGranted;
import app.lettrage.events.ConsentRevoked;
import app.lettrage.events.LinkedAccount;
import java.time.Instant;

/** The one place each consent event is built from the consent, so every publisher says the same thing. */
final class ConsentEvents {

    /** The outbox's aggregate type of every consent event. */
    static final String AGGREGATE = "Consent";

    private ConsentEvents() {}

    static ConsentGranted granted(ConsentDetails details, Instant at) {
        Consent c = details.consent();
        return new ConsentGranted(
                c.id.toString(),
                c.tenantId,
                c.institutionId,
                c.provider.name(),
                c.validUntil,
                details.accounts().stream()
                        .map(l -> new LinkedAccount(l.accountId, l.iban, l.currency, l.name))
                        .toList(),
                at);
    }

    static ConsentExpiring expiring(Consent c, int daysLeft, Instant at) {
        return new ConsentExpiring(c.id.toString(), c.tenantId, c.institutionId, c.validUntil, daysLeft, at);
    }

    static ConsentExpired expired(Consent c, Instant at) {
        return new ConsentExpired(c.id.toString(), c.tenantId, c.institutionId, at);
    }

    static ConsentRevoked revoked(Consent c, String actor, Instant at) {
        return new ConsentRevoked(c.id.toString(), c.tenantId, c.institutionId, actor, at);
    }
}
