package app.lettrage.platform.deadletter;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which dead letters have been redriven ({@code dead_letter_redrive}), for the list and the gauge. */
@ApplicationScoped
public class RedrivenDeadLetters {

    private final Pool pool;

    public RedrivenDeadLetters(Pool pool) {
        this.pool = pool;
    }

    /** The positions, among these of one topic, that were redriven, as "partition/offset". */
    public Uni<Set<String>> among(String topic, List<DeadLetter> letters) {
        if (letters.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        Integer[] partitions = letters.stream().map(DeadLetter::partition).toArray(Integer[]::new);
        Long[] offsets = letters.stream().map(DeadLetter::offset).toArray(Long[]::new);
        return pool.preparedQuery("SELECT partition, \"offset\" FROM dead_letter_redrive WHERE topic = $1"
                        + " AND (partition, \"offset\") IN (SELECT * FROM unnest($2::int[], $3::bigint[]))")
                .execute(Tuple.of(topic, partitions, offsets))
                .map(rows -> {
                    Set<String> redriven = new HashSet<>();
                    for (Row row : rows) {
                        redriven.add(row.getInteger("partition") + "/" + row.getLong("offset"));
                    }
                    return redriven;
                });
    }

    /** How many records of this partition's range [start, end) were redriven. */
    public Uni<Long> countIn(DeadLetterReader.Extent extent) {
        return pool.preparedQuery("SELECT count(*) AS n FROM dead_letter_redrive WHERE topic = $1 AND partition = $2"
                        + " AND \"offset\" >= $3 AND \"offset\" < $4")
                .execute(Tuple.of(
                        extent.partition().topic(), extent.partition().partition(), extent.start(), extent.end()))
                .map(rows -> rows.iterator().next().getLong("n"));
    }
}
