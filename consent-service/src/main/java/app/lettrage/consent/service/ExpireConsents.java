package app.lettrage.consent.service;

import app.lettrage.consent.AuditAction;
import app.lettrage.consent.Consent;
import app.lettrage.consent.ConsentStatus;
import app.lettrage.consent.repository.AuditLogRepository;
import app.lettrage.consent.repository.ConsentRepository;
import app.lettrage.platform.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Consents end: on their last day (the daily check publishes ConsentExpiring 14 and 7 days ahead, then
 * ConsentExpired), or earlier when the bank says they are over. Each change writes its audit entry and its event in
 * one transaction; the rows are locked while handled, so several instances may run the check at once and none
 * publishes a notice twice.
 */
@ApplicationScoped
public class ExpireConsents {

    /** The most consents one check handles; the next check takes the rest. */
    static final int BATCH = 500;

    private static final String SYSTEM = "system";

    /** What one check did. */
    public record ExpiryRun(int expiringNotices, int expired) {}

    private final ConsentRepository consents;
    private final AuditLogRepository audit;
    private final Outbox outbox;
    private final Clock clock;

    public ExpireConsents(ConsentRepository consents, AuditLogRepository audit, Outbox outbox, Clock clock) {
        this.consents = consents;
        this.audit = audit;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The check for the given day: notices due and consents past their last day. */
    public Uni<ExpiryRun> onDay(LocalDate today) {
        return Panache.withTransaction(() -> consents.endingBy(today.plusDays(Consent.NOTICE_DAYS[0]), BATCH)
                .flatMap(list -> {
                    Instant now = clock.instant();
                    int[] counts = new int[2];
                    return Multi.createFrom()
                            .iterable(list)
                            .onItem()
                            .transformToUniAndConcatenate(c -> {
                                long left = c.daysLeft(today);
                                return switch (c.checkExpiry(today, now)) {
                                    case NONE -> Uni.createFrom().voidItem();
                                    case NOTICE -> {
                                        counts[0]++;
                                        yield audit.record(c, SYSTEM, AuditAction.EXPIRING, now, left + " day(s) left")
                                                .call(() -> outbox.append(
                                                        ConsentEvents.AGGREGATE,
                                                        ConsentEvents.expiring(c, (int) left, now)))
                                                .replaceWithVoid();
                                    }
                                    case EXPIRED -> {
                                        counts[1]++;
                                        yield audit.record(
                                                        c,
                                                        SYSTEM,
                                                        AuditAction.EXPIRED,
                                                        now,
                                                        "valid until " + c.validUntil)
                                                .call(() -> outbox.append(
                                                        ConsentEvents.AGGREGATE, ConsentEvents.expired(c, now)))
                                                .replaceWithVoid();
                                    }
                                };
                            })
                            .collect()
                            .asList()
                            .call(consents::flush)
                            .map(x -> new ExpiryRun(counts[0], counts[1]));
                }));
    }

    /**
     * The bank refused access through the consent because it is over there: it expires here too (ConsentExpired),
     * unless it already ended.
     *
     * @param actor who learnt it from the bank
     * @param why   the bank's code
     */
    public Uni<Void> overAtBank(String tenantId, UUID consentId, String actor, String why) {
        return Panache.withTransaction(() -> consents.lockForTenant(tenantId, consentId)
                .flatMap(c -> {
                    if (c == null || c.status == ConsentStatus.EXPIRED || c.status == ConsentStatus.REVOKED) {
                        return Uni.createFrom().voidItem();
                    }
                    Instant now = clock.instant();
                    c.expire(now);
                    return audit.record(c, actor, AuditAction.EXPIRED, now, "the bank refused access: " + why)
                            .call(() -> outbox.append(ConsentEvents.AGGREGATE, ConsentEvents.expired(c, now)))
                            .replaceWithVoid();
                }));
    }
}
