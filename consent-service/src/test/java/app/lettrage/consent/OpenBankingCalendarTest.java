package app.lettrage.consent;

import static app.lettrage.consent.ConsentFlowTest.connect;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The open-banking read on days that break date arithmetic: month ends, 29 February, both European clock changes,
 * New Year's Eve, and the last minute of a UTC day. The sandbox bank and the service share the moved clock; what
 * must hold every day: each amount a decimal string at the currency's exponent, booked dates inside the window
 * asked for, today's activity pending and undated, and each month-end account fee (-12.50, a trailing zero) present.
 */
@QuarkusTest
class OpenBankingCalendarTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void backToTheDefaultDay() {
        TestClock.reset();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2024-02-29T12:00:00Z",
                "2026-01-31T23:59:00Z",
                "2026-03-29T01:30:00Z",
                "2026-10-25T00:59:59Z",
                "2026-12-31T23:30:00Z",
                "2027-03-01T00:00:01Z"
            })
    void bothProvidersGiveAmountsAtTheExponentAndDatesInTheWindow(String now) throws Exception {
        TestClock.set(Instant.parse(now));
        LocalDate today = TestClock.today();
        LocalDate from = today.minusDays(40);
        for (String provider : List.of("SANDBOX", "GOCARDLESS")) {
            JsonPath consent = connect(provider, today.plusDays(60));
            for (String accountId : consent.getList("accounts.accountId", String.class)) {
                JsonNode report = fetch(consent.getString("id"), accountId, from);
                String where = provider + " " + report.path("accountIban").asText() + " on " + now;
                JsonNode transactions = report.path("transactions");
                assertThat(transactions.size()).as(where).isPositive();
                List<String> fees = new ArrayList<>();
                for (JsonNode t : transactions) {
                    JsonNode amount = t.path("amount");
                    assertThat(amount.isTextual())
                            .as(where + ": amount %s is a string", amount)
                            .isTrue();
                    assertThat(amount.asText()).as(where).matches("-?(0|[1-9]\\d*)\\.\\d{2}");
                    if ("BOOKED".equals(t.path("status").asText())) {
                        LocalDate booked = LocalDate.parse(t.path("bookingDate").asText());
                        assertThat(booked).as(where).isBetween(from, today.minusDays(1));
                        if (t.path("remittanceInformation").asText().startsWith("Frais de tenue de compte")) {
                            fees.add(booked + " " + amount.asText());
                        }
                    } else {
                        assertThat(t.path("bookingDate").isNull()
                                        || t.path("bookingDate").isMissingNode())
                                .as(where)
                                .isTrue();
                        assertThat(LocalDate.parse(t.path("valueDate").asText()))
                                .as(where)
                                .isEqualTo(today);
                    }
                }
                assertThat(fees)
                        .as(where + ": one fee per month end in the window")
                        .containsExactlyInAnyOrderElementsOf(monthEnds(from, today.minusDays(1)).stream()
                                .map(d -> d + " -12.50")
                                .toList());
            }
        }
    }

    private static List<LocalDate> monthEnds(LocalDate from, LocalDate to) {
        List<LocalDate> ends = new ArrayList<>();
        for (YearMonth m = YearMonth.from(from); !m.atEndOfMonth().isAfter(to); m = m.plusMonths(1)) {
            if (!m.atEndOfMonth().isBefore(from)) {
                ends.add(m.atEndOfMonth());
            }
        }
        return ends;
    }

    private static JsonNode fetch(String consentId, String accountId, LocalDate from) throws Exception {
        String body = given().header("Authorization", InternalFetchTest.serviceToken())
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "tenantId",
                        "acme",
                        "accountId",
                        accountId,
                        "dateFrom",
                        from.toString(),
                        "psuIpAddress",
                        "203.0.113.7"))
                .post("/internal/consents/" + consentId + "/transactions")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return JSON.readTree(body);
    }
}
