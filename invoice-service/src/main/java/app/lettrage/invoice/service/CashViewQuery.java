package app.lettrage.invoice.service;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.platform.money.Money;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A person reads the cash view: amounts due by age bucket, and cash expected per ISO week for {@code weeks} weeks from
 * this week's Monday, from the due dates from today on (what is already overdue is in the age buckets, not in a week).
 */
@ApplicationScoped
public class CashViewQuery {

    private final InvoiceRepository invoices;
    private final InvoiceSettings settings;
    private final Clock clock;

    public CashViewQuery(InvoiceRepository invoices, InvoiceSettings settings, Clock clock) {
        this.invoices = invoices;
        this.settings = settings;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<CashView> cashView(String tenantId, int weeks) {
        return settings.of(tenantId).flatMap(s -> {
            LocalDate today = s.today(clock);
            LocalDate monday = today.with(DayOfWeek.MONDAY);
            return invoices.aging(tenantId, today)
                    .flatMap(agingRows -> invoices.dueByWeek(tenantId, today, monday.plusWeeks(weeks))
                            .map(weekRows ->
                                    new CashView(today, s.timeZone, aging(agingRows), weeks(weekRows, monday, weeks))));
        });
    }

    /** Rows of direction, currency and the five buckets' sums. */
    private static List<CashView.Aging> aging(List<Object[]> rows) {
        return rows.stream()
                .map(r -> {
                    String currency = r[1].toString().trim();
                    BigDecimal[] b = new BigDecimal[5];
                    BigDecimal total = Money.zero(currency);
                    for (int i = 0; i < 5; i++) {
                        b[i] = Money.of((BigDecimal) r[2 + i], currency);
                        total = total.add(b[i]);
                    }
                    return new CashView.Aging(
                            InvoiceDirection.valueOf(r[0].toString()), currency, b[0], b[1], b[2], b[3], b[4], total);
                })
                .toList();
    }

    /** Rows of week, direction, currency and sum: every week of the horizon, per currency seen, so a chart has no holes. */
    private static List<CashView.Week> weeks(List<Object[]> rows, LocalDate monday, int weeks) {
        Map<String, Map<LocalDate, BigDecimal[]>> byCurrency = new TreeMap<>();
        for (Object[] r : rows) {
            String currency = r[2].toString().trim();
            Map<LocalDate, BigDecimal[]> perWeek = byCurrency.computeIfAbsent(currency, c -> {
                Map<LocalDate, BigDecimal[]> m = new TreeMap<>();
                for (int w = 0; w < weeks; w++) {
                    m.put(monday.plusWeeks(w), new BigDecimal[] {Money.zero(c), Money.zero(c)});
                }
                return m;
            });
            LocalDate week = r[0] instanceof LocalDate d ? d : LocalDate.parse(r[0].toString());
            BigDecimal[] io = perWeek.get(week);
            int slot = InvoiceDirection.valueOf(r[1].toString()) == InvoiceDirection.SALES ? 0 : 1;
            io[slot] = io[slot].add(Money.of((BigDecimal) r[3], currency));
        }
        List<CashView.Week> out = new ArrayList<>();
        byCurrency.forEach((currency, perWeek) -> perWeek.forEach((week, io) -> out.add(new CashView.Week(
                String.format(
                        "%d-W%02d", week.get(IsoFields.WEEK_BASED_YEAR), week.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                week,
                currency,
                io[0],
                io[1]))));
        out.sort(Comparator.comparing(CashView.Week::weekStart).thenComparing(CashView.Week::currency));
        return out;
    }
}
