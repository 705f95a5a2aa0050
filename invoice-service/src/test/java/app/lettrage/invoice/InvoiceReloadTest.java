package app.lettrage.invoice;

import static app.lettrage.invoice.InvoiceLifecycleTest.get;
import static app.lettrage.invoice.InvoiceLifecycleTest.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** What a transition changes on the invoice, its counterparty or its balance is what a later read finds stored. */
@QuarkusTest
class InvoiceReloadTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));

    @Test
    void anAmendedDueDateAndIbanAreStored() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Reload Amend SARL", "75.00");
        String etag = given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/invoices/" + id)
                .then()
                .extract()
                .header("ETag");

        given().header("Authorization", Tokens.bearer("alice"))
                .header("If-Match", etag)
                .contentType(ContentType.JSON)
                .body("{\"dueDate\": \"" + TODAY.plusDays(90)
                        + "\", \"counterpartyIban\": \"FR7630006000011234567890189\"}")
                .patch("/api/invoices/" + id)
                .then()
                .statusCode(200);

        JsonPath stored = get("vera", id);
        assertThat(stored.getString("dueDate")).isEqualTo(TODAY.plusDays(90).toString());
        assertThat(stored.getString("counterpartyIban")).isEqualTo("FR7630006000011234567890189");
        assertThat(stored.getString("counterpartyName")).isEqualTo("Reload Amend SARL");
    }

    @Test
    void aCancelledInvoiceIsStoredWithNothingDueAndItsCreditNoteWithItsCounterparty() {
        String id = InvoiceResourceTest.createAndIssue("alice", "Reload Cancel SARL", "40.00");

        var cn = post("alice", "/api/invoices/" + id + "/cancel", "{\"reason\": \"billed twice\"}", null);
        assertThat(cn.statusCode()).isEqualTo(201);

        JsonPath cancelled = get("vera", id);
        assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.getString("amountDue")).isEqualTo("0.00");
        assertThat(cancelled.getString("cancelReason")).isEqualTo("billed twice");
        JsonPath note = get("vera", cn.path("id"));
        assertThat(note.getString("counterpartyName")).isEqualTo("Reload Cancel SARL");
        assertThat(note.getString("counterpartyIban")).isEqualTo("DE89370400440532013000");
        assertThat(note.getString("totalAmount")).isEqualTo("40.00");
        assertThat(note.getString("amountDue")).isEqualTo("0.00");
    }
}
