package app.lettrage.invoice.rest;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(
        name = "InvoicePage",
        description = "One page of invoices. total is exact when totalExact; the count stops at "
                + "1000 matches, beyond which total is 1000 and totalExact false (narrow the filters or page on)")
public record InvoiceListView(
        List<InvoiceView> items,
        @Schema(example = "0") int page,
        @Schema(example = "50") int size,
        @Schema(example = "137") long total,
        @Schema(example = "true") boolean totalExact) {}
