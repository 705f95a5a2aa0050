package app.lettrage.invoice.repository;

import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceKind;
import app.lettrage.invoice.InvoiceStatus;
import app.lettrage.platform.sql.SqlRows;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query names the tenant: another tenant's invoice is simply not found. */
@ApplicationScoped
@WithSession
public class InvoiceRepository implements PanacheRepositoryBase<Invoice, UUID> {

    public Uni<Invoice> findForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** The invoice with a row lock held until the transaction ends (payments of several replicas serialise). */
    public Uni<Invoice> lockForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /**
     * The tenant's invoices among {@code ids}, row-locked until the transaction ends, locked in id order: two batches
     * of payments naming the same invoices take their locks in the same order, so neither waits on the other forever.
     */
    public Uni<List<Invoice>> lockAll(String tenantId, java.util.Collection<UUID> ids) {
        return find("tenantId = ?1 and id in ?2 order by id", tenantId, ids)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .list();
    }

    /**
     * Writes the balances of invoices changed by payments (amount due, credit, write-off, status, update time) with
     * one UPDATE per batch, and moves their version on (an ETag taken before the payment no longer matches). The
     * caller holds their row locks ({@link #lockAll}) and has detached them from the session.
     */
    public Uni<Void> updateBalances(List<Invoice> changed) {
        return SqlRows.inChunks(
                changed,
                7,
                chunk -> getSession().flatMap(s -> {
                    var q = s.createNativeQuery(
                            "UPDATE invoice AS i SET amount_due = v.amount_due, credit_amount = v.credit_amount,"
                                    + " written_off_amount = v.written_off_amount, status = v.status, updated_at = v.updated_at,"
                                    + " version = i.version + 1"
                                    + " FROM (VALUES "
                                    + SqlRows.values(
                                            chunk.size(),
                                            "uuid",
                                            "varchar",
                                            "numeric",
                                            "numeric",
                                            "numeric",
                                            "varchar",
                                            "timestamptz")
                                    + ") AS v (id, tenant_id, amount_due, credit_amount, written_off_amount, status, updated_at)"
                                    + " WHERE i.id = v.id AND i.tenant_id = v.tenant_id");
                    int p = 0;
                    for (Invoice inv : chunk) {
                        q.setParameter(++p, inv.id);
                        q.setParameter(++p, inv.tenantId);
                        q.setParameter(++p, inv.amountDue);
                        q.setParameter(++p, inv.creditAmount);
                        q.setParameter(++p, inv.writtenOffAmount);
                        q.setParameter(++p, inv.status.name());
                        q.setParameter(++p, inv.updatedAt);
                    }
                    return q.executeUpdate().invoke(n -> {
                        if (n != chunk.size()) { // the rows are locked by the caller: a miss is a bug, not a race
                            throw new IllegalStateException(
                                    "updated " + n + " of " + chunk.size() + " invoice balances");
                        }
                    });
                }));
    }

