package app.lettrage.consent.service;

import app.lettrage.bankconnectors.ConnectorException;
import app.lettrage.platform.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Provider calls block: they run on a worker thread, and their answer comes back on the caller's Vert.x context,
 * where the next database transaction runs. None runs inside a transaction, so a slow bank holds no lock.
 */
@ApplicationScoped
public class ProviderCalls {

    private final Vertx vertx;

    public ProviderCalls(Vertx vertx) {
        this.vertx = vertx;
    }

    /** The call on a worker thread; its failures as they are, for a caller that tells them apart. */
    public <T> Uni<T> asIs(Supplier<T> call) {
        return vertx.executeBlocking(Uni.createFrom().item(call));
    }

    /**
     * The call on a worker thread; a failure at the provider is a 502 problem (the connectors' messages name no
     * secret), raised before anything here changed.
     */
    public <T> Uni<T> call(Supplier<T> call) {
        return asIs(call).onFailure(ConnectorException.class).transform(c -> {
            Log.warnf("provider call failed: %s %s", c.code(), c.getMessage());
            return new ProblemException(502, "provider-error", "Bad Gateway", "the bank answered: " + c.getMessage());
        });
    }
}
