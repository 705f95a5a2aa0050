package app.lettrage.platform.tenant;

import app.lettrage.platform.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The tenant of the current request, from the token's {@code tenant_id} claim: never from the path or body.
 * A token without it may not touch tenant data (403).
 */
@RequestScoped
public class TenantContext {

    public static final String CLAIM = "tenant_id";

    private final JsonWebToken token;

    public TenantContext(JsonWebToken token) {
        this.token = token;
    }

    public String tenantId() {
        Object claim = token == null ? null : token.getClaim(CLAIM);
        String tenant =
                claim == null ? null : claim.toString().replace("\"", "").trim();
        if (tenant == null || tenant.isEmpty()) {
            throw new ProblemException(403, "no-tenant", "Forbidden", "the token carries no tenant_id claim");
        }
        return tenant;
    }

    /** The user's name, for audit trails and "decided by". */
    public String username() {
        if (token == null) {
            return "system";
        }
        String name = token.getClaim("preferred_username");
        return name != null ? name : token.getName();
    }
}
