package app.lettrage.consent.service;

import app.lettrage.consent.AuditAction;
import app.lettrage.consent.Consent;
import app.lettrage.consent.LinkedAccount;
import app.lettrage.consent.config.ConsentConfig;
import app.lettrage.consent.repository.AuditLogRepository;
import app.lettrage.consent.repository.ConsentRepository;
import app.lettrage.consent.repository.LinkedAccountRepository;
import app.lettrage.identifiers.Iban;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An administrator records a consent with its accounts, ACTIVE at once (without the bank's SCA), and ConsentGranted
 * is published. The consent, its audit entry and its event are written in one transaction: all three exist, or none.
 */
@ApplicationScoped
public class GrantConsent {

    private final ConsentRepository consents;
    private final LinkedAccountRepository accounts;
    private final AuditLogRepository audit;
    private final Outbox outbox;
    private final ConsentConfig config;
    private final ConsentMetrics metrics;
    private final Clock clock;

    public GrantConsent(
            ConsentRepository consents,
            LinkedAccountRepository accounts,
            AuditLogRepository audit,
            Outbox outbox,
            ConsentConfig config,
            ConsentMetrics metrics,
            Clock clock) {
        this.consents = consents;
        this.accounts = accounts;
        this.audit = audit;
        this.outbox = outbox;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Uni<ConsentDetails> grant(String tenantId, String actor, NewConsent request) {
        check(request);
        Instant now = clock.instant();
        Consent c = Consent.active(
                tenantId, request.institutionId().trim(), request.provider(), request.validUntil(), actor, now);
        List<LinkedAccount> linked = request.accounts().stream()
                .map(a ->
                        LinkedAccount.of(c.id, a.accountId().trim(), Iban.normalize(a.iban()), a.currency(), a.name()))
                .toList();
        ConsentDetails details = new ConsentDetails(c, linked);
        String detail = "%s consent at %s for %d account(s), valid until %s"
                .formatted(c.provider, c.institutionId, linked.size(), c.validUntil);
        return Panache.withTransaction(() -> consents.persist(c)
                        .call(() -> accounts.persist(linked))
                        // the audit row's IDENTITY insert runs at once: the consent must be in the database before it
                        .call(consents::flush)
                        .call(() -> audit.record(c, actor, AuditAction.GRANTED, now, detail))
                        .call(() -> outbox.append(ConsentEvents.AGGREGATE, ConsentEvents.granted(details, now)))
                        .replaceWith(details))
                .invoke(metrics::granted);
    }

    /** The rules a well-formed request must still meet; every broken one is named in one 400 problem. */
    private void check(NewConsent request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        LocalDate today = LocalDate.now(clock);
        LocalDate latest = today.plusDays(config.maxValidityDays());
        if (!request.validUntil().isAfter(today)) {
            errors.add(new Problem.FieldError("validUntil", "must be after today (" + today + ")"));
        } else if (request.validUntil().isAfter(latest)) {
            errors.add(new Problem.FieldError(
                    "validUntil",
                    "a consent runs at most " + config.maxValidityDays() + " days: at the latest " + latest));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.accounts().size(); i++) {
            NewConsent.Account a = request.accounts().get(i);
            if (!seen.add(a.accountId().trim())) {
                errors.add(new Problem.FieldError("accounts[" + i + "].accountId", "appears twice in the consent"));
            }
            if (a.iban() != null && !Iban.isValid(a.iban())) {
                errors.add(new Problem.FieldError(
                        "accounts[" + i + "].iban",
                        "not a valid IBAN (country, length, account format or check digits)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    400,
                    "validation",
                    "Invalid request",
                    errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; ")),
                    errors);
        }
    }
}
