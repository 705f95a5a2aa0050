package app.lettrage.consent.service;

import app.lettrage.bankconnectors.Account;
import app.lettrage.bankconnectors.ConnectorException;
import app.lettrage.bankconnectors.ConsentLifecycle;
import app.lettrage.bankconnectors.ConsentRequest;
import app.lettrage.bankconnectors.ConsentState;
import app.lettrage.bankconnectors.Institution;
import app.lettrage.consent.AuditAction;
import app.lettrage.consent.Consent;
import app.lettrage.consent.ConsentStatus;
import app.lettrage.consent.LinkedAccount;
import app.lettrage.consent.Provider;
import app.lettrage.consent.config.ConsentConfig;
import app.lettrage.consent.provider.Connectors;
import app.lettrage.consent.provider.SecretBox;
import app.lettrage.consent.repository.AuditLogRepository;
import app.lettrage.consent.repository.ConsentRepository;
import app.lettrage.consent.repository.LinkedAccountRepository;
import app.lettrage.events.ConsentExpired;
import app.lettrage.events.ConsentExpiring;
import app.lettrage.events.ConsentGranted;
import app.lettrage.platform.money.Iban;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The PSD2 redirect flow and the consent's life after it. Provider calls block and are made outside any database
 * transaction (on a worker thread); each database step is one transaction with its audit entry and its events.
 *
 * <p>The state sent with the user to the bank is 256 random bits; only its SHA-256 is stored, bound to the consent,
 * to the user who started it and to an expiry; the callback consumes it (single use) before anything else, and a
 * state presented by another user, or after its expiry, changes nothing.
 */
@ApplicationScoped
public class ConsentFlowService {

    private static final Logger LOG = Logger.getLogger(ConsentFlowService.class);
    private static final String AGGREGATE = "Consent";
    /** Days ahead an expiry notice is published, furthest first. */
    static final int[] NOTICE_DAYS = {14, 7};

    private final ConsentRepository consents;
    private final LinkedAccountRepository accounts;
    private final AuditLogRepository audit;
    private final Outbox outbox;
    private final ConsentConfig config;
    private final Connectors connectors;
    private final SecretBox box;
    private final Clock clock;
    private final Vertx vertx;
    private final SecureRandom random = new SecureRandom();

    public ConsentFlowService(
            ConsentRepository consents,
            LinkedAccountRepository accounts,
            AuditLogRepository audit,
            Outbox outbox,
            ConsentConfig config,
            Connectors connectors,
            SecretBox box,
            Clock clock,
            Vertx vertx) {
        this.consents = consents;
        this.accounts = accounts;
        this.audit = audit;
        this.outbox = outbox;
        this.config = config;
        this.connectors = connectors;
        this.box = box;
        this.clock = clock;
        this.vertx = vertx;
    }

    /** A consent awaiting the user at the bank, and the bank page to send them to. */
    public record Started(ConsentDetails consent, String authorisationUrl) {}

    /** Runs provider calls on a worker thread and comes back to the request's context. */
    private <T> Uni<T> blocking(Supplier<T> call) {
        return vertx.executeBlocking(Uni.createFrom().item(call));
    }

    // ------------------------------------------------------------------------------------------ start

    /** Creates a consent at the provider for the institution and returns where the user authorises it. */
    public Uni<Started> start(
            String tenantId,
            String actor,
            Provider provider,
            String institutionId,
            LocalDate validUntil,
            String psuIp) {
        return blocking(() -> connectors.institution(provider, institutionId, null))
                .flatMap(institution -> {
                    checkValidity(validUntil, institution);
                    UUID id = UUID.randomUUID();
                    String state = newState();
                    return blocking(() -> providerCall(() -> connectors
                                    .of(provider)
                                    .createConsent(new ConsentRequest(
                                            institutionId,
                                            validUntil,
                                            institution.historyDays(),
                                            id.toString(),
                                            redirectUri(state),
                                            psuIp))))
                            .flatMap(auth -> Panache.withTransaction(() -> {
                                Instant now = clock.instant();
                                Consent c = new Consent();
                                c.id = id;
                                c.tenantId = tenantId;
                                c.institutionId = institutionId;
                                c.provider = provider;
                                c.status = ConsentStatus.AWAITING_AUTHORISATION;
                                c.validUntil = validUntil;
                                c.requestedValidUntil = validUntil;
                                c.createdBy = actor;
                                c.createdAt = now;
                                c.updatedAt = now;
                                c.providerRefEnc = box.seal(auth.providerConsentId(), id.toString());
                                bindState(c, state, actor, now);
                                return consents.persist(c)
                                        .call(consents::flush)
                                        .call(() -> audit.record(
                                                c,
                                                actor,
                                                AuditAction.AUTHORISATION_STARTED,
                                                now,
                                                "at %s (%s), valid until %s"
                                                        .formatted(institutionId, provider, validUntil)))
                                        .replaceWith(
                                                new Started(new ConsentDetails(c, List.of()), auth.authorisationUrl()));
                            }));
                });
    }

