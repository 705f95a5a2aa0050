package app.lettrage.sandboxbank;

import app.lettrage.sandboxbank.Http.Answer;
import app.lettrage.sandboxbank.Http.Call;
import app.lettrage.sandboxbank.Http.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The sandbox bank: one bank behind two APIs on localhost, for local runs and tests.
 *
 * <pre>
 *   /psd2/v1/...                     Berlin Group NextGenPSD2 (consents, accounts, transactions; redirect SCA)
 *   /gocardless/api/v2/...           GoCardless Bank Account Data (token, institutions, agreements, requisitions,
 *                                    accounts, transactions)
 *   /sca/{id}                        the SCA page: approve or reject (POST /sca/{id}/approve | /reject → 303 back)
 *   /admin/...                       for tests and demos: payments to make, the sandbox date, consent expiry, calls
 * </pre>
 *
 * Hard cases on purpose: today's transactions are pending and booked the next day under other ids; the NL account
 * reports every amount positive (creditDebitIndicator) and gives no transactionId; a fifth unattended transactions
 * call on an account in one day is a 429 (ACCESS_EXCEEDED / RateLimitError); consents end at their validUntil
 * (401 CONSENT_EXPIRED / AccessExpiredError). Every account id differs per consent, so a re-authorisation must be
 * relinked by IBAN.
 */
public final class SandboxBank {

    static final String INSTITUTION = "SANDBOX_BANK_SNDBBEBB";
    static final String GC_SECRET_ID = "sandbox-secret-id";
    static final String GC_SECRET_KEY = "sandbox-secret-key";
    private static final int PAGE_SIZE = 50;

    final Bank bank;
    private final HttpServer server;
    private final Clock clock;
    private final Http http;

