package app.lettrage.banksync.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "AccountRequest", description = "A bank account of the caller's tenant")
public record AccountRequest(
        @Schema(example = "FR76 3000 6000 0112 3456 7890 189") @NotBlank @Size(max = 50)
        String iban,

        @Schema(example = "EUR")
        @NotNull
        @jakarta.validation.constraints.Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
        String currency,

        @Schema(example = "Main account") @Size(max = 200) String name) {}