    /** A page of the tenant's invoices matching the filter, in the filter's order (newest first by default). */
    public Uni<List<Invoice>> list(String tenantId, InvoiceFilter f, LocalDate today, int page, int size) {
        List<Object> params = new ArrayList<>();
        String where = where(tenantId, f, today, params);
        String order = order(f);
        String page_ = " ORDER BY " + order + " LIMIT " + size + " OFFSET " + ((long) page * size);
        String sql;
        if (f.text() == null) {
            sql = "SELECT id FROM invoice WHERE " + where + page_;
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
            sql = "SELECT id FROM ((" + number + ")" + name + ") u" + page_;
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
                            java.util.Map<UUID, Invoice> byId = new java.util.HashMap<>();
                            found.forEach(inv -> byId.put(inv.id, inv));
                            return ids.stream()
                                    .map(byId::get)
                                    .filter(java.util.Objects::nonNull)
                                    .toList();
                        }));
    }

    /** How many invoices match, counted up to {@code cap} (a list of a million rows is not counted to the last). */
    public Uni<Long> count(String tenantId, InvoiceFilter f, LocalDate today, long cap) {
        List<Object> params = new ArrayList<>();
        String where = where(tenantId, f, today, params);
        String sql;
        if (f.text() == null) {
            // a date or amount range: walk its index. The planner, which assumes matches spread evenly over the table,
            // otherwise picks a sequential scan that stops at the cap; but a due-date range's rows lie together (a
            // table fills in time order), so that scan read up to the whole table first (3 ms to 300 ms, by where a
            // synchronised scan happened to start)
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

    private static final java.util.Set<String> NULLABLE = java.util.Set.of("number", "issue_date");

    private static int add(List<Object> params, Object value) {
        params.add(value);
        return params.size();
    }

    /**
     * Open invoices' amounts due by direction, currency and age (days past due as of {@code today}): rows of
     * direction, currency, not yet due, 1–30, 31–60, 61–90, over 90.
     */
    public Uni<List<Object[]>> aging(String tenantId, LocalDate today) {
        String sql = """
                SELECT direction, currency,
                       coalesce(sum(amount_due) FILTER (WHERE due_date >= d.t), 0),
                       coalesce(sum(amount_due) FILTER (WHERE due_date < d.t AND due_date >= d.t - 30), 0),
                       coalesce(sum(amount_due) FILTER (WHERE due_date < d.t - 30 AND due_date >= d.t - 60), 0),
                       coalesce(sum(amount_due) FILTER (WHERE due_date < d.t - 60 AND due_date >= d.t - 90), 0),
                       coalesce(sum(amount_due) FILTER (WHERE due_date < d.t - 90), 0)
                FROM invoice, (SELECT CAST(?2 AS date) AS t) d
                WHERE tenant_id = ?1 AND status IN ('ISSUED', 'PARTIALLY_PAID') AND kind = 'INVOICE'
                GROUP BY direction, currency ORDER BY direction, currency""";
        return getSession()
                .flatMap(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, today)
                        .getResultList());
    }

    /** Open amounts due per ISO week (Monday) of their due date, due from {@code from} to before {@code to}. */
    public Uni<List<Object[]>> dueByWeek(String tenantId, LocalDate from, LocalDate to) {
        String sql = """
                SELECT CAST(date_trunc('week', due_date) AS date) AS week, direction, currency, sum(amount_due)
                FROM invoice
                WHERE tenant_id = ?1 AND status IN ('ISSUED', 'PARTIALLY_PAID') AND kind = 'INVOICE'
                  AND due_date >= ?2 AND due_date < ?3
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""";
        return getSession()
                .flatMap(s -> s.createNativeQuery(sql, Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, from)
                        .setParameter(3, to)
                        .getResultList());
    }

    /** A supplier's document with this number already exists in the tenant (purchase numbers are the supplier's). */
    public Uni<Boolean> supplierNumberTaken(
            String tenantId, String supplierKey, app.lettrage.invoice.InvoiceKind kind, String number, UUID except) {
        return count(
                        "tenantId = ?1 and supplierKey = ?2 and kind = ?3 and number = ?4 and id <> ?5 and direction = ?6",
                        tenantId,
                        supplierKey,
                        kind,
                        number,
                        except,
                        app.lettrage.events.InvoiceDirection.PURCHASE)
                .map(n -> n > 0);
    }

    /**
     * The next number of a tenant's series, gapless: the upsert locks the series row until commit, so concurrent
     * issuers take turns, and a rollback returns the number.
     */
    public Uni<Long> nextNumber(String tenantId, String series) {
        return getSession()
                .flatMap(s -> s.createNativeQuery(
                                "INSERT INTO invoice_series (tenant_id, series, next_value) VALUES (?1, ?2, 2)"
                                        + " ON CONFLICT (tenant_id, series) DO UPDATE SET next_value = invoice_series.next_value + 1"
                                        + " RETURNING next_value - 1",
                                Long.class)
                        .setParameter(1, tenantId)
                        .setParameter(2, series)
                        .getSingleResult());
    }
}
