package app.lettrage.platform.admin;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;

/**
 * Writes the audit trail of the admin actions on the event flow ({@code admin_audit}): who, for which tenant, what, on
 * what. On the caller's connection, in its transaction: the row exists exactly when the action's own writes do.
 */
@ApplicationScoped
public class AdminAudit {

    public static final String REDRIVE = "dead-letter.redrive";
    public static final String REPUBLISH = "outbox.republish";

    public Uni<Void> record(
            SqlConnection connection, String actor, String tenantId, String action, String target, String detail) {
        return connection
                .preparedQuery("INSERT INTO admin_audit (actor, tenant_id, action, target, detail)"
                        + " VALUES ($1, $2, $3, $4, $5)")
                .execute(Tuple.from(Arrays.asList(actor, tenantId, action, target, detail)))
                .replaceWithVoid();
    }
}
