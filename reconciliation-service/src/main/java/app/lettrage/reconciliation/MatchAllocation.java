package app.lettrage.reconciliation;

import app.lettrage.events.Allocation;
import app.lettrage.platform.money.Money;
import app.lettrage.reconciliation.StoredCandidate.StoredAllocation;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.UUID;

/** What one match settled on one invoice. */
@Entity
@Table(name = "match_allocation")
public class MatchAllocation {

    @Id
    private UUID id;

    @Column(name = "match_id", nullable = false)
    private UUID matchId;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    @Column(name = "invoice_id", nullable = false)
    private String invoiceId;

    @Column(name = "invoice_number", nullable = false)
    private String invoiceNumber;

    /** What the invoice's amount due went down by (the cash plus any write-off). */
    @Column(nullable = false)
    private BigDecimal amount;

    /** Part of {@link #amount} written off within tolerance (bank fee, early-payment discount); null when none. */
    @Column(name = "write_off")
    private BigDecimal writeOff;

    @Column(nullable = false, columnDefinition = "bpchar(3)")
    private String currency;

    /**
     * Part of {@link #amount} that a payment converted at the bank's rate did not cover (positive) or covered beyond
     * it (negative), in the invoice's currency; null for a payment in the invoice's currency.
     */
    @Column(name = "fx_difference")
    private BigDecimal fxDifference;

    protected MatchAllocation() {}

    public static MatchAllocation of(PaymentMatch match, StoredAllocation a) {
        MatchAllocation row = new MatchAllocation();
        row.id = UUID.randomUUID();
        row.matchId = match.id();
        row.tenantId = match.tenantId();
        row.invoiceId = a.invoiceId();
        row.invoiceNumber = a.invoiceNumber();
        row.amount = a.amount();
        row.writeOff = a.writeOff();
        row.currency = a.currency();
        row.fxDifference = a.fxDifference();
        return row;
    }

    /** As PaymentMatched and PaymentUnmatched carry it. */
    public Allocation toEvent() {
        return new Allocation(invoiceId, invoiceNumber, amount, currency, writeOff, fxDifference);
    }

    @PostLoad
    void toCurrencyScale() {
        amount = Money.of(amount, currency);
        writeOff = writeOff == null ? null : Money.of(writeOff, currency);
        fxDifference = fxDifference == null ? null : Money.of(fxDifference, currency);
    }

    public BigDecimal fxDifference() {
        return fxDifference;
    }

    public UUID matchId() {
        return matchId;
    }

    public String invoiceId() {
        return invoiceId;
    }

    public String invoiceNumber() {
        return invoiceNumber;
    }

    public BigDecimal amount() {
        return amount;
    }

    public BigDecimal writeOff() {
        return writeOff;
    }

    public String currency() {
        return currency;
    }
}
