package app.lettrage.invoice.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "CancelRequest", description = "Cancels an issued, unpaid invoice by a credit note for its whole amount")
public record CancelRequest(
        @Schema(example = "Billed twice, see FV-2026-00041") @NotBlank @Size(max = 500)
        String reason,

        @Schema(description = "Purchase invoice only: the supplier's credit note number", example = "SUP-AV-2026-7")
        @Size(max = 64)
        String creditNoteNumber) {}
