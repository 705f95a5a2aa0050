package app.lettrage.invoice.rest;

import app.lettrage.events.InvoiceDirection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An invoice draft's content (POST creates, PUT replaces, PATCH changes the fields it names). Totals are computed
 * from the lines; {@code totalAmount} is only needed without lines, and when given with lines must equal the gross.
 */
@Schema(name = "InvoiceRequest", description = "An invoice draft: counterparty, lines, dates, terms")
public record InvoiceRequest(
        @Schema(description = "SALES (default) or PURCHASE", example = "SALES")
        InvoiceDirection direction,

        @Schema(
                description = "Purchase invoice: the supplier's own number (unique per supplier)",
                example = "SUP-2026-118")
        @Size(max = 64)
        String supplierNumber,

        @Schema(example = "Dupont SARL") @NotBlank @Size(max = 200)
        String counterpartyName,

        @Schema(example = "12 rue de la Paix, 75002 Paris, France") @Size(max = 500)
        String counterpartyAddress,

        @Schema(example = "FR40303265045") @Size(max = 32) String counterpartyVatNumber,

        @Schema(example = "FR7630006000011234567890189") @Size(max = 42)
        String counterpartyIban,

        @Schema(example = "EUR")
        @NotNull
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
        String currency,

        @Schema(description = "The invoice lines, in order") @Size(max = 1000)
        List<@NotNull @Valid LineRequest> lines,

        @Schema(
                description = "Only without lines: the gross total as given",
                example = "1250.00",
                type = SchemaType.STRING)
        @Positive
        BigDecimal totalAmount,

        @Schema(
                description = "Purchase invoice: the supplier's issue date (a sales invoice is dated when issued)",
                example = "2026-11-20")
        LocalDate issueDate,

        @Schema(example = "2026-12-31") @NotNull LocalDate dueDate,

        @Schema(example = "30 days net, no discount for early payment") @Size(max = 200)
        String paymentTerms,

        @Schema(example = "Order PO-4471") @Size(max = 2000) String notes) {

    @Schema(name = "InvoiceLineRequest")
    public record LineRequest(
            @Schema(example = "Consulting, November") @NotBlank @Size(max = 500)
            String description,

            @Schema(example = "3", type = SchemaType.STRING) @NotNull @Positive
            BigDecimal quantity,

            @Schema(example = "400.00", type = SchemaType.STRING) @NotNull
            BigDecimal unitPrice,

            @Schema(description = "VAT rate in percent", example = "20", type = SchemaType.STRING) @NotNull
            BigDecimal vatRate,

            @Schema(description = "Discount in percent of the line", example = "5", type = SchemaType.STRING)
            BigDecimal discount) {}
}
