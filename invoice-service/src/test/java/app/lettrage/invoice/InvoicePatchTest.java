package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InvoicePatchTest {

    @Test
    void aPatchedFieldOfTheWrongTypeIsA400NamingItAndChangesNothing() {
        String id = InvoiceResourceTest.create("alice", "Patch Format SARL", "10.00");
        ExtractableResponse<Response> before = get(id);

        patch(id, before.header("ETag"), "{\"dueDate\": \"next tuesday\"}")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://lettrage.app/problems/malformed-body"))
                .body("errors[0].field", equalTo("dueDate"));
        patch(id, before.header("ETag"), "{\"lines\": [{\"description\": \"x\", \"quantity\": \"three\"}]}")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("lines[0].quantity"));

        ExtractableResponse<Response> after = get(id);
        assertThat(after.header("ETag")).isEqualTo(before.header("ETag"));
        assertThat(after.path("dueDate").toString())
                .isEqualTo(before.path("dueDate").toString());
    }

    private static ExtractableResponse<Response> get(String id) {
        return given().header("Authorization", Tokens.bearer("alice"))
                .get("/api/invoices/" + id)
                .then()
                .statusCode(200)
                .extract();
    }

    private static Response patch(String id, String etag, String body) {
        return given().header("Authorization", Tokens.bearer("alice"))
                .header("If-Match", etag)
                .contentType(ContentType.JSON)
                .body(body)
                .patch("/api/invoices/" + id);
    }
}
