package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cash view, on CHF invoices only this test creates (other tests use EUR). */
@QuarkusTest
class CashViewTest {

    static final LocalDate TODAY = InvoiceLifecycleTest.TODAY;

    private static String purchase(String number, LocalDate due, String amount) {
        String id = InvoiceLifecycleTest.post(
                        "arthur",
                        "/api/invoices",
                        InvoiceLifecycleTest.purchaseBody(
                                "Cash Supplier", null, number, TODAY.minusDays(150), due, amount, "CHF"),
                        null)
                .path("id");
        InvoiceLifecycleTest.post("arthur", "/api/invoices/" + id + "/issue", null, null);
        return id;
    }

    @Test
    void amountsDueByAgeBucketAndCashPerIsoWeek() {
        String tag = "C" + System.nanoTime() + "-";
        purchase(tag + 1, TODAY, "1.00"); // due today: not yet due
        purchase(tag + 2, TODAY.minusDays(1), "10.00"); // 1-30
        purchase(tag + 3, TODAY.minusDays(30), "20.00"); // 1-30
        purchase(tag + 4, TODAY.minusDays(31), "40.00"); // 31-60
        purchase(tag + 5, TODAY.minusDays(75), "80.00"); // 61-90
        purchase(tag + 6, TODAY.minusDays(91), "160.00"); // over 90
        purchase(tag + 7, TODAY.plusDays(8), "320.00"); // not yet due, cash out in a coming week
        String draft = InvoiceLifecycleTest.post(
                        "arthur",
                        "/api/invoices",
                        InvoiceLifecycleTest.purchaseBody(
                                "Cash Supplier", null, tag + 8, TODAY, TODAY.plusDays(8), "999.00", "CHF"),
                        null)
                .path("id"); // a draft counts for nothing
        assertThat(draft).isNotNull();
        String sales = InvoiceLifecycleTest.post("arthur", "/api/invoices", """
                {"counterpartyName": "Cash Client", "currency": "CHF", "dueDate": "%s",
                 "lines": [{"description": "x", "quantity": "2", "unitPrice": "250.00", "vatRate": "0"}]}""".formatted(TODAY.plusDays(8)), null)
                .path("id");
        InvoiceLifecycleTest.post("arthur", "/api/invoices/" + sales + "/issue", null, null);

        JsonPath view = given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("weeks", 4)
                .get("/api/cash-view")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(view.getString("asOf")).isEqualTo(TODAY.toString());
        assertThat(view.getString("timeZone")).isEqualTo("Europe/Paris");
        List<Map<String, Object>> chf = view.getList("aging.findAll { it.currency == 'CHF' }");
        assertThat(chf).hasSize(2);
        Map<String, Object> out = chf.stream()
                .filter(r -> r.get("direction").equals("PURCHASE"))
                .findFirst()
                .orElseThrow();
        assertThat(out)
                .containsEntry("notYetDue", "321.00")
                .containsEntry("days1To30", "30.00")
                .containsEntry("days31To60", "40.00")
                .containsEntry("days61To90", "80.00")
                .containsEntry("over90Days", "160.00")
                .containsEntry("total", "631.00");
        Map<String, Object> in = chf.stream()
                .filter(r -> r.get("direction").equals("SALES"))
                .findFirst()
                .orElseThrow();
        assertThat(in).containsEntry("notYetDue", "500.00").containsEntry("total", "500.00");

        List<Map<String, Object>> weeks = view.getList("weeks.findAll { it.currency == 'CHF' }");
        LocalDate monday = TODAY.with(DayOfWeek.MONDAY);
        assertThat(weeks)
                .extracting(w -> w.get("weekStart"))
                .containsExactly(
                        monday.toString(),
                        monday.plusWeeks(1).toString(),
                        monday.plusWeeks(2).toString(),
                        monday.plusWeeks(3).toString());
        LocalDate dueWeek = TODAY.plusDays(8).with(DayOfWeek.MONDAY);
        for (Map<String, Object> w : weeks) {
            boolean expected = w.get("weekStart").equals(dueWeek.toString());
            String todayWeekOut = w.get("weekStart").equals(monday.toString()) ? "1.00" : "0.00"; // the one due today
            assertThat(w.get("cashIn")).isEqualTo(expected ? "500.00" : "0.00");
            assertThat(w.get("cashOut")).isEqualTo(expected ? "320.00" : todayWeekOut);
        }
        assertThat(weeks.get(0).get("isoWeek"))
                .isEqualTo(String.format(
                        "%d-W%02d",
                        monday.get(IsoFields.WEEK_BASED_YEAR), monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
        given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("weeks", 0)
                .get("/api/cash-view")
                .then()
                .statusCode(400);
        // globex sees none of it
        assertThat(given().header("Authorization", Tokens.bearer("bruno"))
                        .get("/api/cash-view")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("aging.findAll { it.currency == 'CHF' }"))
                .isEmpty();
    }
}
