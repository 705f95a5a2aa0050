package app.lettrage.banksync.service;

import app.lettrage.platform.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Where statement uploads wait for their import job: in PostgreSQL, so that every instance can read them, as rows of
 * {@code lettrage.banksync.import.chunk-bytes} (tables {@code statement_upload}, {@code statement_upload_chunk}).
 * Received while counting against the statement size limit, written and read one chunk at a time: memory holds a
 * chunk or two per upload, never the file. Uploads left behind are purged by {@link StatementUploadRetention}.
 */
@ApplicationScoped
public class StatementUploads {

    private static final Logger LOG = Logger.getLogger(StatementUploads.class);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(60);

    /** Room above the statement limit that the HTTP body limit keeps for a multipart envelope. */
    static final long ENVELOPE_BYTES = 1 << 20;

    private final Pool pool;
    private final Clock clock;
    private final int chunkBytes;
    private final long maxStatementBytes;
    private final Optional<MemorySize> maxBodySize;

    public StatementUploads(
            Pool pool,
            Clock clock,
            @ConfigProperty(name = "lettrage.banksync.import.chunk-bytes", defaultValue = "1048576") int chunkBytes,
            @ConfigProperty(name = "lettrage.banksync.max-statement-bytes") long maxStatementBytes,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.pool = pool;
        this.clock = clock;
        this.chunkBytes = chunkBytes;
        this.maxStatementBytes = maxStatementBytes;
        this.maxBodySize = maxBodySize;
    }

    /** An upload received whole: its id and size. */
    public record Upload(UUID id, long bytes) {}

    void start(@Observes StartupEvent ev) {
        checkLimits(maxStatementBytes, maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE));
    }

    /**
     * The HTTP layer's body limit must exceed the statement limit by a multipart envelope: otherwise a file under the
     * statement limit would get Vert.x's bare 413 instead of the service's problem+json one.
     */
    public static void checkLimits(long maxStatementBytes, long maxBodyBytes) {
        if (maxBodyBytes < maxStatementBytes + ENVELOPE_BYTES) {
            throw new IllegalStateException(
                    "quarkus.http.limits.max-body-size (" + maxBodyBytes + " bytes) must be at least"
                            + " lettrage.banksync.max-statement-bytes (" + maxStatementBytes + ") + " + ENVELOPE_BYTES
                            + " bytes for a multipart envelope");
        }
    }

    public static ProblemException tooLarge(long maxBytes, String size) {
        return new ProblemException(
                413,
                "statement-too-large",
                "Statement file too large",
                "a statement file holds at most " + maxBytes + " bytes, this one " + size + ": split it");
    }

    /**
     * Stores an upload chunk by chunk, counting: past {@code maxBytes} it stops reading and answers 413 (what was
     * stored is deleted), so neither memory nor the database holds more than the limit. An empty body is a 400.
     * Blocking: call it on a worker thread.
     */
    public Upload receive(String tenantId, InputStream body, long maxBytes) {
        UUID id = UUID.randomUUID();
        await(pool.preparedQuery("INSERT INTO statement_upload (id, tenant_id, created_at) VALUES ($1, $2, $3)")
                .execute(Tuple.of(id, tenantId, OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)))));
        long total = 0;
        int seq = 0;
        try (InputStream in = body) {
            byte[] chunk = new byte[chunkBytes];
            int n;
            while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes, "more than " + maxBytes);
                }
                await(pool.preparedQuery(
                                "INSERT INTO statement_upload_chunk (upload_id, seq, data) VALUES ($1, $2, $3)")
                        .execute(Tuple.of(id, seq++, Buffer.buffer(n == chunk.length ? chunk : copy(chunk, n)))));
            }
            if (total == 0) {
                throw ProblemException.badRequest("body", "is empty: send the statement file as the request body");
            }
            await(pool.preparedQuery("UPDATE statement_upload SET bytes = $2, chunks = $3 WHERE id = $1")
                    .execute(Tuple.of(id, total, seq)));
        } catch (IOException | RuntimeException e) {
            delete(id);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException((IOException) e);
        }
        return new Upload(id, total);
    }

    /** Stores a file received otherwise (a multipart part, on this instance's disk until the request ends). */
    public Upload adopt(String tenantId, Path uploaded) {
        try {
            return receive(tenantId, Files.newInputStream(uploaded), maxStatementBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The upload as a stream that fetches one chunk at a time, the next while the current one is read. Fails with an
     * IOException when the upload is gone or was never received whole. Blocking reads: use it on a worker thread.
     */
    public InputStream open(UUID id) throws IOException {
        RowSet<Row> rows = await(pool.preparedQuery("SELECT chunks FROM statement_upload WHERE id = $1")
                .execute(Tuple.of(id)));
        Integer chunks = rows.size() == 0 ? null : rows.iterator().next().getInteger(0);
        if (chunks == null) {
            throw new IOException("the upload " + id + " is gone or was not received whole");
        }
        return new UploadStream(pool, id, chunks, STATEMENT_TIMEOUT);
    }

    /** Deletes the upload (its chunks with it); logged, not thrown, when the database cannot be reached. */
    public void delete(UUID id) {
        try {
            await(pool.preparedQuery("DELETE FROM statement_upload WHERE id = $1")
                    .execute(Tuple.of(id)));
        } catch (RuntimeException e) {
            LOG.warnf("could not delete the upload %s (purged after the retention): %s", id, e.getMessage());
        }
    }

    private static byte[] copy(byte[] chunk, int n) {
        byte[] part = new byte[n];
        System.arraycopy(chunk, 0, part, 0, n);
        return part;
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(STATEMENT_TIMEOUT);
    }
}