    /**
     * Starts a new authorisation of an existing consent (renewal, before or after it expired). Until the user
     * completes it the consent keeps its current access; on success its accounts are relinked by IBAN.
     */
    public Uni<Started> reauthorise(String tenantId, String actor, UUID id, LocalDate validUntil, String psuIp) {
        return Panache.withTransaction(() -> consents.findForTenant(tenantId, id))
                .flatMap(found -> {
                    if (found == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (found.status == ConsentStatus.REVOKED || found.status == ConsentStatus.CREATED) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "consent-not-renewable",
                                        "consent " + id + " is " + found.status + "; start a new consent instead"));
                    }
                    Provider provider = found.provider;
                    String institutionId = found.institutionId;
                    String state = newState();
                    return blocking(() -> connectors.institution(provider, institutionId, null))
                            .flatMap(institution -> {
                                checkValidity(validUntil, institution);
                                return blocking(() -> providerCall(() -> connectors
                                        .of(provider)
                                        .createConsent(new ConsentRequest(
                                                institutionId,
                                                validUntil,
                                                institution.historyDays(),
                                                id + "-" + clock.millis(),
                                                redirectUri(state),
                                                psuIp))));
                            })
                            .flatMap(auth -> Panache.withTransaction(() -> consents.lockForTenant(tenantId, id)
                                    .flatMap(c -> {
                                        Instant now = clock.instant();
                                        c.pendingProviderRefEnc = box.seal(auth.providerConsentId(), c.id.toString());
                                        c.requestedValidUntil = validUntil;
                                        c.updatedAt = now;
                                        if (c.status == ConsentStatus.REJECTED) {
                                            c.status = ConsentStatus.AWAITING_AUTHORISATION;
                                        }
                                        bindState(c, state, actor, now);
                                        return audit.record(
                                                        c,
                                                        actor,
                                                        AuditAction.REAUTHORISATION_STARTED,
                                                        now,
                                                        "valid until " + validUntil + " once authorised")
                                                .call(consents::flush)
                                                .flatMap(x -> accounts.forConsent(c.id))
                                                .map(linked -> new Started(
                                                        new ConsentDetails(c, linked), auth.authorisationUrl()));
                                    })));
                });
    }

    // ------------------------------------------------------------------------------------------ callback

    private record Consumed(UUID consentId, String tenantId, Provider provider, String providerRef, boolean renewal) {}

    /**
     * The user is back from the bank. The state is consumed first (single use); then the provider is asked what
     * happened (the redirect's own error parameter is only a hint), and the consent becomes ACTIVE with its accounts,
     * or REJECTED (a rejected renewal leaves the consent as it was).
     */
    public Uni<ConsentDetails> callback(String tenantId, String actor, String state, String error) {
        if (state == null || state.isBlank() || state.length() > 128) {
            throw ProblemException.badRequest("state", "required: the state the bank sent back");
        }
        String hash = sha256(state.trim());
        return Panache.withTransaction(() -> consents.lockByStateHash(hash).flatMap(c -> {
                    // another tenant's state is as unknown as a made-up one
                    if (c == null || !c.tenantId.equals(tenantId)) {
                        return Uni.createFrom()
                                .failure(ProblemException.badRequest("state", "unknown or already used"));
                    }
                    if (!actor.equals(c.stateActor)) {
                        return Uni.createFrom()
                                .failure(new ProblemException(
                                        403,
                                        "state-not-yours",
                                        "Forbidden",
                                        "this authorisation was started by another user"));
                    }
                    boolean expired = c.stateExpiresAt.isBefore(clock.instant());
                    boolean renewal = c.pendingProviderRefEnc != null;
                    String ref = box.open(renewal ? c.pendingProviderRefEnc : c.providerRefEnc, c.id.toString());
                    c.stateHash = null;
                    c.stateActor = null;
                    c.stateExpiresAt = null;
                    if (expired) {
                        c.pendingProviderRefEnc = null;
                        return Uni.createFrom()
                                .failure(ProblemException.badRequest(
                                        "state",
                                        "expired: the authorisation must be completed within "
                                                + config.stateTtl().toMinutes() + " minutes"));
                    }
                    return Uni.createFrom().item(new Consumed(c.id, c.tenantId, c.provider, ref, renewal));
                }))
                .flatMap(done -> blocking(() -> providerCall(() -> {
                            ConsentState s = connectors.of(done.provider()).consentStatus(done.providerRef());
                            List<Account> linked = s.status().usable()
                                    ? connectors.of(done.provider()).accounts(done.providerRef())
                                    : List.of();
                            return Map.entry(s, linked);
                        }))
                        .flatMap(result -> apply(done, actor, result.getKey(), result.getValue(), error)));
    }

    private Uni<ConsentDetails> apply(
            Consumed done, String actor, ConsentState state, List<Account> providerAccounts, String error) {
        return Panache.withTransaction(() -> consents.lockForTenant(done.tenantId(), done.consentId())
                .flatMap(c -> {
                    Instant now = clock.instant();
                    LocalDate today = LocalDate.now(clock);
                    if (!state.status().usable()) {
                        String why = "bank says " + state.providerStatus()
                                + (error == null ? "" : ", redirect error " + error);
                        if (done.renewal()) {
                            c.pendingProviderRefEnc = null; // the old access stays as it was
                        } else {
                            c.status = state.status() == ConsentLifecycle.EXPIRED
                                    ? ConsentStatus.EXPIRED
                                    : ConsentStatus.REJECTED;
                        }
                        c.updatedAt = now;
                        return audit.record(c, actor, AuditAction.REJECTED, now, why)
                                .call(consents::flush)
                                .flatMap(x -> accounts.forConsent(c.id))
                                .map(l -> new ConsentDetails(c, l));
                    }
                    if (done.renewal()) {
                        c.providerRefEnc = c.pendingProviderRefEnc;
                        c.pendingProviderRefEnc = null;
                    }
                    LocalDate until = c.requestedValidUntil != null ? c.requestedValidUntil : c.validUntil;
                    if (state.validUntil() != null && state.validUntil().isBefore(until)) {
                        until = state.validUntil(); // the bank may grant less than asked
                    }
                    c.validUntil = until;
                    c.status = ConsentStatus.ACTIVE;
                    c.expiryNoticeDays = null;
                    c.authorisedAt = now;
                    c.updatedAt = now;
                    return accounts.forConsent(c.id)
                            .flatMap(existing -> relink(c, existing, providerAccounts))
                            .flatMap(linked -> {
                                ConsentGranted event = new ConsentGranted(
                                        c.id.toString(),
                                        c.tenantId,
                                        c.institutionId,
                                        c.provider.name(),
                                        c.validUntil,
                                        linked.stream()
                                                .map(l -> new app.lettrage.events.LinkedAccount(
                                                        l.accountId, l.iban, l.currency, l.name))
                                                .toList(),
                                        now);
                                return audit.record(
                                                c,
                                                actor,
                                                AuditAction.AUTHORISED,
                                                now,
                                                "%d account(s)%s, valid until %s"
                                                        .formatted(
                                                                linked.size(),
                                                                done.renewal() ? " relinked by IBAN" : "",
                                                                c.validUntil))
                                        .call(() -> outbox.append(AGGREGATE, event))
                                        .call(consents::flush)
                                        .replaceWith(new ConsentDetails(c, linked));
                            });
                }));
    }

    /**
     * The provider's accounts onto the consent's: an account with the IBAN of a linked one takes its place (same
     * linked id, new provider id), so a renewal never duplicates accounts; new ones are added, gone ones removed.
     */
    private Uni<List<LinkedAccount>> relink(Consent c, List<LinkedAccount> existing, List<Account> fresh) {
        Map<String, LinkedAccount> byIban = new HashMap<>();
        Map<String, LinkedAccount> byProviderId = new HashMap<>();
        existing.forEach(l -> {
            if (l.iban != null) {
                byIban.put(l.iban, l);
            }
            byProviderId.put(l.accountId, l);
        });
        List<LinkedAccount> kept = new ArrayList<>();
        List<LinkedAccount> added = new ArrayList<>();
        for (Account a : fresh) {
            String iban = a.iban() == null ? null : Iban.normalize(a.iban());
            LinkedAccount l =
                    iban != null && byIban.containsKey(iban) ? byIban.get(iban) : byProviderId.get(a.accountId());
            if (l == null) {
                l = new LinkedAccount();
                l.id = UUID.randomUUID();
                l.consentId = c.id;
                added.add(l);
            } else {
                kept.add(l);
            }
            l.accountId = a.accountId();
            l.iban = iban;
            l.currency = a.currency();
            l.name = a.name();
        }
        List<LinkedAccount> gone =
                existing.stream().filter(l -> !kept.contains(l)).toList();
        List<LinkedAccount> all = new ArrayList<>(kept);
        all.addAll(added);
        all.sort(java.util.Comparator.comparing(l -> l.accountId));
        return Multi.createFrom()
                .iterable(gone)
                .onItem()
                .transformToUniAndConcatenate(accounts::delete)
                .collect()
                .asList()
                .call(accounts::flush)
                .call(() -> added.isEmpty() ? Uni.createFrom().voidItem() : accounts.persist(added))
                .replaceWith(all);
    }

    // ------------------------------------------------------------------------------------------ expiry

    /** What one run of the expiry job did. */
    public record ExpiryRun(int expiringNotices, int expired) {}

    /**
     * Publishes ConsentExpiring for active consents 14 and 7 days before their end (each notice once; a consent
     * created with less time left gets the nearest one) and expires the ones past their end (ConsentExpired).
     */
    public Uni<ExpiryRun> checkExpiry(LocalDate today) {
        return Panache.withTransaction(() -> consents.endingBy(today.plusDays(NOTICE_DAYS[0]), 500)
                .flatMap(list -> {
                    Instant now = clock.instant();
                    int[] counts = new int[2];
                    return Multi.createFrom()
                            .iterable(list)
                            .onItem()
                            .transformToUniAndConcatenate(c -> {
                                long left = ChronoUnit.DAYS.between(today, c.validUntil);
                                if (left < 0) {
                                    c.status = ConsentStatus.EXPIRED;
                                    c.updatedAt = now;
                                    counts[1]++;
                                    return audit.record(
                                                    c,
                                                    "system",
                                                    AuditAction.EXPIRED,
                                                    now,
                                                    "valid until " + c.validUntil)
                                            .call(() -> outbox.append(
                                                    AGGREGATE,
                                                    new ConsentExpired(
                                                            c.id.toString(), c.tenantId, c.institutionId, now)));
                                }
                                Integer notice = null;
                                for (int d : NOTICE_DAYS) {
                                    if (left <= d && (c.expiryNoticeDays == null || c.expiryNoticeDays > d)) {
                                        notice = d;
                                    }
                                }
                                if (notice == null) {
                                    return Uni.createFrom().voidItem();
                                }
                                c.expiryNoticeDays = notice;
                                c.status = ConsentStatus.EXPIRING;
                                c.updatedAt = now;
                                counts[0]++;
                                return audit.record(c, "system", AuditAction.EXPIRING, now, left + " day(s) left")
                                        .call(() -> outbox.append(
                                                AGGREGATE,
                                                new ConsentExpiring(
                                                        c.id.toString(),
                                                        c.tenantId,
                                                        c.institutionId,
                                                        c.validUntil,
                                                        (int) left,
                                                        now)));
                            })
                            .collect()
                            .asList()
                            .call(consents::flush)
                            .map(x -> new ExpiryRun(counts[0], counts[1]));
                }));
    }

    // ------------------------------------------------------------------------------------------ revoke

    /** Ends the consent at the provider (before anything changes here); null when the tenant has no such consent. */
    public Uni<Void> revokeAtProvider(String tenantId, UUID id) {
        return Panache.withTransaction(() -> consents.findForTenant(tenantId, id))
                .flatMap(c -> {
                    if (c == null
                            || c.providerRefEnc == null
                            || !c.status.isRevocable()
                            || !connectors.offers(c.provider)) {
                        return Uni.createFrom().voidItem();
                    }
                    String ref = box.open(c.providerRefEnc, c.id.toString());
                    Provider provider = c.provider;
                    return blocking(() -> {
                                providerCall(() -> {
                                    connectors.of(provider).revoke(ref);
                                    return null;
                                });
                                return null;
                            })
                            .replaceWithVoid();
                });
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void checkValidity(LocalDate validUntil, Institution institution) {
        LocalDate today = LocalDate.now(clock);
        int max = Math.min(config.maxValidityDays(), institution.maxConsentDays());
        if (validUntil == null) {
            throw ProblemException.badRequest("validUntil", "required");
        }
        if (!validUntil.isAfter(today)) {
            throw ProblemException.badRequest("validUntil", "must be after today (" + today + ")");
        }
        if (validUntil.isAfter(today.plusDays(max))) {
            throw ProblemException.badRequest(
                    "validUntil",
                    institution.name() + " grants at most " + max + " days: at the latest " + today.plusDays(max));
        }
    }

    private void bindState(Consent c, String state, String actor, Instant now) {
        c.stateHash = sha256(state);
        c.stateActor = actor;
        c.stateExpiresAt = now.plus(config.stateTtl());
    }

    private String newState() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private String redirectUri(String state) {
        String base = config.redirectUri().toString();
        return base + (base.contains("?") ? "&" : "?") + "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A provider failure as a 502 problem (its message names no secret), so nothing here is half-done. */
    private static <T> T providerCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (ProblemException e) {
            throw e;
        } catch (ConnectorException e) {
            LOG.warnf("provider call failed: %s %s", e.code(), e.getMessage());
            throw new ProblemException(502, "provider-error", "Bad Gateway", "the bank answered: " + e.getMessage());
        }
    }
}
