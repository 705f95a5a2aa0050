package app.lettrage.consent.rest;

import app.lettrage.consent.Provider;
import app.lettrage.consent.service.NewConsent;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ConsentRequest", description = "A consent to record with the accounts it reaches")
public record ConsentRequest(
        @Schema(description = "The bank or aggregator institution", example = "SANDBOX_BANK")
        @NotBlank
        @Size(max = 64)
        @Pattern(regexp = "[A-Za-z0-9_.\\-]*", message = "letters, digits, '_', '.' and '-' only")
        String institutionId,

        @Schema(example = "BERLIN_GROUP") @NotNull Provider provider,

        @Schema(description = "Last day of access; at most 180 days ahead", example = "2027-05-26") @NotNull
        LocalDate validUntil,

        @NotEmpty @Size(max = 100) List<@NotNull @Valid Account> accounts) {

    @Schema(name = "ConsentAccountRequest", description = "A bank account reachable through the consent")
    public record Account(
            @Schema(description = "The provider's account id", example = "acc-acme-main") @NotBlank @Size(max = 128)
            String accountId,

            @Schema(example = "FR76 3000 6000 0112 3456 7890 189") @Size(max = 42)
            String iban,

            @Schema(example = "EUR") @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
            String currency,

            @Schema(example = "Compte courant") @Size(max = 200)
            String name) {}

    NewConsent toNewConsent() {
        return new NewConsent(
                institutionId,
                provider,
                validUntil,
                accounts.stream()
                        .map(a -> new NewConsent.Account(a.accountId(), a.iban(), a.currency(), a.name()))
                        .toList());
    }
}
