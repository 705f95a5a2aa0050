package app.lettrage.banksync.service;

import app.lettrage.platform.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Where statement uploads wait for their import job: each in a file of its own under
 * {@code lettrage.banksync.import.upload-dir}, received while counting against the statement size limit.
 */
@ApplicationScoped
public class StatementUploads {

    private static final Logger LOG = Logger.getLogger(StatementUploads.class);

    /** Room above the statement limit that the HTTP body limit keeps for a multipart envelope. */
    static final long ENVELOPE_BYTES = 1 << 20;

    private final Path uploadDir;
    private final long maxStatementBytes;
    private final Optional<MemorySize> maxBodySize;

    public StatementUploads(
            @ConfigProperty(name = "lettrage.banksync.import.upload-dir") Path uploadDir,
            @ConfigProperty(name = "lettrage.banksync.max-statement-bytes") long maxStatementBytes,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.uploadDir = uploadDir;
        this.maxStatementBytes = maxStatementBytes;
        this.maxBodySize = maxBodySize;
    }

    void start(@Observes StartupEvent ev) throws IOException {
        checkLimits(maxStatementBytes, maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE));
        Files.createDirectories(uploadDir);
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
     * Copies an upload to a file of its own, counting: past {@code maxBytes} it stops reading and answers 413, so
     * neither memory nor disk holds more than the limit. Blocking: call it on a worker thread.
     */
    public Path receive(InputStream body, long maxBytes) {
        Path file = newUploadFile();
        long total = 0;
        try (InputStream in = body;
                OutputStream out = Files.newOutputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(maxBytes, "more than " + maxBytes);
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            delete(file);
            if (e instanceof ProblemException p) {
                throw p;
            }
            throw new UncheckedIOException(e instanceof IOException io ? io : new IOException(e));
        }
        if (total == 0) {
            delete(file);
            throw ProblemException.badRequest("body", "is empty: send the statement file as the request body");
        }
        return file;
    }

    /** A copy of a file received otherwise (a multipart part), to be owned by the job. */
    public Path adopt(Path uploaded) {
        Path file = newUploadFile();
        try {
            Files.copy(uploaded, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException(e);
        }
    }

    public InputStream open(Path file) throws IOException {
        return Files.newInputStream(file);
    }

    public long size(Path file) throws IOException {
        return Files.size(file);
    }

    public void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete the upload %s: %s", file, e.getMessage());
        }
    }

    private Path newUploadFile() {
        try {
            Files.createDirectories(uploadDir);
            return Files.createTempFile(uploadDir, "statement-", ".upload");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