    public SandboxBank(int port, Clock clock) throws IOException {
        this.clock = clock;
        this.bank = new Bank(clock);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        this.http = new Http();
        routes(http);
        server.createContext("/", http::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
    }

    public SandboxBank start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void stop() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /**
     * How many requests the route declared as {@code method pathRegex} has had (e.g. {@code "GET",
     * "/gocardless/api/v2/institutions/"}), for tests that count what reaches the bank.
     */
    public int served(String method, String pathRegex) {
        return http.served(method, pathRegex);
    }

    /** The next {@code times} requests to that route are answered 503, as during a provider's outage. */
    public void failNext(String method, String pathRegex, int times) {
        http.failNext(method, pathRegex, times);
    }

    public static void main(String[] args) throws IOException {
        int port =
                Integer.parseInt(System.getenv().getOrDefault("SANDBOX_BANK_PORT", args.length > 0 ? args[0] : "8085"));
        SandboxBank s = new SandboxBank(port, Clock.systemUTC()).start();
        System.out.println("sandbox-bank listening on http://127.0.0.1:" + s.port()
                + "  (Berlin Group: /psd2/v1, GoCardless: /gocardless/api/v2, admin: /admin)");
    }

    private void routes(Http h) {
        h.route("GET", "/", c -> Reply.html(index()));
        h.route("GET", "/q/health/ready", c -> Reply.json(200, Map.of("status", "UP")));
        // ---------------------------------------------------------------- Berlin Group NextGenPSD2
        h.route("POST", "/psd2/v1/consents", this::bgCreateConsent);
        h.route("GET", "/psd2/v1/consents/([^/]+)", c -> {
            Bank.Consent k = bgConsent(c.group(1));
            bank.expire(k);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access", Map.of("allPsd2", "allAccounts"));
            body.put("recurringIndicator", true);
            body.put("validUntil", k.validUntil.toString());
            body.put("frequencyPerDay", Bank.UNATTENDED_PER_DAY);
            body.put("lastActionDate", bank.today().toString());
            body.put("consentStatus", k.status);
            return Reply.json(200, body);
        });
        h.route("GET", "/psd2/v1/consents/([^/]+)/status", c -> {
            Bank.Consent k = bgConsent(c.group(1));
            bank.expire(k);
            return Reply.json(200, Map.of("consentStatus", k.status));
        });
        h.route("DELETE", "/psd2/v1/consents/([^/]+)", c -> {
            bgConsent(c.group(1)).status = "terminatedByTpp";
            return new Reply(204, "application/json", null, Map.of());
        });
        h.route("GET", "/psd2/v1/accounts", c -> {
            Bank.Consent k = bgUsableConsent(c);
            List<Object> list = new ArrayList<>();
            for (DemoAccount a : bank.accounts) {
                list.add(Map.of(
                        "resourceId",
                        Bank.resourceId(k.id, a.iban()),
                        "iban",
                        a.iban(),
                        "currency",
                        a.currency(),
                        "name",
                        a.name(),
                        "ownerName",
                        a.owner(),
                        "cashAccountType",
                        "CACC",
                        "status",
                        "enabled"));
            }
            return Reply.json(200, Map.of("accounts", list));
        });
        h.route("GET", "/psd2/v1/accounts/([^/]+)/transactions", this::bgTransactions);
        // ---------------------------------------------------------------- GoCardless Bank Account Data
        String gc = "/gocardless/api/v2";
        h.route("POST", gc + "/token/new/", c -> {
            JsonNode b = c.json(gcError(400, "Invalid request", "body is not JSON", "ValidationError"));
            if (!GC_SECRET_ID.equals(b.path("secret_id").asText())
                    || !GC_SECRET_KEY.equals(b.path("secret_key").asText())) {
                throw new Answer(
                        401,
                        gcError(
                                401,
                                "Authentication failed",
                                "No active account found with the given credentials",
                                null));
            }
            String access = newToken();
            return Reply.json(
                    200,
                    Map.of(
                            "access",
                            access,
                            "access_expires",
                            86400,
                            "refresh",
                            "refresh-" + UUID.randomUUID(),
                            "refresh_expires",
                            2592000));
        });
        h.route("POST", gc + "/token/refresh/", c -> {
            JsonNode b = c.json(gcError(400, "Invalid request", "body is not JSON", "ValidationError"));
            if (!b.path("refresh").asText().startsWith("refresh-")) {
                throw new Answer(401, gcError(401, "Invalid token", "Token is invalid or expired", null));
            }
            return Reply.json(200, Map.of("access", newToken(), "access_expires", 86400));
        });
        h.route("GET", gc + "/institutions/", c -> {
            gcAuth(c);
            String country = c.query.get("country");
            List<Object> list = new ArrayList<>();
            if (country == null || List.of("BE", "NL", "FR", "DE", "LU").contains(country.toUpperCase())) {
                list.add(institution());
            }
            return Reply.json(200, list);
        });
        h.route("GET", gc + "/institutions/([^/]+)/", c -> {
            gcAuth(c);
            if (!INSTITUTION.equals(c.group(1))) {
                throw new Answer(404, gcError(404, "Not found.", "Institution " + c.group(1) + " not found", null));
            }
            return Reply.json(200, institution());
        });
        h.route("POST", gc + "/agreements/enduser/", this::gcAgreement);
        h.route("GET", gc + "/agreements/enduser/([^/]+)/", c -> {
            gcAuth(c);
            Bank.Agreement a = bank.agreements.get(c.group(1));
            if (a == null) {
                throw new Answer(404, gcError(404, "Not found.", "agreement not found", null));
            }
            Bank.Consent k = bank.consents.values().stream()
                    .filter(x -> a.id().equals(x.agreementId))
                    .findFirst()
                    .orElse(null);
            Map<String, Object> body = agreementView(a);
            body.put(
                    "accepted",
                    k == null || k.acceptedOn == null
                            ? null
                            : k.acceptedOn
                                    .atStartOfDay()
                                    .atOffset(ZoneOffset.UTC)
                                    .toString());
            return Reply.json(200, body);
        });
        h.route("POST", gc + "/requisitions/", this::gcRequisition);
        h.route("GET", gc + "/requisitions/([^/]+)/", c -> {
            gcAuth(c);
            Bank.Consent k = gcConsent(c.group(1));
            bank.expire(k);
            return Reply.json(200, requisitionView(c, k));
        });
        h.route("DELETE", gc + "/requisitions/([^/]+)/", c -> {
            gcAuth(c);
            Bank.Consent k = gcConsent(c.group(1));
            bank.consents.remove(k.id);
            return Reply.json(
                    200,
                    Map.of(
                            "summary",
                            "Requisition deleted",
                            "detail",
                            "Requisition '" + k.id + "' deleted with all its End User Agreements"));
        });
        h.route("GET", gc + "/accounts/([^/]+)/", c -> {
            gcAuth(c);
            Map.Entry<Bank.Consent, DemoAccount> e = gcAccount(c.group(1), false);
            return Reply.json(
                    200,
                    Map.of(
                            "id",
                            c.group(1),
                            "iban",
                            e.getValue().iban(),
                            "institution_id",
                            INSTITUTION,
                            "status",
                            "READY",
                            "owner_name",
                            e.getValue().owner()));
        });
        h.route("GET", gc + "/accounts/([^/]+)/details/", c -> {
            gcAuth(c);
            DemoAccount a = gcAccount(c.group(1), true).getValue();
            return Reply.json(
                    200,
                    Map.of(
                            "account",
                            Map.of(
                                    "resourceId",
                                    c.group(1),
                                    "iban",
                                    a.iban(),
                                    "currency",
                                    a.currency(),
                                    "ownerName",
                                    a.owner(),
                                    "name",
                                    a.name(),
                                    "cashAccountType",
                                    "CACC")));
        });
        h.route("GET", gc + "/accounts/([^/]+)/transactions/", this::gcTransactions);
        // ---------------------------------------------------------------- SCA page
        h.route("GET", "/sca/([^/]+)", c -> {
            Bank.Consent k = anyConsent(c.group(1));
            if (k.api == Bank.Api.GOCARDLESS && k.status.equals("CR")) {
                k.status = "UA";
            }
            return Reply.html(scaPage(k));
        });
        h.route("POST", "/sca/([^/]+)/approve", c -> {
            Bank.Consent k = anyConsent(c.group(1));
            requirePending(k);
            k.status = k.api == Bank.Api.BERLIN_GROUP ? "valid" : "LN";
            k.acceptedOn = bank.today();
            if (k.api == Bank.Api.GOCARDLESS) {
                Bank.Agreement a = bank.agreements.get(k.agreementId);
                k.validUntil = bank.today().plusDays(a == null ? 90 : a.accessValidForDays());
                return Reply.redirect(withParam(k.redirect, "ref", k.reference));
            }
            return Reply.redirect(k.redirect);
        });
        h.route("POST", "/sca/([^/]+)/reject", c -> {
            Bank.Consent k = anyConsent(c.group(1));
            requirePending(k);
            k.status = k.api == Bank.Api.BERLIN_GROUP ? "rejected" : "RJ";
            if (k.api == Bank.Api.GOCARDLESS) {
                return Reply.redirect(
                        withParam(withParam(k.redirect, "ref", k.reference), "error", "UserCancelledSession"));
            }
            return Reply.redirect(k.nokRedirect != null ? k.nokRedirect : withParam(k.redirect, "error", "rejected"));
        });
        // ---------------------------------------------------------------- admin (tests, demos)
        h.route("GET", "/admin/accounts", c -> Reply.json(200, bank.accounts));
        h.route("POST", "/admin/payments", this::adminPayment);
        h.route("POST", "/admin/payments/([0-9]+)/book", c -> {
            Bank.Payment p = bank.book(c.group(1));
            if (p == null) {
                throw new Answer(404, Map.of("error", "no payment " + c.group(1)));
            }
            return Reply.json(200, paymentView(p));
        });
        h.route(
                "GET",
                "/admin/clock",
                c -> Reply.json(200, Map.of("today", bank.today().toString())));
        h.route("POST", "/admin/clock", c -> {
            JsonNode b = c.json(Map.of("error", "body: not JSON"));
            if (b.hasNonNull("today")) {
                bank.today(date(b.get("today").asText(), "today"));
            } else if (b.hasNonNull("advanceDays")) {
                bank.today(bank.today().plusDays(b.get("advanceDays").asLong()));
            } else {
                throw new Answer(400, Map.of("error", "today (YYYY-MM-DD) or advanceDays required"));
            }
            return Reply.json(200, Map.of("today", bank.today().toString()));
        });
        h.route("POST", "/admin/consents/([^/]+)/expire", c -> {
            Bank.Consent k = anyConsent(c.group(1));
            k.validUntil = bank.today().minusDays(1);
            bank.expire(k);
            return Reply.json(200, Map.of("id", k.id, "status", k.status, "validUntil", k.validUntil.toString()));
        });
        h.route("GET", "/admin/calls", c -> Reply.json(200, bank.callsView()));
        h.route("GET", "/admin/references", c -> Reply.json(200, bank.referencesView()));
    }

    // ------------------------------------------------------------------------------------------ Berlin Group

    private static Map<String, Object> tpp(String code, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("category", "ERROR");
        m.put("code", code);
        m.put("text", text);
        return Map.of("tppMessages", List.of(m));
    }

    private Reply bgCreateConsent(Call c) {
        if (c.header("X-Request-ID") == null) {
            throw new Answer(400, tpp("FORMAT_ERROR", "X-Request-ID header missing"));
        }
        String redirect = c.header("TPP-Redirect-URI");
        if (redirect == null) {
            throw new Answer(
                    400,
                    tpp("FORMAT_ERROR", "TPP-Redirect-URI header missing (only the redirect approach is offered)"));
        }
        JsonNode b = c.json(tpp("FORMAT_ERROR", "body is not JSON"));
        LocalDate validUntil = bgDate(b.path("validUntil").asText(null), "validUntil");
        LocalDate today = bank.today();
        if (!validUntil.isAfter(today)) {
            throw new Answer(400, tpp("FORMAT_ERROR", "validUntil must be after " + today));
        }
        if (validUntil.isAfter(today.plusDays(Bank.MAX_CONSENT_DAYS))) {
            validUntil = today.plusDays(Bank.MAX_CONSENT_DAYS); // banks cap it, as the standard allows
        }
        Bank.Consent k = new Bank.Consent(
                Bank.Api.BERLIN_GROUP,
                INSTITUTION,
                "received",
                validUntil,
                redirect,
                c.header("TPP-Nok-Redirect-URI"),
                null,
                null,
                Bank.HISTORY_DAYS);
        bank.consents.put(k.id, k);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("scaRedirect", Map.of("href", c.base() + "/sca/" + k.id));
        links.put("self", Map.of("href", "/psd2/v1/consents/" + k.id));
        links.put("status", Map.of("href", "/psd2/v1/consents/" + k.id + "/status"));
        return Reply.json(
                201,
                Map.of("consentStatus", k.status, "consentId", k.id, "_links", links),
                Map.of("Location", "/psd2/v1/consents/" + k.id, "ASPSP-SCA-Approach", "REDIRECT"));
    }

    private Bank.Consent bgConsent(String id) {
        Bank.Consent k = bank.consents.get(id);
        if (k == null || k.api != Bank.Api.BERLIN_GROUP) {
            throw new Answer(403, tpp("CONSENT_UNKNOWN", "no such consent"));
        }
        return k;
    }

    private Bank.Consent bgUsableConsent(Call c) {
        String id = c.header("Consent-ID");
        if (id == null) {
            throw new Answer(400, tpp("FORMAT_ERROR", "Consent-ID header missing"));
        }
        if (c.header("X-Request-ID") == null) {
            throw new Answer(400, tpp("FORMAT_ERROR", "X-Request-ID header missing"));
        }
        Bank.Consent k = bank.consents.get(id);
        if (k == null || k.api != Bank.Api.BERLIN_GROUP) {
            throw new Answer(403, tpp("CONSENT_UNKNOWN", "no such consent"));
        }
        if (bank.expire(k)) {
            throw new Answer(401, tpp("CONSENT_EXPIRED", "consent expired on " + k.validUntil));
        }
        if (!k.approved()) {
            throw new Answer(401, tpp("CONSENT_INVALID", "consent is " + k.status));
        }
        return k;
    }

    private Reply bgTransactions(Call c) {
        Bank.Consent k = bgUsableConsent(c);
        DemoAccount a = bank.accountOf(k, c.group(1));
        if (a == null) {
            throw new Answer(404, tpp("RESOURCE_UNKNOWN", "no such account under this consent"));
        }
        String status = c.query.get("bookingStatus");
        if (status == null || !List.of("booked", "pending", "both").contains(status)) {
            throw new Answer(400, tpp("PARAMETER_NOT_SUPPORTED", "bookingStatus must be booked, pending or both"));
        }
        LocalDate from = bgDate(c.query.get("dateFrom"), "dateFrom");
        int page = page(c.query.get("page"));
        Map<String, String> headers = new LinkedHashMap<>();
        if (page == 0) {
            // PSD2: without the user, four calls a day per account; the user's own requests are not capped
            boolean attended = c.header("PSU-IP-Address") != null;
            int n = bank.countCall(a.iban(), attended);
            if (!attended) {
                headers.putAll(limitHeaders(n));
                if (n > Bank.UNATTENDED_PER_DAY) {
                    throw new Answer(
                            429, tpp("ACCESS_EXCEEDED", "the four unattended accesses of today are used"), headers);
                }
            }
        }
        List<Tx> all = bank.transactions(a, from).stream()
                .filter(t -> status.equals("both") || status.equals("pending") == t.pending())
                .toList();
        int fromIndex = Math.min(all.size(), page * PAGE_SIZE);
        int toIndex = Math.min(all.size(), fromIndex + PAGE_SIZE);
        List<Object> booked = new ArrayList<>();
        List<Object> pending = new ArrayList<>();
        for (Tx t : all.subList(fromIndex, toIndex)) {
            (t.pending() ? pending : booked).add(view(a, t));
        }
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("booked", booked);
        tx.put("pending", pending);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("account", Map.of("href", "/psd2/v1/accounts/" + c.group(1)));
        if (toIndex < all.size()) {
            links.put(
                    "next",
                    Map.of(
                            "href",
                            "/psd2/v1/accounts/" + c.group(1) + "/transactions?bookingStatus=" + status + "&dateFrom="
                                    + from + "&page=" + (page + 1)));
        }
        tx.put("_links", links);
        return Reply.json(
                200,
                Map.of("account", Map.of("iban", a.iban(), "currency", a.currency()), "transactions", tx),
                headers);
    }

    // ------------------------------------------------------------------------------------------ GoCardless

    private static Map<String, Object> gcError(int status, String summary, String detail, String type) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", summary);
        m.put("detail", detail);
        if (type != null) {
            m.put("type", type);
        }
        m.put("status_code", status);
        return m;
    }

