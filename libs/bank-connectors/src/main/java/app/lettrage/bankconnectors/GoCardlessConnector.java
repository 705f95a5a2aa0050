package app.lettrage.bankconnectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GoCardless Bank Account Data API (ex-Nordigen, /api/v2): a token pair from the secret id/key (access ~24 h,
 * refresh ~30 days; refreshed ahead of expiry and once more on a 401), institutions, an end-user agreement then a
 * requisition whose link is the bank's authorisation page, the requisition's accounts and details, booked and pending
 * transactions. Its 429 RateLimitError, and its rate-limit headers on every answer, are reported; AccessExpiredError
 * (and a 401 a fresh token does not cure) mean the consent must be renewed.
 */
public final class GoCardlessConnector implements BankConnector {

    private static final Pattern RETRY_IN = Pattern.compile("(\\d+) seconds");
    /** Renew the access token this long before it runs out. */
    private static final Duration MARGIN = Duration.ofSeconds(60);

    private final URI base;
    private final String secretId;
    private final String secretKey;
    private final JsonHttp http;
    private final Clock clock;

    private String access;
    private Instant accessExpires = Instant.EPOCH;
    private String refresh;
    private Instant refreshExpires = Instant.EPOCH;

    /** @param base the API root, e.g. https://bankaccountdata.gocardless.com/api/v2/ */
    public GoCardlessConnector(URI base, String secretId, String secretKey, HttpClient client, Clock clock) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.secretId = secretId;
        this.secretKey = secretKey;
        this.http = new JsonHttp(client, Duration.ofSeconds(30));
        this.clock = clock;
    }

    @Override
    public List<Institution> institutions(String country) {
        JsonHttp.Response r =
                authorised("GET", country == null ? "institutions/" : "institutions/?country=" + enc(country), null);
        if (!r.body().isArray()) {
            throw new ProviderResponseException("institutions", "expected an array");
        }
        List<Institution> out = new ArrayList<>();
        for (JsonNode i : r.body()) {
            List<String> countries = new ArrayList<>();
            i.path("countries").forEach(c -> countries.add(c.asText()));
            out.add(new Institution(
                    TransactionMapper.text(i.get("id")),
                    TransactionMapper.text(i.get("name")),
                    TransactionMapper.text(i.get("bic")),
                    countries,
                    days(i.get("transaction_total_days"), 90),
                    days(i.get("max_access_valid_for_days"), 90),
                    "GOCARDLESS"));
        }
        return out;
    }

    @Override
    public Authorisation createConsent(ConsentRequest request) {
        long days = Math.max(1, java.time.temporal.ChronoUnit.DAYS.between(LocalDate.now(clock), request.validUntil()));
        Map<String, Object> agreement = new LinkedHashMap<>();
        agreement.put("institution_id", request.institutionId());
        agreement.put("max_historical_days", Math.max(1, request.historyDays()));
        agreement.put("access_valid_for_days", days);
        agreement.put("access_scope", List.of("balances", "details", "transactions"));
        JsonHttp.Response a = authorised("POST", "agreements/enduser/", agreement);
        String agreementId = required(a.body(), "id");
        Map<String, Object> requisition = new LinkedHashMap<>();
        requisition.put("redirect", request.redirectUri());
        requisition.put("institution_id", request.institutionId());
        requisition.put("agreement", agreementId);
        if (request.reference() != null) {
            requisition.put("reference", request.reference());
        }
        JsonHttp.Response r = authorised("POST", "requisitions/", requisition);
        return new Authorisation(
                required(r.body(), "id"),
                required(r.body(), "link"),
                ConsentLifecycle.fromGoCardless(required(r.body(), "status")));
    }

    @Override
    public ConsentState consentStatus(String providerConsentId) {
        JsonHttp.Response r = authorised("GET", "requisitions/" + enc(providerConsentId) + "/", null);
        String status = required(r.body(), "status");
        LocalDate validUntil = null;
        String agreementId = TransactionMapper.text(r.body().get("agreement"));
        if (agreementId != null) {
            JsonHttp.Response a = authorised("GET", "agreements/enduser/" + enc(agreementId) + "/", null);
            String accepted = TransactionMapper.text(a.body().get("accepted"));
            JsonNode days = a.body().get("access_valid_for_days");
            if (accepted != null && days != null && days.canConvertToInt()) {
                try {
                    validUntil = OffsetDateTime.parse(accepted).toLocalDate().plusDays(days.asInt());
                } catch (java.time.format.DateTimeParseException e) {
                    throw new ProviderResponseException("accepted", "not a date-time: " + accepted);
                }
            }
        }
        return new ConsentState(
                ConsentLifecycle.fromGoCardless(status).at(validUntil, LocalDate.now(clock)), validUntil, status);
    }

    @Override
    public List<Account> accounts(String providerConsentId) {
        JsonHttp.Response r = authorised("GET", "requisitions/" + enc(providerConsentId) + "/", null);
        JsonNode ids = r.body().get("accounts");
        if (ids == null || !ids.isArray()) {
            throw new ProviderResponseException("accounts", "missing or not an array");
        }
        List<Account> out = new ArrayList<>();
        for (JsonNode idNode : ids) {
            String id = idNode.asText();
            JsonNode d = authorised("GET", "accounts/" + enc(id) + "/details/", null)
                    .body()
                    .path("account");
            out.add(new Account(
                    id,
                    TransactionMapper.normaliseIban(TransactionMapper.text(d.get("iban"))),
                    TransactionMapper.text(d.get("currency")),
                    first(
                            TransactionMapper.text(d.get("name")),
                            TransactionMapper.text(d.get("product")),
                            TransactionMapper.text(d.get("ownerName")))));
        }
        return out;
    }

    @Override
    public TransactionReport transactions(String providerConsentId, String accountId, LocalDate dateFrom, Psu psu) {
        // GoCardless has no PSU headers: it calls the bank on its own schedule and counts per account itself
        JsonHttp.Response r =
                authorised("GET", "accounts/" + enc(accountId) + "/transactions/?date_from=" + dateFrom, null);
        String iban = null;
        List<CanonicalTransaction> list =
                TransactionMapper.mapReport(r.body().get("transactions"), iban, "transactions");
        return new TransactionReport(iban, list, RateLimit.from(r.headers(), clock), 1);
    }

    @Override
    public void revoke(String providerConsentId) {
        try {
            authorised("DELETE", "requisitions/" + enc(providerConsentId) + "/", null);
        } catch (ConnectorException e) {
            if (e.httpStatus() != 404) {
                throw e;
            }
            // already gone at GoCardless
        }
    }

    /** A call with a valid access token; on a 401 the token is renewed once and the call repeated. */
    private JsonHttp.Response authorised(String method, String path, Object body) {
        JsonHttp.Response r = http.send(method, base.resolve(path), Map.of("Authorization", "Bearer " + token()), body);
        if (r.status() == 401 && !expiredAccess(r)) {
            synchronized (this) {
                accessExpires = Instant.EPOCH;
            }
            r = http.send(method, base.resolve(path), Map.of("Authorization", "Bearer " + token()), body);
        }
        if (r.ok()) {
            return r;
        }
        throw error(r, clock);
    }

    private synchronized String token() {
        Instant now = clock.instant();
        if (access != null && now.plus(MARGIN).isBefore(accessExpires)) {
            return access;
        }
        if (refresh != null && now.plus(MARGIN).isBefore(refreshExpires)) {
            JsonHttp.Response r =
                    http.send("POST", base.resolve("token/refresh/"), Map.of(), Map.of("refresh", refresh));
            if (r.ok()) {
                access = required(r.body(), "access");
                accessExpires = now.plusSeconds(r.body().path("access_expires").asLong(3600));
                return access;
            }
            refresh = null; // fall through to a new pair
        }
        JsonHttp.Response r = http.send(
                "POST", base.resolve("token/new/"), Map.of(), Map.of("secret_id", secretId, "secret_key", secretKey));
        if (!r.ok()) {
            ConnectorException e = error(r, clock);
            throw new ConnectorException(r.status(), e.code(), "token refused: " + e.getMessage());
        }
        access = required(r.body(), "access");
        accessExpires = now.plusSeconds(r.body().path("access_expires").asLong(3600));
        refresh = required(r.body(), "refresh");
        refreshExpires = now.plusSeconds(r.body().path("refresh_expires").asLong(86400));
        return access;
    }

    private static boolean expiredAccess(JsonHttp.Response r) {
        String type = TransactionMapper.text(r.body().get("type"));
        return "AccessExpiredError".equals(type) || "EUAExpiredError".equals(type);
    }

    static ConnectorException error(JsonHttp.Response r, Clock clock) {
        JsonNode b = r.body();
        String type = TransactionMapper.text(b.get("type"));
        String summary = TransactionMapper.text(b.get("summary"));
        String detail = TransactionMapper.text(b.get("detail"));
        // summary and detail are left out of the code and the message: they echo requisition and account ids
        String code = ConnectorException.safeCode(type, r.status());
        String message = "GoCardless answered " + r.status() + " " + code;
        if (r.status() == 429 || "RateLimitError".equals(type)) {
            RateLimit limit = RateLimit.from(r.headers(), clock);
            Instant reset = limit.resetAt();
            if (reset == null && detail != null) {
                Matcher m = RETRY_IN.matcher(detail);
                if (m.find()) {
                    reset = clock.instant().plusSeconds(Long.parseLong(m.group(1)));
                }
            }
            return new RateLimitedException(r.status(), "RateLimitError", message, reset);
        }
        if ("AccessExpiredError".equals(type)
                || "EUAExpiredError".equals(type)
                || (summary != null
                        && summary.toLowerCase(java.util.Locale.ROOT).contains("expired")
                        && r.status() < 500)) {
            return new ConsentExpiredException(r.status(), code, message);
        }
        if (r.status() == 401 || r.status() == 403) {
            return new ConsentInvalidException(r.status(), code, message);
        }
        return new ConnectorException(r.status(), code, message);
    }

    private static int days(JsonNode n, int fallback) {
        if (n == null || n.isNull()) {
            return fallback;
        }
        String t = n.asText().trim();
        return t.matches("\\d{1,5}") ? Integer.parseInt(t) : fallback;
    }

    private static String required(JsonNode body, String field) {
        String v = TransactionMapper.text(body.get(field));
        if (v == null) {
            throw new ProviderResponseException(field, "missing");
        }
        return v;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "GoCardlessConnector[" + base.getHost() + "]";
    }
}
