package app.lettrage.invoice.repository;

import app.lettrage.invoice.IdempotencyRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

@ApplicationScoped
@WithSession
public class IdempotencyRepository implements PanacheRepositoryBase<IdempotencyRecord, IdempotencyRecord.Key> {

    public Uni<IdempotencyRecord> find(String tenantId, String key) {
        return find("tenantId = ?1 and key = ?2", tenantId, key).firstResult();
    }

    /**
     * Tries to hold the tenant's key until the caller's transaction ends (a transaction-scoped advisory lock, never
     * waited for); false when a concurrent transaction holds it.
     */
    public Uni<Boolean> tryHold(String tenantId, String key) {
        return Panache.getSession()
                .flatMap(s -> s.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)", Boolean.class)
                        .setParameter(1, lockKey(tenantId, key))
                        .getSingleResult());
    }

    /**
     * 64 bits of SHA-256 over tenant and key: two different keys share a lock (and one of them is answered 409 while
     * the other runs) with a probability of 2^-64, as does a key and the outbox relay's lock.
     */
    static long lockKey(String tenantId, String key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(("idempotency-key\n" + tenantId + "\n" + key).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
