package app.lettrage.invoice;

import app.lettrage.events.ReferenceType;
import app.lettrage.platform.problem.ProblemException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** A tenant's invoicing settings; a tenant without a row has the defaults. */
@Entity
@Table(name = "tenant_settings")
public class TenantSettings {

    public static final String DEFAULT_ZONE = "Europe/Paris";

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    /** ISO11649 (RF, the default) or BE_STRUCTURED (+++123/4567/89012+++). */
    @Enumerated(EnumType.STRING)
    @Column(name = "reference_type", nullable = false)
    public ReferenceType referenceType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Rounding rounding;

    /** Sales invoices are numbered {@code <prefix>-<year>-<n>}, one gapless series per prefix and year. */
    @Column(name = "invoice_prefix", nullable = false)
    public String invoicePrefix;

    @Column(name = "credit_note_prefix", nullable = false)
    public String creditNotePrefix;

    /** The zone "today" is taken in (due dates, OVERDUE, age buckets). */
    @Column(name = "time_zone", nullable = false)
    public String timeZone;

    @Version
    public long version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static TenantSettings defaults(String tenantId, String invoicePrefix) {
        TenantSettings s = new TenantSettings();
        s.tenantId = tenantId;
        s.referenceType = ReferenceType.ISO11649;
        s.rounding = Rounding.PER_TOTAL;
        s.invoicePrefix = invoicePrefix;
        s.creditNotePrefix = "AV";
        s.timeZone = DEFAULT_ZONE;
        s.updatedAt = Instant.EPOCH;
        return s;
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    /** Today in the tenant's zone: the date of issue, and what is due or overdue. */
    public LocalDate today(Clock clock) {
        return clock.instant().atZone(zone()).toLocalDate();
    }

    /** Changes the settings given (null: unchanged); the two numbering series must stay apart. */
    public void change(
            ReferenceType newReferenceType,
            Rounding newRounding,
            String newInvoicePrefix,
            String newCreditNotePrefix,
            String newTimeZone,
            Instant now) {
        referenceType = newReferenceType != null ? newReferenceType : referenceType;
        rounding = newRounding != null ? newRounding : rounding;
        invoicePrefix = newInvoicePrefix != null ? newInvoicePrefix : invoicePrefix;
        creditNotePrefix = newCreditNotePrefix != null ? newCreditNotePrefix : creditNotePrefix;
        timeZone = newTimeZone != null ? newTimeZone : timeZone;
        if (invoicePrefix.equals(creditNotePrefix)) {
            throw ProblemException.badRequest(
                    "creditNotePrefix", "must differ from invoicePrefix (each is its own series)");
        }
        updatedAt = now;
    }
}
