package app.lettrage.reconciliation.repository;

import app.lettrage.reconciliation.LearnedPayer;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
@WithSession
public class LearnedPayerRepository implements PanacheRepositoryBase<LearnedPayer, Long> {

    /** The tenant's learned payers in the order they were learned: a later one may refine an earlier one. */
    public Uni<List<LearnedPayer>> inLearningOrder(String tenantId) {
        return list("tenantId", Sort.ascending("id"), tenantId);
    }
}
