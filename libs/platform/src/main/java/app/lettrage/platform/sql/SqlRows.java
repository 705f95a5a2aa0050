package app.lettrage.platform.sql;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/**
 * Set-based writes for batches: the text of a multi-row {@code VALUES} list with numbered placeholders, and the
 * binding of its parameters row by row. One statement for a batch instead of one per row: a batch consumer's writes
 * cost one round trip and one plan.
 */
public final class SqlRows {

    /** PostgreSQL's limit on a statement's parameters is 65,535: a batch is split into chunks well below it. */
    public static final int MAX_PARAMETERS = 30_000;

    private SqlRows() {}

    /**
     * {@code (CAST(?1 AS uuid), ?2), (CAST(?3 AS uuid), ?4)} for {@code rows} rows of the given columns: each
     * column's placeholder is cast to its type when one is given (a VALUES list joined to a table needs its types
     * stated), or left bare when it is null.
     */
    public static String values(int rows, String... columnTypes) {
        StringBuilder sql = new StringBuilder(rows * columnTypes.length * 8);
        int p = 1;
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < columnTypes.length; c++, p++) {
                if (c > 0) {
                    sql.append(", ");
                }
                if (columnTypes[c] == null) {
                    sql.append('?').append(p);
                } else {
                    sql.append("CAST(?")
                            .append(p)
                            .append(" AS ")
                            .append(columnTypes[c])
                            .append(')');
                }
            }
            sql.append(')');
        }
        return sql.toString();
    }

    /** The rows per statement for rows of {@code columns} parameters. */
    public static int chunkSize(int columns) {
        return MAX_PARAMETERS / columns;
    }

    /**
     * Runs {@code statement} for each chunk of at most {@link #chunkSize(int)} rows, one after the other (a session
     * runs one statement at a time), in list order.
     */
    public static <T> Uni<Void> inChunks(List<T> rows, int columns, Function<List<T>, Uni<?>> statement) {
        int size = chunkSize(columns);
        Uni<Void> done = Uni.createFrom().voidItem();
        for (int from = 0; from < rows.size(); from += size) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + size));
            done = done.flatMap(x -> statement.apply(chunk).replaceWithVoid());
        }
        return done;
    }
}
