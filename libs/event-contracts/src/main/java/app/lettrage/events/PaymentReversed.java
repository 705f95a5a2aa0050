package app.lettrage.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The bank undid a payment that had settled invoices: a returned direct debit, a returned or reversed credit transfer,
 * a chargeback. Match {@code matchId} of transaction {@code transactionId} is undone because transaction
 * {@code reversalTransactionId} reverses it: each allocation goes back to its invoice's amount due, and the invoice
 * shows {@code returnReason}. Key: {@code tenantId:transactionId}, the same as the match it undoes, so it follows
 * that match's PaymentMatched on the same partition.
 *
 * @param returnReason the bank's return reason code (ISO 20022 ExternalReturnReason1Code such as {@code AM04}, or a
 *     proprietary code); absent when the bank gave none. An open set: see {@link ReturnReasons}.
 */
public record PaymentReversed(
        String matchId,
        String tenantId,
        String transactionId,
        String reversalTransactionId,
        List<Allocation> allocations,
        @JsonInclude(JsonInclude.Include.NON_NULL) String returnReason,
        Instant reversedAt)
        implements LettrageEvent {

    public PaymentReversed {
        allocations = List.copyOf(allocations);
    }

    @Override
    public String subject() {
        return matchId;
    }

    @Override
    public String key() {
        return tenantId + ":" + transactionId;
    }
}
