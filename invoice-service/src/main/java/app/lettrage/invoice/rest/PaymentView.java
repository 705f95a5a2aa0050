package app.lettrage.invoice.rest;

import app.lettrage.events.MatchDecision;
import app.lettrage.events.ReturnReasons;
import app.lettrage.invoice.InvoicePayment;
import app.lettrage.platform.money.Money;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One payment applied to an invoice: {@code amount} lowered the amount due, of which {@code writeOff} was not cash. */
@Schema(name = "Payment")
public record PaymentView(
        String matchId,
        String transactionId,

        @Schema(example = "100.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal amount,

        @Schema(example = "0.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal writeOff,

        @Schema(description = "amount - writeOff", example = "100.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal cash,

        MatchDecision decidedBy,
        LocalDate paymentDate,
        Instant appliedAt,

        @Schema(description = "Set when the payment was given back (PaymentUnmatched, PaymentReversed)")
        Instant reversedAt,

        @Schema(description = "The bank transaction that undid the payment (a return, a reversal, a chargeback)")
        String reversalTransactionId,

        @Schema(description = "The bank's return reason code", example = "AM04")
        String returnReason,

        @Schema(
                description = "What the return reason means, when it is a known ISO code",
                example = "AM04 (insufficient funds)")
        String returnReasonText) {

    static PaymentView of(InvoicePayment p, String currency) {
        BigDecimal amount = Money.of(p.amount, currency);
        BigDecimal writeOff = Money.of(p.writeOff, currency);
        return new PaymentView(
                p.matchId,
                p.transactionId,
                amount,
                writeOff,
                amount.subtract(writeOff),
                p.decidedBy,
                p.paymentDate,
                p.appliedAt,
                p.reversedAt,
                p.reversalTransactionId,
                p.returnReason,
                ReturnReasons.describe(p.returnReason));
    }
}
