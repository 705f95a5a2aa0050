package app.lettrage.banksync.service;

import app.lettrage.banksync.BankAccount;
import app.lettrage.platform.problem.ProblemException;
import app.lettrage.platform.ratelimit.TenantRateLimiter;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A person uploads a statement file into one of their tenant's accounts, as the raw request body or as a multipart
 * part: the account must be theirs (404), the tenant within its upload allowance ({@code lettrage.rate-limits.
 * statement-uploads}, 429) and its {@link ImportQuota} (429), the file within {@code lettrage.banksync.
 * max-statement-bytes} (413) and not empty; the upload is stored and submitted for import ({@link SubmitStatement}).
 * Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class UploadStatement {

    private final AccountService accounts;
    private final StatementUploads uploads;
    private final SubmitStatement submit;
    private final TenantRateLimiter limiter;
    private final ImportJobStore jobs;
    private final ImportQuota quota;
    private final long maxStatementBytes;

    public UploadStatement(
            AccountService accounts,
            StatementUploads uploads,
            SubmitStatement submit,
            TenantRateLimiter limiter,
            ImportJobStore jobs,
            ImportQuota quota,
            @ConfigProperty(name = "lettrage.banksync.max-statement-bytes") long maxStatementBytes) {
        this.accounts = accounts;
        this.uploads = uploads;
        this.submit = submit;
        this.limiter = limiter;
        this.jobs = jobs;
        this.quota = quota;
        this.maxStatementBytes = maxStatementBytes;
    }

    /**
     * The file as the request body; {@code contentLength} as declared (may be absent: the body is then cut off at the
     * limit while it is stored).
     */
    public ImportJob body(
            String tenantId,
            UUID accountId,
            StatementSource source,
            String contentLength,
            InputStream body,
            String fileName,
            String user) {
        BankAccount account = admit(tenantId, accountId);
        long declared = 0;
        if (contentLength != null && !contentLength.isBlank()) {
            try {
                declared = Long.parseLong(contentLength.strip());
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Content-Length", "is not a number");
            }
            if (declared > maxStatementBytes) {
                throw StatementUploads.tooLarge(maxStatementBytes, String.valueOf(declared));
            }
        }
        roomFor(tenantId, declared);
        StatementUploads.Upload upload = uploads.receive(tenantId, body, maxStatementBytes);
        return submit.submit(account, source, upload, fileName, user);
    }

    /** The file as the multipart part {@code file}, already received into {@code uploaded} ({@code size} bytes). */
    public ImportJob part(
            String tenantId,
            UUID accountId,
            StatementSource source,
            Path uploaded,
            long size,
            String fileName,
            String user) {
        BankAccount account = admit(tenantId, accountId);
        if (uploaded == null) {
            throw ProblemException.badRequest("file", "is required: the statement file as the multipart part 'file'");
        }
        if (size > maxStatementBytes) {
            throw StatementUploads.tooLarge(maxStatementBytes, String.valueOf(size));
        }
        if (size == 0) {
            throw ProblemException.badRequest("file", "is empty");
        }
        roomFor(tenantId, size);
        StatementUploads.Upload upload = uploads.adopt(tenantId, uploaded);
        return submit.submit(account, source, upload, fileName, user);
    }

    /**
     * The tenant's account (404 otherwise: another tenant's account is not revealed by a 429), and one upload of the
     * tenant's allowance: uploads fill the database every tenant shares.
     */
    private BankAccount admit(String tenantId, UUID accountId) {
        BankAccount account = account(tenantId, accountId);
        limiter.acquire("statement-uploads", tenantId);
        return account;
    }

    /**
     * A first look at the quota before a byte is stored, so a tenant at its limit does not stream a file in only to
     * be refused; the look that counts is the one under the tenant's lock when the job is recorded.
     */
    private void roomFor(String tenantId, long bytes) {
        quota.check(jobs.usage(tenantId).await().atMost(Duration.ofSeconds(30)), bytes);
    }

    /** The tenant's account, or 404; blocking (the uploads run on a worker thread). */
    private BankAccount account(String tenantId, UUID id) {
        BankAccount account;
        try {
            account = VertxContextSupport.subscribeAndAwait(() -> accounts.get(tenantId, id));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (account == null) {
            throw ProblemException.notFound("account", id.toString());
        }
        return account;
    }
}
