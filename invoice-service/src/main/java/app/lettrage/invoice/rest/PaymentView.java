package app.lettrage.invoice.rest;

import app.lettrage.events.MatchDecision;
import app.lettrage.invoice.InvoicePayment;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

public record PaymentView(
        String matchId,
        String transactionId,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
        MatchDecision decidedBy,
        LocalDate paymentDate,
        Instant appliedAt,
        Instant reversedAt) {

    static PaymentView of(InvoicePayment p, String currency) {
        return new PaymentView(p.matchId, p.transactionId, app.lettrage.platform.money.Money.of(p.amount, currency),
                p.decidedBy, p.paymentDate, p.appliedAt, p.reversedAt);
    }
}
