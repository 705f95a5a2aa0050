package app.lettrage.platform.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SqlRowsTest {

    @Test
    void numbersThePlaceholdersRowByRowAndCastsWhereATypeIsGiven() {
        assertThat(SqlRows.values(2, "uuid", null)).isEqualTo("(CAST(?1 AS uuid), ?2), (CAST(?3 AS uuid), ?4)");
        assertThat(SqlRows.values(1, null, null, null)).isEqualTo("(?1, ?2, ?3)");
    }

    @Test
    void splitsABatchIntoChunksUnderTheParameterLimitInOrder() {
        List<Integer> rows = IntStream.range(0, 25_001).boxed().toList();
        List<List<Integer>> chunks = new ArrayList<>();
        SqlRows.inChunks(rows, 3, chunk -> {
                    chunks.add(List.copyOf(chunk));
                    return Uni.createFrom().voidItem();
                })
                .await()
                .indefinitely();
        assertThat(chunks).hasSize(3); // 10,000 rows of 3 parameters per statement
        assertThat(chunks.get(0)).hasSize(10_000).startsWith(0);
        assertThat(chunks.get(2)).hasSize(5_001).endsWith(25_000);
        assertThat(chunks.stream().mapToInt(c -> c.size() * 3).max().orElseThrow())
                .isLessThanOrEqualTo(SqlRows.MAX_PARAMETERS);
        assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(rows);
    }

    @Test
    void anEmptyBatchRunsNoStatement() {
        List<Object> calls = new ArrayList<>();
        SqlRows.inChunks(List.of(), 9, chunk -> {
                    calls.add(chunk);
                    return Uni.createFrom().voidItem();
                })
                .await()
                .indefinitely();
        assertThat(calls).isEmpty();
    }
}
