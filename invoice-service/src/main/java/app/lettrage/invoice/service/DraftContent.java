package app.lettrage.invoice.service;

import app.lettrage.invoice.Draft;
import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceLine;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.ProblemException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A draft's content put on its invoice, with the lines and totals computed from it; or merged with a PATCH. */
final class DraftContent {

    private DraftContent() {}

    /**
     * Describes the draft {@code inv} by {@code d} and prices it: by its lines (Totals, with the invoice's rounding),
     * or without lines by the total as given. Returns the lines to store in place of any it had.
     */
    static List<InvoiceLine> write(Invoice inv, Draft d, Instant now) {
        inv.describe(d);
        boolean noLines = d.lines() == null || d.lines().isEmpty();
        List<InvoiceLine> lines = new ArrayList<>();
        BigDecimal net;
        BigDecimal vat;
        BigDecimal total;
        if (noLines) {
            if (d.totalAmount() == null) {
                throw ProblemException.badRequest("lines", "an invoice needs lines (or, without lines, a totalAmount)");
            }
            // a draft without lines carries its total as given: no VAT breakdown
            total = Money.of(d.totalAmount(), d.currency());
            net = total;
            vat = Money.zero(d.currency());
        } else {
            Totals.Result t = Totals.compute(
                    d.lines().stream()
                            .map(l -> new Totals.Line(l.quantity(), l.unitPrice(), l.vatRate(), l.discount()))
                            .toList(),
                    inv.rounding,
                    d.currency());
            if (d.totalAmount() != null
                    && Money.of(d.totalAmount(), d.currency()).compareTo(t.gross()) != 0) {
                throw ProblemException.badRequest(
                        "totalAmount",
                        "does not match the lines' gross total " + t.gross().toPlainString()
                                + " (leave it out to have it computed)");
            }
            for (int i = 0; i < d.lines().size(); i++) {
                Totals.LineAmounts amounts = t.lines().get(i);
                lines.add(InvoiceLine.of(inv.id, i + 1, d.lines().get(i), amounts.net(), amounts.vat()));
            }
            net = t.net();
            vat = t.vatTotal();
            total = t.gross();
        }
        if (total.signum() <= 0) {
            throw ProblemException.badRequest(
                    noLines ? "totalAmount" : "lines",
                    "the invoice's total must be positive (a credit goes through a credit note)");
        }
        inv.price(net, vat, total, now);
        return lines;
    }

    /**
     * The draft a PATCH leads to: the fields {@code present} in it from {@code p}, the others from the invoice. Lines
     * given replace the invoice's; a total given without lines replaces them too (the draft then has none).
     */
    static Draft merge(Invoice inv, List<InvoiceLine> current, Draft p, Set<String> present) {
        List<Draft.DraftLine> currentLines = current.stream()
                .map(l -> new Draft.DraftLine(l.description, l.quantity, l.unitPrice, l.vatRate, l.discount))
                .toList();
        boolean linesGiven = present.contains("lines");
        boolean totalGiven = present.contains("totalAmount");
        return new Draft(
                inv.direction,
                present.contains("supplierNumber") ? p.supplierNumber() : inv.number,
                present.contains("counterpartyName") ? p.counterpartyName() : inv.counterparty.name,
                present.contains("counterpartyAddress") ? p.counterpartyAddress() : inv.counterparty.address,
                present.contains("counterpartyVatNumber") ? p.counterpartyVatNumber() : inv.counterparty.vatNumber,
                present.contains("counterpartyIban") ? p.counterpartyIban() : inv.counterparty.iban,
                present.contains("currency") ? p.currency() : inv.currency,
                linesGiven ? p.lines() : (totalGiven ? List.of() : currentLines),
                totalGiven ? p.totalAmount() : (linesGiven || !currentLines.isEmpty() ? null : inv.totalAmount),
                present.contains("issueDate") ? p.issueDate() : inv.issueDate,
                present.contains("dueDate") ? p.dueDate() : inv.dueDate,
                present.contains("paymentTerms") ? p.paymentTerms() : inv.paymentTerms,
                present.contains("notes") ? p.notes() : inv.notes);
    }
}
