package app.lettrage.banksync.service;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads an upload's chunks in order, fetching the next one while the current one is consumed. */
final class UploadStream extends InputStream {
    private final Pool pool;
    private final UUID id;
    private final int chunks;
    private final Duration timeout;
    private int nextSeq;
    private byte[] current = new byte[0];
    private int pos;
    private CompletableFuture<byte[]> next;

    UploadStream(Pool pool, UUID id, int chunks, Duration timeout) {
        this.pool = pool;
        this.id = id;
        this.chunks = chunks;
        this.timeout = timeout;
        this.next = fetch();
    }

    private CompletableFuture<byte[]> fetch() {
        if (nextSeq >= chunks) {
            return null;
        }
        int seq = nextSeq++;
        return pool.preparedQuery("SELECT data FROM statement_upload_chunk WHERE upload_id = $1 AND seq = $2")
                .execute(Tuple.of(id, seq))
                .map(rows -> rows.size() == 0
                        ? null
                        : rows.iterator().next().getBuffer(0).getBytes())
                .subscribeAsCompletionStage();
    }

    /** False at the end of the upload. */
    private boolean advance() throws IOException {
        while (pos >= current.length) {
            if (next == null) {
                return false;
            }
            byte[] data;
            try {
                data = next.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("reading upload " + id);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("could not read upload " + id + ": " + e.getMessage(), e);
            }
            if (data == null) {
                throw new IOException("the upload " + id + " lost a chunk (deleted while read?)");
            }
            current = data;
            pos = 0;
            next = fetch();
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        return advance() ? current[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!advance()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        next = null; // a fetch in flight completes unread
    }
}
