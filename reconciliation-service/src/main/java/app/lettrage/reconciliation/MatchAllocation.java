package app.lettrage.reconciliation;

import app.lettrage.platform.money.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.UUID;

@Entity
@Table(name = "match_allocation")
public class MatchAllocation {

    @Id
    public UUID id;

    @Column(name = "match_id", nullable = false)
    public UUID matchId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "invoice_id", nullable = false)
    public String invoiceId;

    @Column(name = "invoice_number", nullable = false)
    public String invoiceNumber;

    /** What the invoice's amount due went down by (the cash plus any write-off). */
    @Column(nullable = false)
    public BigDecimal amount;

    /** Part of {@link #amount} written off within tolerance (bank fee, early-payment discount); null when none. */
    @Column(name = "write_off")
    public BigDecimal writeOff;

    @Column(nullable = false, columnDefinition = "bpchar(3)")
    public String currency;

    @PostLoad
    void toCurrencyScale() {
        amount = Money.of(amount, currency);
        writeOff = writeOff == null ? null : Money.of(writeOff, currency);
    }
}
