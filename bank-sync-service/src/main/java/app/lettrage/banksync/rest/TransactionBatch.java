package app.lettrage.banksync.rest;

import app.lettrage.events.TransactionImported.BookingStatus;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A batch of bank transactions of one account, checked by {@link BatchValidator} entry by entry. */
@Schema(name = "TransactionBatch")
public record TransactionBatch(List<Entry> transactions) {

    @Schema(name = "TransactionBatchEntry")
    public record Entry(
            @Schema(
                    description = "The bank's own id of the transaction; the deduplication key when present",
                    example = "2026112000042")
            String bankReference,

            @Schema(description = "BOOKED (default) or PENDING")
            BookingStatus status,

            @Schema(
                    description =
                            "Signed decimal: positive is money in, negative money out; at most the currency's decimals",
                    example = "-1250.00",
                    type = SchemaType.STRING)
            String amount,

            @Schema(example = "EUR") String currency,
            @Schema(example = "2026-11-20") LocalDate bookingDate,
            @Schema(example = "2026-11-20") LocalDate valueDate,
            @Schema(example = "DUPONT SARL") String counterpartyName,
            @Schema(example = "DE89370400440532013000") String counterpartyIban,
            @Schema(example = "COBADEFFXXX") String counterpartyBic,
            @Schema(example = "Facture FV-2026-00042") String remittanceInformation,

            @Schema(
                    description = "ISO 11649 RF, Belgian +++…+++ or Swiss QR reference; its type is recognised",
                    example = "RF18539007547034")
            String structuredReference,

            @Schema(example = "E2E-20261120-0001") String endToEndId,
            @Schema(example = "PMNT-RCDT-ESCT") String bankTransactionCode,

            @Schema(
                    description =
                            "true when the line undoes an earlier payment (a return, a reversal, a chargeback);"
                                    + " also implied by a bankTransactionCode of a reversal sub-family (RRTN, UPDD, RPCR, PRDD)")
            Boolean reversal,

            @Schema(description = "the bank's return reason code, e.g. AM04; at most 35 characters", example = "AM04")
            String returnReason) {}
}
