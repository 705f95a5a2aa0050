package app.lettrage.sandboxbank;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The sandbox bank's state, in memory: demo accounts, consents (Berlin Group and GoCardless), calls, test payments. */
final class Bank {

    /** PSD2 RTS art. 36(5): four account-information calls a day without the user. */
    static final int UNATTENDED_PER_DAY = 4;

    static final int HISTORY_DAYS = 90;
    static final int MAX_CONSENT_DAYS = 180;

    enum Api {
        BERLIN_GROUP,
        GOCARDLESS
    }

    static final class Consent {
        final String id = UUID.randomUUID().toString();
        final Api api;
        final String institutionId;
        volatile String status; // BG consentStatus, or GoCardless requisition status
        volatile LocalDate validUntil;
        final String redirect;
        final String nokRedirect;
        final String reference;
        final String agreementId;
        volatile LocalDate acceptedOn;
        final int historyDays;

        Consent(
                Api api,
                String institutionId,
                String status,
                LocalDate validUntil,
                String redirect,
                String nokRedirect,
                String reference,
                String agreementId,
                int historyDays) {
            this.api = api;
            this.institutionId = institutionId;
            this.status = status;
            this.validUntil = validUntil;
            this.redirect = redirect;
            this.nokRedirect = nokRedirect;
            this.reference = reference;
            this.agreementId = agreementId;
            this.historyDays = historyDays;
        }

        boolean approved() {
            return api == Api.BERLIN_GROUP ? status.equals("valid") : status.equals("LN");
        }
    }

    record Agreement(String id, String institutionId, int maxHistoricalDays, int accessValidForDays) {}

    /** A payment a test or a newcomer asked for (to pay an invoice of theirs). */
    static final class Payment {
        final long seq;
        final String accountIban;
        volatile Tx tx;

        Payment(long seq, String accountIban, Tx tx) {
            this.seq = seq;
            this.accountIban = accountIban;
            this.tx = tx;
        }
    }

    final List<DemoAccount> accounts = List.of(
            new DemoAccount("BE68539007547034", "EUR", "ACME Compte courant", "ACME SA", false, false),
            new DemoAccount("NL91ABNA0417164300", "EUR", "ACME Collections NL", "ACME SA", true, true));

    final Map<String, Consent> consents = new ConcurrentHashMap<>();
    final Map<String, Agreement> agreements = new ConcurrentHashMap<>();
    final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
    final Map<String, Payment> payments = new ConcurrentHashMap<>();
    /** iban|date -> [unattended, attended] calls on transactions */
    final Map<String, int[]> calls = new ConcurrentHashMap<>();

    private final AtomicLong paymentSeq = new AtomicLong();
    private volatile LocalDate fixedToday;
    private final Clock clock;

    Bank(Clock clock) {
        this.clock = clock;
    }

    LocalDate today() {
        LocalDate f = fixedToday;
        return f != null ? f : LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    void today(LocalDate day) {
        fixedToday = day;
    }

    DemoAccount account(String iban) {
        return accounts.stream().filter(a -> a.iban().equals(iban)).findFirst().orElse(null);
    }

    /** The account's id under a consent: another consent sees other ids for the same accounts (relink by IBAN). */
    static String resourceId(String consentId, String iban) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((consentId + "|" + iban).getBytes(StandardCharsets.UTF_8));
            return "acc-" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The consent's account for a resource id, or null. */
    DemoAccount accountOf(Consent c, String resourceId) {
        return accounts.stream()
                .filter(a -> resourceId(c.id, a.iban()).equals(resourceId))
                .findFirst()
                .orElse(null);
    }

    /** Whether the consent is past its end (sandbox today after validUntil), updating its status if so. */
    boolean expire(Consent c) {
        if (c.approved() && today().isAfter(c.validUntil)) {
            c.status = c.api == Api.BERLIN_GROUP ? "expired" : "EX";
        }
        return c.status.equals("expired") || c.status.equals("EX");
    }

    /** Counts a transactions call; returns the calls of that kind made today, this one included. */
    int countCall(String iban, boolean attended) {
        int[] c = calls.computeIfAbsent(iban + "|" + today(), k -> new int[2]);
        synchronized (c) {
            return ++c[attended ? 1 : 0];
        }
    }

    int unattendedToday(String iban) {
        int[] c = calls.get(iban + "|" + today());
        return c == null ? 0 : c[0];
    }

    Payment pay(String iban, Tx tx) {
        long seq = paymentSeq.incrementAndGet();
        String id = tx.pending() ? "ADM-PND-" + seq : "ADM-BKD-" + seq;
        DemoAccount a = account(iban);
        Tx withId = new Tx(
                a.withoutIds() ? null : id,
                tx.pending(),
                tx.amount(),
                tx.currency(),
                tx.bookingDate(),
                tx.valueDate(),
                tx.counterpartyName(),
                tx.counterpartyIban(),
                tx.remittance(),
                tx.structuredReference(),
                tx.endToEndId(),
                tx.bankTransactionCode());
        Payment p = new Payment(seq, iban, withId);
        payments.put(String.valueOf(seq), p);
        return p;
    }

    /** Books a pending test payment: a new id (as real banks do) and today's booking date. */
    Payment book(String seq) {
        Payment p = payments.get(seq);
        if (p == null || !p.tx.pending()) {
            return p;
        }
        Tx t = p.tx;
        DemoAccount a = account(p.accountIban);
        p.tx = new Tx(
                a.withoutIds() ? null : "ADM-BKD-" + seq,
                false,
                t.amount(),
                t.currency(),
                today(),
                t.valueDate(),
                t.counterpartyName(),
                t.counterpartyIban(),
                t.remittance(),
                t.structuredReference(),
                t.endToEndId(),
                t.bankTransactionCode());
        return p;
    }

    /** The account's transactions from {@code from} to today, oldest first: generated ones and test payments. */
    List<Tx> transactions(DemoAccount a, LocalDate from) {
        LocalDate today = today();
        LocalDate start = from.isBefore(today.minusDays(HISTORY_DAYS)) ? today.minusDays(HISTORY_DAYS) : from;
        List<Tx> out = new ArrayList<>();
        for (LocalDate d = start; !d.isAfter(today); d = d.plusDays(1)) {
            out.addAll(Generator.day(a, d, today));
        }
        payments.values().stream()
                .filter(p -> p.accountIban.equals(a.iban()))
                .sorted(java.util.Comparator.comparingLong(p -> p.seq))
                .map(p -> p.tx)
                .filter(t -> !t.day().isBefore(start) && !t.day().isAfter(today))
                .forEach(out::add);
        return out;
    }

    Map<String, Object> callsView() {
        Map<String, Object> out = new LinkedHashMap<>();
        calls.forEach((k, v) -> out.put(k, Map.of("unattended", v[0], "attended", v[1])));
        return out;
    }

    /**
     * Every reference and token this bank handed to a TPP (consent and agreement ids, account resource ids, access
     * tokens): what the TPP must keep out of its logs.
     */
    Map<String, Object> referencesView() {
        Set<String> references = new TreeSet<>();
        for (Consent k : consents.values()) {
            references.add(k.id);
            if (k.agreementId != null) {
                references.add(k.agreementId);
            }
            accounts.forEach(a -> references.add(resourceId(k.id, a.iban())));
        }
        references.addAll(agreements.keySet());
        references.addAll(tokens.keySet());
        return Map.of("references", List.copyOf(references));
    }

    static BigDecimal amount(String s) {
        return new BigDecimal(s);
    }
}
