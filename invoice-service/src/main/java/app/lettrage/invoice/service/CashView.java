package app.lettrage.invoice.service;

import app.lettrage.events.InvoiceDirection;
import com.fasterxml.jackson.annotation.JsonFormat;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Open amounts due (issued or partly paid invoices, credit notes and cancelled invoices excluded) by age, and the
 * cash expected per ISO week from the due dates. SALES is cash in, PURCHASE cash out.
 */
@Schema(name = "CashView")
public record CashView(
        @Schema(description = "Today in the tenant's zone", example = "2026-11-27")
        LocalDate asOf,

        @Schema(example = "Europe/Paris") String timeZone,
        List<Aging> aging,

        @Schema(
                description =
                        "From the Monday of this week for `weeks` weeks; amounts already overdue are in aging, not here")
        List<Week> weeks) {

    @Schema(name = "Aging", description = "Amounts due of one direction and currency by days past due")
    public record Aging(
            @Schema(example = "SALES") InvoiceDirection direction,
            @Schema(example = "EUR") String currency,

            @Schema(example = "12500.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
            BigDecimal notYetDue,

            @Schema(example = "830.40") @JsonFormat(shape = JsonFormat.Shape.STRING)
            BigDecimal days1To30,

            @Schema(example = "0.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
            BigDecimal days31To60,

            @Schema(example = "0.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
            BigDecimal days61To90,

            @Schema(example = "120.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
            BigDecimal over90Days,

            @Schema(example = "13450.40") @JsonFormat(shape = JsonFormat.Shape.STRING)
            BigDecimal total) {}

    @Schema(
            name = "CashWeek",
            description = "Cash expected in (SALES) and out (PURCHASE) in one ISO week, per currency")
    public record Week(
            @Schema(example = "2026-W49") String isoWeek,
            @Schema(example = "2026-11-30") LocalDate weekStart,
            @Schema(example = "EUR") String currency,

            @Schema(example = "4200.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
            BigDecimal cashIn,

            @Schema(example = "1800.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
            BigDecimal cashOut) {}
}