    private String newToken() {
        String t = "access-" + UUID.randomUUID();
        bank.tokens.put(t, Boolean.TRUE);
        return t;
    }

    private void gcAuth(Call c) {
        String auth = c.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !bank.tokens.containsKey(auth.substring(7))) {
            throw new Answer(401, gcError(401, "Invalid token", "Token is invalid or expired", null));
        }
    }

    private Map<String, Object> institution() {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("id", INSTITUTION);
        i.put("name", "Sandbox Bank");
        i.put("bic", "SNDBBEBB");
        i.put("transaction_total_days", String.valueOf(Bank.HISTORY_DAYS));
        i.put("max_access_valid_for_days", String.valueOf(Bank.MAX_CONSENT_DAYS));
        i.put("countries", List.of("BE", "NL", "FR", "DE", "LU"));
        i.put("logo", "");
        return i;
    }

    private Reply gcAgreement(Call c) {
        gcAuth(c);
        JsonNode b = c.json(gcError(400, "Invalid request", "body is not JSON", "ValidationError"));
        if (!INSTITUTION.equals(b.path("institution_id").asText())) {
            throw new Answer(
                    400,
                    Map.of(
                            "institution_id",
                            Map.of(
                                    "summary",
                                    "Unknown Institution ID",
                                    "detail",
                                    "Get Institution IDs from /institutions/?country={$COUNTRY_CODE}"),
                            "status_code",
                            400));
        }
        int history = b.path("max_historical_days").asInt(90);
        int valid = b.path("access_valid_for_days").asInt(90);
        if (history < 1 || history > Bank.HISTORY_DAYS) {
            history = Bank.HISTORY_DAYS;
        }
        if (valid < 1 || valid > Bank.MAX_CONSENT_DAYS) {
            throw new Answer(
                    400,
                    Map.of(
                            "access_valid_for_days",
                            Map.of(
                                    "summary",
                                    "Incorrect access_valid_for_days",
                                    "detail",
                                    "access_valid_for_days must be > 0 and <= " + Bank.MAX_CONSENT_DAYS),
                            "status_code",
                            400));
        }
        Bank.Agreement a = new Bank.Agreement(UUID.randomUUID().toString(), INSTITUTION, history, valid);
        bank.agreements.put(a.id(), a);
        Map<String, Object> view = agreementView(a);
        view.put("accepted", null);
        return Reply.json(201, view);
    }

    private Map<String, Object> agreementView(Bank.Agreement a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("created", Instant.now(clock).toString());
        m.put("institution_id", a.institutionId());
        m.put("max_historical_days", a.maxHistoricalDays());
        m.put("access_valid_for_days", a.accessValidForDays());
        m.put("access_scope", List.of("balances", "details", "transactions"));
        return m;
    }

    private Reply gcRequisition(Call c) {
        gcAuth(c);
        JsonNode b = c.json(gcError(400, "Invalid request", "body is not JSON", "ValidationError"));
        String redirect = b.path("redirect").asText(null);
        if (redirect == null || redirect.isBlank()) {
            throw new Answer(
                    400,
                    Map.of(
                            "redirect",
                            Map.of("summary", "This field is required.", "detail", "This field is required."),
                            "status_code",
                            400));
        }
        Bank.Agreement a = bank.agreements.get(b.path("agreement").asText(""));
        if (a == null) {
            throw new Answer(
                    400,
                    Map.of(
                            "agreement",
                            Map.of("summary", "Invalid agreement", "detail", "agreement not found"),
                            "status_code",
                            400));
        }
        String reference = b.path("reference").asText(UUID.randomUUID().toString());
        if (bank.consents.values().stream().anyMatch(k -> reference.equals(k.reference))) {
            throw new Answer(
                    400,
                    Map.of(
                            "reference",
                            Map.of(
                                    "summary",
                                    "Client reference must be unique",
                                    "detail",
                                    "reference " + reference + " already exists"),
                            "status_code",
                            400));
        }
        Bank.Consent k = new Bank.Consent(
                Bank.Api.GOCARDLESS,
                INSTITUTION,
                "CR",
                bank.today().plusDays(a.accessValidForDays()),
                redirect,
                null,
                reference,
                a.id(),
                a.maxHistoricalDays());
        bank.consents.put(k.id, k);
        return Reply.json(201, requisitionView(c, k));
    }

    private Map<String, Object> requisitionView(Call c, Bank.Consent k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id);
        m.put("created", Instant.now(clock).toString());
        m.put("redirect", k.redirect);
        m.put("status", k.status);
        m.put("institution_id", k.institutionId);
        m.put("agreement", k.agreementId);
        m.put("reference", k.reference);
        m.put(
                "accounts",
                k.status.equals("LN") || k.status.equals("EX")
                        ? bank.accounts.stream()
                                .map(a -> Bank.resourceId(k.id, a.iban()))
                                .toList()
                        : List.of());
        m.put("link", c.base() + "/sca/" + k.id);
        return m;
    }

    private Bank.Consent gcConsent(String id) {
        Bank.Consent k = bank.consents.get(id);
        if (k == null || k.api != Bank.Api.GOCARDLESS) {
            throw new Answer(404, gcError(404, "Not found.", "Requisition " + id + " not found", null));
        }
        return k;
    }

    private Map.Entry<Bank.Consent, DemoAccount> gcAccount(String accountId, boolean mustBeUsable) {
        for (Bank.Consent k : bank.consents.values()) {
            if (k.api == Bank.Api.GOCARDLESS) {
                DemoAccount a = bank.accountOf(k, accountId);
                if (a != null && (k.status.equals("LN") || k.status.equals("EX"))) {
                    if (mustBeUsable && bank.expire(k)) {
                        throw new Answer(
                                401,
                                gcError(
                                        401,
                                        "End User Agreement (EUA) " + k.agreementId + " has expired",
                                        "EUA was valid until " + k.validUntil + ". The end user must reconnect.",
                                        "AccessExpiredError"));
                    }
                    return Map.entry(k, a);
                }
            }
        }
        throw new Answer(404, gcError(404, "Not found.", "Account " + accountId + " not found", null));
    }

    private Reply gcTransactions(Call c) {
        gcAuth(c);
        Map.Entry<Bank.Consent, DemoAccount> e = gcAccount(c.group(1), true);
        DemoAccount a = e.getValue();
        LocalDate from = c.query.containsKey("date_from")
                ? gcDate(c.query.get("date_from"), "date_from")
                : bank.today().minusDays(e.getKey().historyDays);
        // GoCardless counts every successful call per account: four a day
        int n = bank.countCall(a.iban(), false);
        Map<String, String> headers = new LinkedHashMap<>();
        long reset = secondsToMidnight();
        headers.put("HTTP_X_RATELIMIT_LIMIT", "100");
        headers.put("HTTP_X_RATELIMIT_REMAINING", "99");
        headers.put("HTTP_X_RATELIMIT_RESET", "60");
        headers.put("HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_LIMIT", String.valueOf(Bank.UNATTENDED_PER_DAY));
        headers.put(
                "HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_REMAINING", String.valueOf(Math.max(0, Bank.UNATTENDED_PER_DAY - n)));
        headers.put("HTTP_X_RATELIMIT_ACCOUNT_SUCCESS_RESET", String.valueOf(reset));
        if (n > Bank.UNATTENDED_PER_DAY) {
            throw new Answer(
                    429,
                    gcError(
                            429,
                            "Rate limit exceeded",
                            "The rate limit for this resource is " + Bank.UNATTENDED_PER_DAY
                                    + "/day. Please try again in " + reset + " seconds",
                            "RateLimitError"),
                    headers);
        }
        List<Object> booked = new ArrayList<>();
        List<Object> pending = new ArrayList<>();
        for (Tx t : bank.transactions(a, from)) {
            Map<String, Object> v = view(a, t);
            if (!t.pending()) {
                v.put(
                        "internalTransactionId",
                        Integer.toHexString((a.iban() + t.day() + t.amount() + t.remittance()).hashCode()));
            }
            (t.pending() ? pending : booked).add(v);
        }
        return Reply.json(
                200,
                Map.of(
                        "transactions",
                        Map.of("booked", booked, "pending", pending),
                        "last_updated",
                        Instant.now(clock).toString()),
                headers);
    }

    // ------------------------------------------------------------------------------------------ shared

    /** A transaction in the NextGenPSD2 shape (GoCardless uses the same field names). */
    private static Map<String, Object> view(DemoAccount a, Tx t) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (t.id() != null) {
            m.put("transactionId", t.id());
        }
        if (t.endToEndId() != null) {
            m.put("endToEndId", t.endToEndId());
        }
        if (t.bookingDate() != null) {
            m.put("bookingDate", t.bookingDate().toString());
        }
        m.put("valueDate", t.valueDate().toString());
        BigDecimal amount = a.positiveOnly() ? t.amount().abs() : t.amount();
        m.put("transactionAmount", Map.of("amount", amount.toPlainString(), "currency", t.currency()));
        if (a.positiveOnly()) {
            m.put("creditDebitIndicator", t.amount().signum() < 0 ? "DBIT" : "CRDT");
        }
        boolean out = t.amount().signum() < 0;
        if (t.counterpartyName() != null) {
            m.put(out ? "creditorName" : "debtorName", t.counterpartyName());
        }
        if (t.counterpartyIban() != null) {
            m.put(out ? "creditorAccount" : "debtorAccount", Map.of("iban", t.counterpartyIban()));
        }
        if (t.remittance() != null) {
            m.put("remittanceInformationUnstructured", t.remittance());
        }
        if (t.structuredReference() != null) {
            m.put(
                    "remittanceInformationStructured",
                    Map.of(
                            "reference",
                            t.structuredReference(),
                            "referenceType",
                            t.structuredReference().startsWith("RF") ? "ISO" : "SCOR"));
        }
        m.put("bankTransactionCode", t.bankTransactionCode());
        return m;
    }

    private Bank.Consent anyConsent(String id) {
        Bank.Consent k = bank.consents.get(id);
        if (k == null) {
            throw new Answer(404, Map.of("error", "no such consent or requisition"));
        }
        return k;
    }

    private static void requirePending(Bank.Consent k) {
        if (!List.of("received", "CR", "UA", "GC", "SA", "GA").contains(k.status)) {
            throw new Answer(409, Map.of("error", "this authorisation is already " + k.status));
        }
    }

    private Reply adminPayment(Call c) {
        JsonNode b = c.json(Map.of("error", "body: not JSON"));
        String iban = b.path("accountIban")
                .asText(bank.accounts.get(0).iban())
                .replace(" ", "")
                .toUpperCase();
        DemoAccount a = bank.account(iban);
        if (a == null) {
            throw new Answer(
                    400,
                    Map.of(
                            "error",
                            "accountIban: not a sandbox account ("
                                    + bank.accounts.stream()
                                            .map(DemoAccount::iban)
                                            .toList() + ")"));
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(b.path("amount").asText());
        } catch (NumberFormatException e) {
            throw new Answer(
                    400, Map.of("error", "amount: a decimal is required, e.g. \"1210.00\" (negative: money out)"));
        }
        if (amount.signum() == 0 || amount.stripTrailingZeros().scale() > 2) {
            throw new Answer(400, Map.of("error", "amount: non-zero with at most 2 decimals"));
        }
        boolean pending = b.path("pending").asBoolean(false);
        LocalDate day = b.hasNonNull("date") ? date(b.get("date").asText(), "date") : bank.today();
        if (day.isAfter(bank.today())) {
            throw new Answer(400, Map.of("error", "date: not after the sandbox's today " + bank.today()));
        }
        String debtorIban = text(b, "counterpartyIban");
        Tx tx = new Tx(
                null,
                pending,
                amount.setScale(2),
                a.currency(),
                pending ? null : day,
                day,
                text(b, "counterpartyName"),
                debtorIban == null ? null : debtorIban.replace(" ", "").toUpperCase(),
                text(b, "remittanceInformation"),
                text(b, "structuredReference"),
                text(b, "endToEndId"),
                amount.signum() > 0 ? "PMNT-RCDT-ESCT" : "PMNT-ICDT-ESCT");
        return Reply.json(201, paymentView(bank.pay(iban, tx)));
    }

    private static String text(JsonNode b, String field) {
        String v = b.path(field).asText(null);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static Map<String, Object> paymentView(Bank.Payment p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("payment", String.valueOf(p.seq));
        m.put("accountIban", p.accountIban);
        m.put("transactionId", p.tx.id());
        m.put("status", p.tx.pending() ? "pending" : "booked");
        m.put("amount", p.tx.amount().toPlainString());
        m.put(
                "bookingDate",
                p.tx.bookingDate() == null ? null : p.tx.bookingDate().toString());
        return m;
    }

    private Map<String, String> limitHeaders(int used) {
        return Map.of(
                "X-RateLimit-Limit",
                String.valueOf(Bank.UNATTENDED_PER_DAY),
                "X-RateLimit-Remaining",
                String.valueOf(Math.max(0, Bank.UNATTENDED_PER_DAY - used)),
                "X-RateLimit-Reset",
                String.valueOf(secondsToMidnight()));
    }

    private long secondsToMidnight() {
        Instant now = Instant.now(clock);
        Instant midnight = now.atZone(ZoneOffset.UTC)
                .toLocalDate()
                .plusDays(1)
                .atTime(LocalTime.MIDNIGHT)
                .toInstant(ZoneOffset.UTC);
        return Math.max(1, Duration.between(now, midnight).getSeconds());
    }

    private static int page(String p) {
        if (p == null) {
            return 0;
        }
        if (!p.matches("\\d{1,4}")) {
            throw new Answer(400, tpp("FORMAT_ERROR", "page: a number"));
        }
        return Integer.parseInt(p);
    }

    private static LocalDate bgDate(String s, String field) {
        if (s == null) {
            throw new Answer(400, tpp("FORMAT_ERROR", field + " missing (YYYY-MM-DD)"));
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new Answer(400, tpp("FORMAT_ERROR", field + " is not a date (YYYY-MM-DD): " + s));
        }
    }

    private static LocalDate gcDate(String s, String field) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new Answer(
                    400,
                    Map.of(
                            field,
                            Map.of("summary", "Invalid date", "detail", "YYYY-MM-DD expected"),
                            "status_code",
                            400));
        }
    }

    private static LocalDate date(String s, String field) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new Answer(400, Map.of("error", field + ": not a date (YYYY-MM-DD): " + s));
        }
    }

    private static String withParam(String url, String name, String value) {
        return url + (url.contains("?") ? "&" : "?") + name + "="
                + java.net.URLEncoder.encode(value == null ? "" : value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private String scaPage(Bank.Consent k) {
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox Bank – authorise access</title></head>
                <body style="font-family:sans-serif;max-width:36em;margin:3em auto">
                <h1>Sandbox Bank</h1>
                <p>A third party asks to read the balances and transactions of your accounts until <b>%s</b>
                (%s, %d days of history):</p><ul>%s</ul>
                <form method="post" action="/sca/%s/approve"><button id="approve" type="submit">Approve</button></form>
                <form method="post" action="/sca/%s/reject"><button id="reject" type="submit">Reject</button></form>
                <p><small>Sandbox: no credentials needed. Status: %s.</small></p></body></html>
                """.formatted(
                        k.validUntil,
                        k.api == Bank.Api.BERLIN_GROUP ? "NextGenPSD2" : "GoCardless",
                        k.historyDays,
                        bank.accounts.stream()
                                .map(a -> "<li>" + esc(a.name()) + " – " + a.iban() + "</li>")
                                .reduce("", String::concat),
                        esc(k.id),
                        esc(k.id),
                        esc(k.status));
    }

    private String index() {
        return """
                <!doctype html><html><head><meta charset="utf-8"><title>Sandbox Bank</title></head><body style="font-family:sans-serif">
                <h1>Sandbox Bank</h1><p>Today (sandbox): %s. Accounts: %s.</p>
                <p>Berlin Group NextGenPSD2 at <code>/psd2/v1</code>; GoCardless Bank Account Data at
                <code>/gocardless/api/v2</code> (secret_id %s, secret_key %s).</p>
                <p>Make a customer pay an invoice: <code>POST /admin/payments {"accountIban":"%s","amount":"1210.00",
                "counterpartyName":"Customer","structuredReference":"RF..","remittanceInformation":"INV-1"}</code>
                (add <code>"pending":true</code>, then <code>POST /admin/payments/{n}/book</code>).</p>
                </body></html>""".formatted(
                        bank.today(),
                        bank.accounts.stream().map(DemoAccount::iban).toList(),
                        GC_SECRET_ID,
                        GC_SECRET_KEY,
                        bank.accounts.get(0).iban());
    }

    static long days(LocalDate a, LocalDate b) {
        return ChronoUnit.DAYS.between(a, b);
    }
}
