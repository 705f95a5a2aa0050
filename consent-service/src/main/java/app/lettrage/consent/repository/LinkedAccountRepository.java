package app.lettrage.consent.repository;

import app.lettrage.consent.LinkedAccount;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Accounts are reached through their consent, which the caller has already found for the tenant. */
@ApplicationScoped
@WithSession
public class LinkedAccountRepository implements PanacheRepositoryBase<LinkedAccount, UUID> {

    public Uni<List<LinkedAccount>> forConsent(UUID consentId) {
        return list("consentId", Sort.ascending("accountId"), consentId);
    }
}
