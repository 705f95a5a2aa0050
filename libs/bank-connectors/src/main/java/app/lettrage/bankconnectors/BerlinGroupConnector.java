package app.lettrage.bankconnectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A bank's Berlin Group NextGenPSD2 (1.3.x) account-information interface, redirect SCA approach: POST /v1/consents
 * (recurring, allAccounts, four a day), the user authorises at _links.scaRedirect (after POSTing startAuthorisation
 * when the bank asks for an explicit authorisation), then GET /v1/accounts and
 * /v1/accounts/{id}/transactions?bookingStatus=both&dateFrom=... following _links.next. Each call carries a fresh
 * X-Request-ID; account calls carry Consent-ID, and PSU-IP-Address when the user is present. Errors come as
 * tppMessages: CONSENT_EXPIRED, CONSENT_INVALID, CONSENT_UNKNOWN and ACCESS_EXCEEDED become typed exceptions.
 * (Transport-level QWAC/eIDAS signing is the deployment's concern: a real bank needs the TPP certificate on the
 * HttpClient's SSLContext.)
 */
public final class BerlinGroupConnector implements BankConnector {

    /** At most so many pages per account and call: a bank whose next link loops cannot hold a sync forever. */
    static final int MAX_PAGES = 200;

    private final URI base;
    private final ProviderLinks links;
    private final String provider;
    private final List<Institution> institutions;
    private final JsonHttp http;
    private final Clock clock;

    /**
     * @param base         the bank's API root (the /v1 paths are resolved against it)
     * @param institutions the bank itself (a Berlin Group interface is one bank; its capabilities come from our
     *                     configuration, not from the API)
     */
    public BerlinGroupConnector(URI base, List<Institution> institutions, HttpClient client, Clock clock) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.links = new ProviderLinks(this.base);
        this.provider = "BERLIN_GROUP";
        this.institutions = List.copyOf(institutions);
        this.http = new JsonHttp(client, Duration.ofSeconds(30));
        this.clock = clock;
    }

    @Override
    public List<Institution> institutions(String country) {
        return institutions.stream()
                .filter(i -> country == null
                        || i.countries().isEmpty()
                        || i.countries().contains(country.toUpperCase(java.util.Locale.ROOT)))
                .toList();
    }

    @Override
    public Authorisation createConsent(ConsentRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access", Map.of("allPsd2", "allAccounts"));
        body.put("recurringIndicator", true);
        body.put("validUntil", request.validUntil().toString());
        body.put("frequencyPerDay", 4);
        body.put("combinedServiceIndicator", false);
        Map<String, String> headers = headers(null, request.psuIpAddress());
        headers.put("TPP-Redirect-Preferred", "true");
        headers.put("TPP-Redirect-URI", request.redirectUri());
        headers.put(
                "TPP-Nok-Redirect-URI",
                request.redirectUri() + (request.redirectUri().contains("?") ? "&" : "?") + "error=rejected");
        JsonHttp.Response r = call("POST", base.resolve("v1/consents"), headers, body);
        String consentId = required(r.body(), "consentId");
        ConsentLifecycle status = ConsentLifecycle.fromBerlinGroup(required(r.body(), "consentStatus"), null);
        String sca = link(r.body(), "scaRedirect");
        if (sca != null) {
            sca = links.forUser(sca, "_links.scaRedirect");
        } else {
            String start = link(r.body(), "startAuthorisation");
            if (start == null) {
                throw new ProviderResponseException(
                        "_links",
                        "neither scaRedirect nor startAuthorisation: only the redirect SCA approach is supported");
            }
            JsonHttp.Response a = call(
                    "POST",
                    links.toCall(start, "_links.startAuthorisation"),
                    headers(consentId, request.psuIpAddress()),
                    Map.of());
            sca = link(a.body(), "scaRedirect");
            if (sca == null) {
                throw new ProviderResponseException("_links.scaRedirect", "missing from the authorisation response");
            }
            sca = links.forUser(sca, "_links.scaRedirect");
        }
        return new Authorisation(
                consentId, sca, status == ConsentLifecycle.CREATED ? ConsentLifecycle.AWAITING_AUTHORISATION : status);
    }

    @Override
    public ConsentState consentStatus(String providerConsentId) {
        JsonHttp.Response r = call("GET", base.resolve("v1/consents/" + providerConsentId), headers(null, null), null);
        String status = required(r.body(), "consentStatus");
        String until = TransactionMapper.text(r.body().get("validUntil"));
        LocalDate validUntil = null;
        if (until != null) {
            try {
                validUntil = LocalDate.parse(until);
            } catch (java.time.format.DateTimeParseException e) {
                throw new ProviderResponseException("validUntil", "not a date: " + until);
            }
        }
        ConsentLifecycle lifecycle = ConsentLifecycle.fromBerlinGroup(status, null);
        if (lifecycle == ConsentLifecycle.CREATED) {
            lifecycle = ConsentLifecycle.AWAITING_AUTHORISATION; // received: the user has the SCA page
        }
        return new ConsentState(lifecycle.at(validUntil, LocalDate.now(clock)), validUntil, status);
    }

    @Override
    public List<Account> accounts(String providerConsentId) {
        JsonHttp.Response r = call("GET", base.resolve("v1/accounts"), headers(providerConsentId, null), null);
        JsonNode list = r.body().get("accounts");
        if (list == null || !list.isArray()) {
            throw new ProviderResponseException("accounts", "missing or not an array");
        }
        List<Account> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String id = TransactionMapper.text(a.get("resourceId"));
            if (id == null) {
                throw new ProviderResponseException("accounts[" + i + "].resourceId", "missing");
            }
            out.add(new Account(
                    id,
                    TransactionMapper.normaliseIban(TransactionMapper.text(a.get("iban"))),
                    TransactionMapper.text(a.get("currency")),
                    first(TransactionMapper.text(a.get("name")), TransactionMapper.text(a.get("product")))));
        }
        return out;
    }

    @Override
    public TransactionReport transactions(String providerConsentId, String accountId, LocalDate dateFrom, Psu psu) {
        URI next = base.resolve("v1/accounts/" + accountId + "/transactions?bookingStatus=both&dateFrom=" + dateFrom);
        List<CanonicalTransaction> all = new ArrayList<>();
        Set<URI> seen = new HashSet<>();
        String iban = null;
        RateLimit limit = RateLimit.UNKNOWN;
        int pages = 0;
        while (next != null) {
            if (!seen.add(next) || pages == MAX_PAGES) {
                throw new ProviderResponseException(
                        "transactions._links.next", "loops or exceeds " + MAX_PAGES + " pages");
            }
            JsonHttp.Response r =
                    call("GET", next, headers(providerConsentId, psu.present() ? psu.ipAddress() : null), null);
            pages++;
            limit = RateLimit.from(r.headers(), clock);
            if (iban == null) {
                iban = TransactionMapper.normaliseIban(
                        TransactionMapper.text(r.body().path("account").get("iban")));
            }
            JsonNode tx = report(r.body(), "page " + pages).get("transactions");
            all.addAll(TransactionMapper.mapReport(tx, iban, "page " + pages + " transactions"));
            String href = tx == null ? null : link(tx, "next");
            next = href == null ? null : links.toCall(href, "transactions._links.next");
        }
        return new TransactionReport(iban, all, limit, pages);
    }

    /** The report object of one page; a bank answering MT940 text (some do, inside JSON) is refused by name. */
    static JsonNode report(JsonNode body, String where) {
        if (body.isObject()) {
            return body;
        }
        String text = body.isTextual() ? body.asText() : "";
        if (text.contains(":20:") && text.contains(":61:")) {
            throw new ProviderResponseException(
                    where,
                    "the bank answered MT940 text, not a JSON transaction report: "
                            + "ask for application/json (or import the statement as a file)");
        }
        throw new ProviderResponseException(where, "not a JSON transaction report");
    }

    @Override
    public void revoke(String providerConsentId) {
        try {
            call("DELETE", base.resolve("v1/consents/" + providerConsentId), headers(null, null), null);
        } catch (ConsentExpiredException | ConsentInvalidException e) {
            // already over at the bank: nothing left to revoke
        }
    }

    private Map<String, String> headers(String consentId, String psuIp) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Request-ID", UUID.randomUUID().toString());
        h.put("Consent-ID", consentId);
        h.put("PSU-IP-Address", psuIp);
        return h;
    }

    private JsonHttp.Response call(String method, URI uri, Map<String, String> headers, Object body) {
        JsonHttp.Response r = http.send(method, uri, headers, body);
        if (r.ok()) {
            return r;
        }
        throw error(r, clock);
    }

    /** The first tppMessage with category ERROR decides; without any, the HTTP status does. */
    static ConnectorException error(JsonHttp.Response r, Clock clock) {
        String code = null;
        JsonNode messages = r.body().get("tppMessages");
        if (messages != null && messages.isArray()) {
            for (JsonNode m : messages) {
                if (code == null || "ERROR".equals(TransactionMapper.text(m.get("category")))) {
                    code = TransactionMapper.text(m.get("code"));
                }
            }
        }
        // the tppMessage's text is left out: banks echo the consent or account reference in it
        code = ConnectorException.safeCode(code, r.status());
        String message = "bank answered " + r.status() + " " + code;
        switch (code) {
            case "CONSENT_EXPIRED":
                return new ConsentExpiredException(r.status(), code, message);
            case "CONSENT_INVALID":
            case "CONSENT_UNKNOWN":
            case "TOKEN_INVALID":
            case "TOKEN_EXPIRED":
                return new ConsentInvalidException(r.status(), code, message);
            case "ACCESS_EXCEEDED":
                RateLimit limit = RateLimit.from(r.headers(), clock);
                java.util.OptionalLong retry = RateLimit.seconds(r.headers(), "Retry-After");
                return new RateLimitedException(
                        r.status(),
                        code,
                        message,
                        retry.isPresent() ? clock.instant().plusSeconds(retry.getAsLong()) : limit.resetAt());
            default:
                if (r.status() == 429) {
                    java.util.OptionalLong after = RateLimit.seconds(r.headers(), "Retry-After");
                    return new RateLimitedException(
                            429,
                            code,
                            message,
                            after.isPresent()
                                    ? clock.instant().plusSeconds(after.getAsLong())
                                    : RateLimit.from(r.headers(), clock).resetAt());
                }
                if (r.status() == 401) {
                    return new ConsentInvalidException(401, code, message);
                }
                return new ConnectorException(r.status(), code, message);
        }
    }

    private static String link(JsonNode node, String name) {
        JsonNode l = node.path("_links").get(name);
        if (l == null) {
            return null;
        }
        return l.isTextual() ? TransactionMapper.text(l) : TransactionMapper.text(l.get("href"));
    }

    private static String required(JsonNode body, String field) {
        String v = TransactionMapper.text(body.get(field));
        if (v == null) {
            throw new ProviderResponseException(field, "missing");
        }
        return v;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    @Override
    public String toString() {
        return "BerlinGroupConnector[" + base.getHost() + "]";
    }

    String provider() {
        return provider;
    }
}
