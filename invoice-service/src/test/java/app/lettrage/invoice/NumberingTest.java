package app.lettrage.invoice;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Invoice numbers per tenant and series: unique and without gaps, also when many are issued at once. */
@QuarkusTest
class NumberingTest {

    @Test
    void concurrentIssuingLeavesNoGapAndNoDuplicate() throws Exception {
        int n = 40;
        List<String> drafts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drafts.add(InvoiceResourceTest.create("arthur", "Concurrent Client " + i, "10.00"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> issued = new ArrayList<>();
        try {
            for (String id : drafts) {
                Callable<String> issue = () -> given().header("Authorization", Tokens.bearer("arthur"))
                        .post("/api/invoices/" + id + "/issue")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("number");
                issued.add(pool.submit(issue));
            }
            List<String> numbers = new ArrayList<>();
            for (Future<String> f : issued) {
                numbers.add(f.get());
            }
            assertThat(numbers).doesNotHaveDuplicates().allMatch(s -> s.matches("FV-\\d{4}-\\d{5}"));
            Set<Long> burst =
                    numbers.stream().map(NumberingTest::sequence).collect(Collectors.toCollection(TreeSet::new));
            assertThat(((TreeSet<Long>) burst).last() - ((TreeSet<Long>) burst).first() + 1)
                    .isEqualTo(n);
        } finally {
            pool.shutdownNow();
        }

        // and over the tenant's whole series: 1..max, each once
        List<String> all = given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("size", 500)
                .queryParam("direction", "SALES")
                .queryParam("kind", "INVOICE")
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .extract()
                .path("items.number");
        List<Long> sequences = all.stream()
                .filter(s -> s != null && s.startsWith("FV-"))
                .map(NumberingTest::sequence)
                .sorted()
                .toList();
        assertThat(sequences)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, sequences.size()).boxed().toList());
        // the other tenant's series is its own: none of acme's invoices, and its own numbers gapless from 1
        List<String> acmeIds = given().header("Authorization", Tokens.bearer("vera"))
                .queryParam("size", 500)
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .extract()
                .path("items.id");
        var globex = given().header("Authorization", Tokens.bearer("bruno"))
                .queryParam("size", 500)
                .queryParam("direction", "SALES")
                .queryParam("kind", "INVOICE")
                .get("/api/invoices")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(globex.getList("items.id", String.class)).doesNotContainAnyElementsOf(acmeIds);
        List<Long> globexSequences = globex.getList("items.number", String.class).stream()
                .filter(s -> s != null && s.startsWith("FV-"))
                .map(NumberingTest::sequence)
                .sorted()
                .toList();
        assertThat(globexSequences)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, globexSequences.size())
                        .boxed()
                        .toList());
    }

    private static long sequence(String number) {
        return Long.parseLong(number.substring(number.lastIndexOf('-') + 1));
    }
}
