package app.lettrage.invoice.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CreditNoteRequest", description = "Takes part of an issued invoice off by a partial credit note")
public record CreditNoteRequest(
        @Schema(
                description = "Gross amount in the invoice's currency at its exponent: above 0, at most the amount due",
                type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                example = "200.00")
        @NotNull
        BigDecimal amount,

        @Schema(example = "Two days of consulting not delivered") @NotBlank @Size(max = 500)
        String reason,

        @Schema(description = "Purchase invoice only: the supplier's credit note number", example = "SUP-AV-2026-7")
        @Size(max = 64)
        String creditNoteNumber) {}
