package app.lettrage.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.identifiers.Iban;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * After every other system test (last by its order), the four services' logs of the whole run hold no IBAN, no
 * bearer token and none of the references and tokens the sandbox bank handed out: logs leave the trust boundary
 * (aggregators, support tickets), the data does not. It makes provider traffic of its own first, so it proves
 * something when run alone too.
 */
@Order(Integer.MAX_VALUE)
class LogHygieneIT {

    private static final List<String> SERVICES =
            List.of("consent-service", "bank-sync-service", "invoice-service", "reconciliation-service");
    private static final Pattern IBAN_SHAPED = Pattern.compile("\\b[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}\\b");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}");

    @BeforeAll
    static void providerTraffic() {
        Stack.ensureUp();
        // a consent approved at the bank, its accounts linked for sync, an account, a statement and a payment
        ProbeTenants tenants = ProbeTenants.create();
        ProbeResources.create(ProbeTenants.user(tenants.a, "admin"));
    }

    @Test
    void noServiceLogLineHoldsAnIbanABearerTokenOrAProviderReference() throws Exception {
        List<String> references = references();
        assertThat(references).as("references the sandbox bank handed out").isNotEmpty();
        List<String> violations = new ArrayList<>();
        long lines = 0;
        for (Path log : logs()) {
            try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
                String line;
                long number = 0;
                while ((line = in.readLine()) != null) {
                    number++;
                    lines++;
                    String where = log.getFileName() + ":" + number;
                    Matcher iban = IBAN_SHAPED.matcher(line);
                    while (iban.find()) {
                        if (Iban.isValid(iban.group())) {
                            violations.add(where + " an IBAN (" + mask(iban.group()) + ")");
                        }
                    }
                    if (JWT.matcher(line).find()) {
                        violations.add(where + " a bearer token");
                    }
                    for (String reference : references) {
                        if (line.contains(reference)) {
                            violations.add(where + " a provider reference (" + mask(reference) + ")");
                        }
                    }
                }
            }
        }
        System.out.printf(
                "LOG HYGIENE: %d lines of %d service logs scanned for IBANs, bearer tokens and %d provider references:"
                        + " %d violations%n",
                lines, logs().size(), references.size(), violations.size());
        assertThat(lines).as("log lines scanned").isPositive();
        assertThat(violations).as("log lines that leak").isEmpty();
    }

    /** Every service log of the run, including those rotated when a service restarted. */
    private static List<Path> logs() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (String service : SERVICES) {
            try (DirectoryStream<Path> files =
                    Files.newDirectoryStream(Stack.dir().resolve("logs"), service + ".log*")) {
                files.forEach(logs::add);
            }
        }
        return logs;
    }

    private static List<String> references() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(Stack.url(Stack.SANDBOX_BANK) + "/admin/references"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(r.body());
        List<String> references = new ArrayList<>();
        body.path("references").forEach(n -> references.add(n.asText()));
        return references;
    }

    /** Enough to find the line, not enough to leak further from the test's own report. */
    private static String mask(String value) {
        return value.length() <= 6 ? "***" : value.substring(0, 4) + "…" + value.substring(value.length() - 2);
    }
}
