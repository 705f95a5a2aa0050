package app.lettrage.invoice.rest;

import app.lettrage.events.InvoiceDirection;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "InvoiceRequest", description = "A new invoice draft")
public record InvoiceRequest(
        @Schema(description = "SALES (default) or PURCHASE", example = "SALES") InvoiceDirection direction,
        @Schema(description = "For a purchase invoice: the supplier's own number", example = "SUP-2026-118") @Size(max = 64) String supplierNumber,
        @Schema(example = "Dupont SARL") @NotBlank @Size(max = 200) String counterpartyName,
        @Schema(example = "FR7630006000011234567890189") @Size(max = 34) String counterpartyIban,
        @Schema(example = "EUR") @NotNull @jakarta.validation.constraints.Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        @Schema(example = "1250.00", type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING) @NotNull @Positive BigDecimal totalAmount,
        @Schema(example = "2026-12-31") @NotNull LocalDate dueDate) {
}
