package app.lettrage.reconciliation;

import app.lettrage.matching.Allocation;
import app.lettrage.matching.Candidate;
import app.lettrage.matching.Invoice;
import app.lettrage.matching.OpenItemBook;
import app.lettrage.platform.money.Money;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * One way a transaction could be explained, as stored with the transaction (JSON) and shown to a person.
 *
 * @param confidence 0..1, rounded to 4 decimals
 */
public record StoredCandidate(BigDecimal confidence, List<String> reasons, List<StoredAllocation> allocations) {

    /**
     * @param amount   what the invoice's amount due goes down by (the cash plus any write-off)
     * @param writeOff the part of {@code amount} written off within tolerance; null when none
     * @param fxDifference the part of {@code amount} the payment converted at the bank's rate did not cover (positive)
     *     or covered beyond it (negative); null for a payment in the invoice's currency
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoredAllocation(
            String invoiceId,
            String invoiceNumber,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
            String currency,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal writeOff,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal fxDifference) {

        /** An allocation of a payment in the invoice's currency. */
        public StoredAllocation(
                String invoiceId, String invoiceNumber, BigDecimal amount, String currency, BigDecimal writeOff) {
            this(invoiceId, invoiceNumber, amount, currency, writeOff, null);
        }

        /** The engine's allocation: the money of the transaction and, on top of it, the write-off and FX difference. */
        public Allocation toEngine() {
            BigDecimal off = writeOff == null ? BigDecimal.ZERO : writeOff;
            BigDecimal fx = fxDifference == null ? BigDecimal.ZERO : fxDifference;
            return new Allocation(invoiceId, amount.subtract(off).subtract(fx), off, fx);
        }

        /** The engine's allocation with the number and currency of its invoice in the book, at the currency's scale. */
        public static StoredAllocation of(Allocation a, OpenItemBook book) {
            Invoice invoice = book.invoice(a.invoiceId()).orElseThrow();
            BigDecimal writeOff = a.writeOff().signum() == 0 ? null : Money.of(a.writeOff(), invoice.currency());
            BigDecimal fx = a.fxDifference().signum() == 0 ? null : Money.of(a.fxDifference(), invoice.currency());
            return new StoredAllocation(
                    a.invoiceId(),
                    invoice.number(),
                    Money.of(a.settledAmount(), invoice.currency()),
                    invoice.currency(),
                    writeOff,
                    fx);
        }
    }

    /** The engine's candidate, its invoices looked up in the book it was found in. */
    public static StoredCandidate of(Candidate c, OpenItemBook book) {
        return new StoredCandidate(
                confidence(c.confidence()),
                c.reasons(),
                c.allocations().stream().map(a -> StoredAllocation.of(a, book)).toList());
    }

    /** The engine's confidence as stored: 4 decimals, as the columns hold it. */
    public static BigDecimal confidence(double c) {
        return BigDecimal.valueOf(c).setScale(4, RoundingMode.HALF_EVEN);
    }

    public List<String> invoiceIds() {
        return allocations.stream().map(StoredAllocation::invoiceId).toList();
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<StoredCandidate>> LIST = new TypeReference<>() {};

    static String write(List<StoredCandidate> candidates) {
        try {
            return JSON.writeValueAsString(candidates);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<StoredCandidate> read(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable candidates: " + e.getMessage(), e);
        }
    }
}
