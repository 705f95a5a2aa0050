package app.lettrage.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.systemtests.InvoiceEventOrder.Event;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order check the fault test applies to the invoices topic, on sequences written from its rule. */
class InvoiceEventOrderTest {

    private static final String KEY = "globex:inv-1";

    private static Event issued(String id) {
        return new Event(id, "InvoiceIssued", new BigDecimal("120.00"), null);
    }

    private static Event changed(String id, String due, String status) {
        return new Event(id, "InvoiceChanged", new BigDecimal(due), status);
    }

    private static List<String> check(Event... events) {
        return InvoiceEventOrder.violations(Map.of(KEY, List.of(events)), Set.of(KEY));
    }

    @Test
    void issuedThenPartlyPaidThenPaidIsInOrder() {
        assertThat(check(issued("a"), changed("b", "20.00", "PARTIALLY_PAID"), changed("c", "0.00", "PAID")))
                .isEmpty();
    }

    @Test
    void aRedeliveredEventIsNotAViolation() {
        assertThat(check(issued("a"), issued("a"), changed("b", "0.00", "PAID"), changed("b", "0.00", "PAID")))
                .isEmpty();
    }

    @Test
    void aChangeBeforeTheIssueIsAViolation() {
        assertThat(check(changed("b", "0.00", "PAID"), issued("a")))
                .singleElement()
                .asString()
                .contains("first event InvoiceChanged");
    }

    @Test
    void twoChangesSwappedAreAViolation() {
        assertThat(check(issued("a"), changed("c", "0.00", "PAID"), changed("b", "20.00", "PARTIALLY_PAID")))
                .anySatisfy(p -> assertThat(p).contains("amount due grew from 0.00 to 20.00"))
                .anySatisfy(p -> assertThat(p).contains("last event leaves it PARTIALLY_PAID"));
    }

    @Test
    void anInvoiceWithoutItsEventsIsAViolation() {
        assertThat(InvoiceEventOrder.violations(Map.of(), Set.of(KEY))).containsExactly(KEY + ": no event");
    }
}
