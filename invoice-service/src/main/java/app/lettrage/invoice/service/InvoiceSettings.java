package app.lettrage.invoice.service;

import app.lettrage.events.ReferenceType;
import app.lettrage.invoice.Rounding;
import app.lettrage.invoice.TenantSettings;
import app.lettrage.invoice.repository.TenantSettingsRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** A tenant's invoicing settings: the defaults until an admin changes them. */
@ApplicationScoped
public class InvoiceSettings {

    private final TenantSettingsRepository settings;
    private final Clock clock;
    private final String numberPrefix;

    public InvoiceSettings(
            TenantSettingsRepository settings,
            Clock clock,
            @ConfigProperty(name = "lettrage.invoice.number-prefix") String numberPrefix) {
        this.settings = settings;
        this.clock = clock;
        this.numberPrefix = numberPrefix;
    }

    /** The tenant's settings, or the defaults when it has none, in the caller's session. */
    public Uni<TenantSettings> of(String tenantId) {
        return settings.findById(tenantId).map(s -> s != null ? s : TenantSettings.defaults(tenantId, numberPrefix));
    }

    @WithTransaction
    public Uni<TenantSettings> read(String tenantId) {
        return of(tenantId);
    }

    /** Changes the given settings (null: unchanged). A new invoice prefix starts a new gapless series. */
    @WithTransaction
    public Uni<TenantSettings> update(
            String tenantId,
            ReferenceType referenceType,
            Rounding rounding,
            String invoicePrefix,
            String creditNotePrefix,
            String timeZone) {
        return settings.findById(tenantId).flatMap(existing -> {
            TenantSettings s = existing != null ? existing : TenantSettings.defaults(tenantId, numberPrefix);
            s.change(referenceType, rounding, invoicePrefix, creditNotePrefix, timeZone, clock.instant());
            return (existing != null ? Uni.createFrom().item(s) : settings.persist(s)).call(settings::flush);
        });
    }
}
