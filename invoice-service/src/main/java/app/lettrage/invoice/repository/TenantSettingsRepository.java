package app.lettrage.invoice.repository;

import app.lettrage.invoice.TenantSettings;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class TenantSettingsRepository implements PanacheRepositoryBase<TenantSettings, String> {}
