package app.lettrage.invoice.rest;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.ReferenceType;
import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceKind;
import app.lettrage.invoice.InvoiceLine;
import app.lettrage.invoice.InvoiceStatus;
import app.lettrage.invoice.Rounding;
import app.lettrage.invoice.service.InvoiceDetail;
import app.lettrage.invoice.service.Totals;
import app.lettrage.platform.money.Money;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An invoice as the API shows it; amounts are decimal strings with the currency's exponent. */
@Schema(name = "Invoice")
public record InvoiceView(
        UUID id,
        @Schema(example = "INVOICE") InvoiceKind kind,
        @Schema(example = "SALES") InvoiceDirection direction,

        @Schema(description = "Ours (sales, credit notes) or the supplier's (purchase)", example = "FV-2026-00042")
        String number,

        @Schema(
                description = "OVERDUE is derived: issued or partly paid and past due, today in the tenant's zone",
                example = "ISSUED")
        InvoiceStatus status,

        @Schema(example = "Dupont SARL") String counterpartyName,
        String counterpartyAddress,
        String counterpartyVatNumber,
        @Schema(example = "FR7630006000011234567890189") String counterpartyIban,
        @Schema(example = "EUR") String currency,
        @Schema(example = "PER_TOTAL") Rounding rounding,

        @Schema(example = "1140.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal netAmount,

        @Schema(example = "228.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal vatAmount,

        @Schema(example = "1368.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal totalAmount,

        @Schema(example = "1368.00") @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal amountDue,

        @Schema(description = "Paid beyond the total: a credit on the counterparty", example = "0.00")
        @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal creditAmount,

        @Schema(description = "Settled by write-off, not cash", example = "0.00")
        @JsonFormat(shape = JsonFormat.Shape.STRING)
        BigDecimal writtenOffAmount,

        LocalDate issueDate,
        LocalDate dueDate,
        String paymentTerms,
        String notes,
        @Schema(example = "RF18FV202600042") String paymentReference,
        @Schema(example = "ISO11649") ReferenceType paymentReferenceType,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID creditNoteFor,
        @JsonInclude(JsonInclude.Include.NON_NULL) UUID cancelledBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) String cancelReason,

        @Schema(description = "Only on a single invoice, not in lists") @JsonInclude(JsonInclude.Include.NON_NULL)
        List<LineView> lines,

        @Schema(description = "VAT per rate (only on a single invoice with lines)")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        List<VatView> vat,

        @Schema(description = "Also the ETag; send it back in If-Match to update")
        long version) {

    @Schema(name = "InvoiceLine")
    public record LineView(
            int position,
            String description,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal quantity,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal unitPrice,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal vatRate,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal discount,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal netAmount,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal vatAmount) {}

    @Schema(name = "VatLine")
    public record VatView(
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal rate,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal base,
            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal vat) {}

    /** In a list: no lines. */
    static InvoiceView of(Invoice i, LocalDate today) {
        return of(i, null, today);
    }

    static InvoiceView of(InvoiceDetail d) {
        return of(d.invoice(), d.lines(), d.today());
    }

    private static InvoiceView of(Invoice i, List<InvoiceLine> lines, LocalDate today) {
        List<LineView> lineViews = null;
        List<VatView> vat = null;
        if (lines != null) {
            lineViews = lines.stream()
                    .map(l -> new LineView(
                            l.position,
                            l.description,
                            plain(l.quantity),
                            plain(l.unitPrice),
                            plain(l.vatRate),
                            plain(l.discount),
                            Money.of(l.netAmount, i.currency),
                            Money.of(l.vatAmount, i.currency)))
                    .toList();
            vat = lines.isEmpty()
                    ? List.of()
                    : Totals.compute(
                                    lines.stream()
                                            .map(l -> new Totals.Line(l.quantity, l.unitPrice, l.vatRate, l.discount))
                                            .toList(),
                                    i.rounding,
                                    i.currency)
                            .vat()
                            .stream()
                            .map(v -> new VatView(v.rate(), v.base(), v.vat()))
                            .toList();
        }
        return new InvoiceView(
                i.id,
                i.kind,
                i.direction,
                i.number,
                i.effectiveStatus(today),
                i.counterparty.name,
                i.counterparty.address,
                i.counterparty.vatNumber,
                i.counterparty.iban,
                i.currency,
                i.rounding,
                i.netAmount,
                i.vatAmount,
                i.totalAmount,
                i.balance.amountDue,
                i.balance.creditAmount,
                i.balance.writtenOffAmount,
                i.issueDate,
                i.dueDate,
                i.paymentTerms,
                i.notes,
                i.paymentReference,
                i.paymentReferenceType,
                i.creditNoteFor,
                i.cancelledBy,
                i.cancelReason,
                lineViews,
                vat,
                i.version);
    }

    /** Quantities and prices as entered: numeric(19,6) loads with scale 6, shown without the padding zeros. */
    private static BigDecimal plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
