package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Numbers whose exponent would make the first setScale or comparison run for minutes are refused while the body is
 * read, with the field named, and nothing is stored.
 */
@QuarkusTest
class HostileNumbersTest {

    private static final String COUNTERPARTY = "Hostile Numbers SA";

    @Test
    void aTotalWithAHugeExponentIsAMalformedBodyNamingTheField() {
        post("""
                        {"counterpartyName": "%s", "currency": "EUR", "totalAmount": 1E+100000000,
                         "dueDate": "2027-01-31"}""".formatted(COUNTERPARTY))
                .body("type", equalTo("https://lettrage.app/problems/malformed-body"))
                .body("errors.field", hasItem("totalAmount"))
                .body("detail", containsString("exponent out of range"));
        nothingStored();
    }

    @Test
    void aLineDiscountWithATinyExponentIsRefusedWithItsPath() {
        post("""
                        {"counterpartyName": "%s", "currency": "EUR", "dueDate": "2027-01-31",
                         "lines": [{"description": "Consulting", "quantity": "1", "unitPrice": "100.00",
                                    "vatRate": "20", "discount": "0E-300000000"}]}""".formatted(COUNTERPARTY))
                .body("type", equalTo("https://lettrage.app/problems/malformed-body"))
                .body("errors.field", hasItem("lines[0].discount"));
        nothingStored();
    }

    @Test
    void sixteenIntegerDigitsInAUnitPriceAreRefused() {
        post("""
                        {"counterpartyName": "%s", "currency": "EUR", "dueDate": "2027-01-31",
                         "lines": [{"description": "Consulting", "quantity": "1", "unitPrice": 1234567890123456,
                                    "vatRate": "20"}]}""".formatted(COUNTERPARTY))
                .body("errors.field", hasItem("lines[0].unitPrice"))
                .body("detail", containsString("more than 15 integer digits"));
        nothingStored();
    }

    private static io.restassured.response.ValidatableResponse post(String body) {
        return given().header("Authorization", Tokens.bearer("alice"))
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/invoices")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    private static void nothingStored() {
        given().header("Authorization", Tokens.bearer("alice"))
                .queryParam("q", COUNTERPARTY)
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
    }
}
