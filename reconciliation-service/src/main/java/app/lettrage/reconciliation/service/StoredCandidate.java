package app.lettrage.reconciliation.service;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
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
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoredAllocation(
            String invoiceId,
            String invoiceNumber,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
            String currency,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal writeOff) {}

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
