package app.lettrage.matching.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {
    private static final String INVOICE =
            "{\"id\":\"inv-1\",\"tenantId\":\"t\",\"direction\":\"SALES\",\"number\":\"F-1\","
                    + "\"currency\":\"EUR\",\"totalAmount\":\"10.00\",\"amountDue\":\"10.00\",\"issueDate\":\"2026-03-01\"}";

    @Test
    void readsValidLinesAndSkipsBlankOnes(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("invoices.jsonl");
        Files.writeString(f, INVOICE + "\r\n\n" + INVOICE.replace("inv-1", "inv-2") + "\n");
        assertThat(JsonLines.invoices(f)).extracting(i -> i.id()).containsExactly("inv-1", "inv-2");
    }

    @Test
    void aBadLineIsRefusedWithItsNumberAndField(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("invoices.jsonl");
        Files.writeString(f, INVOICE + "\n" + INVOICE.replace("\"SALES\"", "\"GIFT\"") + "\n");
        assertThatThrownBy(() -> JsonLines.invoices(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invoices.jsonl line 2: field direction: GIFT is neither SALES nor PURCHASE");
        Files.writeString(f, INVOICE.replace("\"10.00\",\"issue", "\"11.00\",\"issue"));
        assertThatThrownBy(() -> JsonLines.invoices(f))
                .hasMessage("invoices.jsonl line 1: field amountDue: must lie between 0 and totalAmount");
        Files.writeString(f, "{\"id\": ");
        assertThatThrownBy(() -> JsonLines.invoices(f)).hasMessageStartingWith("invoices.jsonl line 1: not JSON");
        Files.writeString(f, INVOICE.replace("\"EUR\"", "\"euro\""));
        assertThatThrownBy(() -> JsonLines.invoices(f)).hasMessageContaining("field currency");
    }

    @Test
    void aLineLongerThanTheLimitIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("transactions.jsonl");
        Files.writeString(f, "x".repeat(JsonLines.MAX_LINE_CHARS + 1));
        assertThatThrownBy(() -> JsonLines.transactions(f)).hasMessageContaining("line 1: longer than");
    }

    @Test
    void expectedAllocationsAreReadPerTransaction(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("expected.jsonl");
        Files.writeString(
                f,
                "{\"transactionId\":\"tx-1\",\"allocations\":[{\"invoiceId\":\"inv-1\"}]}\n"
                        + "{\"transactionId\":\"tx-2\",\"allocations\":[]}\n");
        assertThat(JsonLines.expected(f)).containsEntry("tx-2", Set.of()).hasSize(2);
        Files.writeString(f, "{\"transactionId\":\"tx-1\",\"allocations\":[]}\n".repeat(2));
        assertThatThrownBy(() -> JsonLines.expected(f)).hasMessageContaining("appears twice");
    }
}
