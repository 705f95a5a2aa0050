package app.lettrage.invoice.service;

import app.lettrage.invoice.Rounding;
import app.lettrage.platform.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An invoice's totals, computed exactly from its lines: a line's net is quantity × unit price × (1 − discount %),
 * rounded half-up to the currency's exponent; VAT is rounded half-up either per line (then summed per rate) or once
 * per rate on that rate's net base. Gross = net + VAT. Nothing here is ever a double.
 */
public final class Totals {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public record Line(BigDecimal quantity, BigDecimal unitPrice, BigDecimal vatRate, BigDecimal discount) {}

    public record LineAmounts(BigDecimal net, BigDecimal vat) {}

    /** One VAT rate's base and tax; rates are compared by value (20 and 20.00 are the same rate). */
    public record VatLine(BigDecimal rate, BigDecimal base, BigDecimal vat) {}

    public record Result(
            List<LineAmounts> lines, List<VatLine> vat, BigDecimal net, BigDecimal vatTotal, BigDecimal gross) {}

    private Totals() {}

    public static Result compute(List<Line> lines, Rounding rounding, String currency) {
        int exp = Money.exponent(currency);
        List<LineAmounts> amounts = new ArrayList<>(lines.size());
        Map<BigDecimal, BigDecimal[]> perRate = new TreeMap<>(); // rate → {base, vat of the lines}
        BigDecimal net = Money.zero(currency);
        for (Line l : lines) {
            BigDecimal discount = l.discount() == null ? BigDecimal.ZERO : l.discount();
            BigDecimal raw = l.quantity()
                    .multiply(l.unitPrice())
                    .multiply(HUNDRED.subtract(discount))
                    .divide(HUNDRED);
            BigDecimal lineNet = raw.setScale(exp, RoundingMode.HALF_UP);
            BigDecimal lineVat = lineNet.multiply(l.vatRate()).divide(HUNDRED).setScale(exp, RoundingMode.HALF_UP);
            amounts.add(new LineAmounts(lineNet, lineVat));
            BigDecimal rate = l.vatRate().stripTrailingZeros();
            BigDecimal[] acc =
                    perRate.computeIfAbsent(rate, r -> new BigDecimal[] {Money.zero(currency), Money.zero(currency)});
            acc[0] = acc[0].add(lineNet);
            acc[1] = acc[1].add(lineVat);
            net = net.add(lineNet);
        }
        List<VatLine> vat = new ArrayList<>();
        BigDecimal vatTotal = Money.zero(currency);
        for (Map.Entry<BigDecimal, BigDecimal[]> e : perRate.entrySet()) {
            BigDecimal base = e.getValue()[0];
            BigDecimal tax = rounding == Rounding.PER_LINE
                    ? e.getValue()[1]
                    : base.multiply(e.getKey()).divide(HUNDRED).setScale(exp, RoundingMode.HALF_UP);
            vat.add(new VatLine(
                    e.getKey().setScale(Math.max(2, e.getKey().scale()), RoundingMode.UNNECESSARY), base, tax));
            vatTotal = vatTotal.add(tax);
        }
        return new Result(List.copyOf(amounts), List.copyOf(vat), net, vatTotal, net.add(vatTotal));
    }
}
