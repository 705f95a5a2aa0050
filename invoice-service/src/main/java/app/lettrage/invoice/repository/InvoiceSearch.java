package app.lettrage.invoice.repository;

import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceKind;
import app.lettrage.invoice.InvoiceStatus;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Lists and counts of a tenant's invoices by {@link InvoiceFilter}, in native SQL written for the indexes of migrations
 * V3 and V4 (sort columns, number prefix, words of the counterparty's name). Every query names the tenant.
 */
@ApplicationScoped
@WithSession
public class InvoiceSearch implements PanacheRepositoryBase<Invoice, UUID> {

    /** A page of the tenant's invoices matching the filter, in the filter's order (newest first by default). */
    public Uni<List<Invoice>> page(String tenantId, InvoiceFilter f, LocalDate today, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = where(tenantId, f, today, params);
        String order = order(f);
        String paging = " ORDER BY " + order + " LIMIT " + size + " OFFSET " + ((long) page * size);
        String sql;
        if (f.text() == null) {
            sql = "SELECT id FROM invoice WHERE " + where + paging;
        } else {
            // text search: the page is taken from the best (page + 1) * size of each branch, each planned on its own
            String column = sortColumn(f);
            long n = (long) (page + 1) * size;
            String number = "SELECT id, " + column + " FROM (SELECT id, " + column + " FROM invoice WHERE " + where
                    + " AND " + numberPrefix(f.text(), params) + " OFFSET 0) n ORDER BY " + order + " LIMIT " + n;
            String name = hasWords(f.text())
                    ? " UNION (SELECT id, " + column + " FROM invoice WHERE " + where + " AND "
                            + nameWords(f.text(), params) + " ORDER BY " + order + " LIMIT " + n + ")"
                    : "";
            sql = "SELECT id FROM ((" + number + ")" + name + ") u" + paging;
        }
        // the page's ids in order, then their invoices (an entity read names its columns; SELECT * would not)
        return getSession()
                .flatMap(s -> {
                    var q = s.createNativeQuery(sql, UUID.class);
                    for (int i = 0; i < params.size(); i++) {
                        q.setParameter(i + 1, params.get(i));
                    }
                    return q.getResultList();
                })
                .flatMap(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(List.<Invoice>of())
                        : list("tenantId = ?1 and id in ?2", tenantId, ids).map(found -> {
                            Map<UUID, Invoice> byId = new HashMap<>();
                            found.forEach(inv -> byId.put(inv.id, inv));
                            return ids.stream()
                                    .map(byId::get)
                                    .filter(Objects::nonNull)
                                    .toList();
                        }));
    }

    /** How many invoices match, counted up to {@code cap} (a list of a million rows is not counted to the last). */
    public Uni<Long> countUpTo(String tenantId, InvoiceFilter f, LocalDate today, long cap) {
        List<Object> params = new ArrayList<>();
        String where = where(tenantId, f, today, params);
        String sql;
        if (f.text() == null) {
            // a date or amount range is counted along its index: the planner, assuming matches spread evenly, would
            // pick a sequential scan that stops at the cap, but a range's rows lie together (the table fills in time
            // order), so that scan may read most of the table before it reaches them
            String range = f.dueFrom() != null || f.dueTo() != null
                    ? " ORDER BY due_date"
                    : f.issueFrom() != null || f.issueTo() != null
                            ? " ORDER BY issue_date"
                            : f.minTotal() != null || f.maxTotal() != null ? " ORDER BY total_amount" : "";
            sql = "SELECT count(*) FROM (SELECT 1 FROM invoice WHERE " + where + range + " LIMIT " + cap + ") c";
        } else {
            // each branch counted up to the cap: the union is exact below it, and at least the cap otherwise
            String number = "SELECT id FROM invoice WHERE " + where + " AND " + numberPrefix(f.text(), params)
                    + " LIMIT " + cap;
            String name = hasWords(f.text())
                    ? " UNION (SELECT id FROM invoice WHERE " + where + " AND " + nameWords(f.text(), params)
                            + " LIMIT " + cap + ")"
                    : "";
            sql = "SELECT count(*) FROM ((" + number + ")" + name + ") c";
        }
        return getSession().flatMap(s -> {
            var q = s.createNativeQuery(sql, Long.class);
            for (int i = 0; i < params.size(); i++) {
                q.setParameter(i + 1, params.get(i));
            }
            return q.getSingleResult();
        });
    }

    private static String order(InvoiceFilter f) {
        if (f.sort() == null) {
            return "created_at DESC, id DESC";
        }
        boolean desc = f.sort().startsWith("-");
        String column = sortColumn(f);
        // drafts have no number or issue date yet: at the end in both directions
        return desc
                ? column + (NULLABLE.contains(column) ? " DESC NULLS LAST" : " DESC") + ", id DESC"
                : column + ", id";
    }

    private static String sortColumn(InvoiceFilter f) {
        if (f.sort() == null) {
            return "created_at";
        }
        return InvoiceFilter.SORTABLE.get(f.sort().startsWith("-") ? f.sort().substring(1) : f.sort());
    }

    /**
     * The number starts with the text, case aside: a range on the index invoice_number_search, whose included columns
     * let the branch run from the index alone (a prefix of a thousand numbers costs no heap visit).
     * U+10FFFF sorts after every character that can follow the prefix.
     */
    private static String numberPrefix(String text, List<Object> p) {
        int i = add(p, text);
        return "lower(number) ~>=~ lower(?" + i + ") AND lower(number) ~<~ (lower(?" + i + ") || chr(1114111))";
    }

    /** Every word of the text is a word of the counterparty's name (stored in counterparty_words, index invoice_name_words). */
    private static String nameWords(String text, List<Object> p) {
        return "counterparty_words @@ plainto_tsquery('simple', ?" + add(p, text) + ")";
    }

    /** A text without a letter or digit has no word to search for (plainto_tsquery would be empty). */
    private static boolean hasWords(String text) {
        return text.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    private static String where(String tenantId, InvoiceFilter f, LocalDate today, List<Object> p) {
        StringBuilder q = new StringBuilder("tenant_id = ?" + add(p, tenantId));
        InvoiceStatus status = f.status();
        if (status == InvoiceStatus.OVERDUE) {
            // the literal predicate of the partial index invoice_open_due
            q.append(" AND status IN ('ISSUED', 'PARTIALLY_PAID') AND kind = 'INVOICE' AND due_date < ?")
                    .append(add(p, today));
        } else if ((status == InvoiceStatus.ISSUED || status == InvoiceStatus.PARTIALLY_PAID)
                && f.kind() != InvoiceKind.CREDIT_NOTE) {
            // invoices issued and not overdue (a credit note, never overdue, is listed with kind=CREDIT_NOTE)
            q.append(" AND status = ?")
                    .append(add(p, status.name()))
                    .append(" AND kind = 'INVOICE' AND due_date >= ?")
                    .append(add(p, today));
        } else if (status != null) {
            q.append(" AND status = ?").append(add(p, status.name()));
        }
        if (f.direction() != null) {
            q.append(" AND direction = ?").append(add(p, f.direction().name()));
        }
        if (f.kind() != null) {
            q.append(" AND kind = ?").append(add(p, f.kind().name()));
        }
        if (f.counterparty() != null) {
            q.append(" AND ").append(hasWords(f.counterparty()) ? nameWords(f.counterparty(), p) : "false");
        }
        if (f.dueFrom() != null) {
            q.append(" AND due_date >= ?").append(add(p, f.dueFrom()));
        }
        if (f.dueTo() != null) {
            q.append(" AND due_date <= ?").append(add(p, f.dueTo()));
        }
        if (f.issueFrom() != null) {
            q.append(" AND issue_date >= ?").append(add(p, f.issueFrom()));
        }
        if (f.issueTo() != null) {
            q.append(" AND issue_date <= ?").append(add(p, f.issueTo()));
        }
        if (f.minTotal() != null) {
            q.append(" AND total_amount >= ?").append(add(p, f.minTotal()));
        }
        if (f.maxTotal() != null) {
            q.append(" AND total_amount <= ?").append(add(p, f.maxTotal()));
        }
        return q.toString();
    }

    private static final Set<String> NULLABLE = Set.of("number", "issue_date");

    private static int add(List<Object> params, Object value) {
        params.add(value);
        return params.size();
    }
}
