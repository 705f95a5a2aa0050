package app.lettrage.banksync.service;

import app.lettrage.banksync.BankTransaction;
import app.lettrage.events.ExchangeRate;
import app.lettrage.events.InstructedAmount;
import app.lettrage.events.TransactionImported;
import app.lettrage.events.TransactionImported.Source;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.tracing.TraceParent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Stores one batch of a statement import in one database transaction, in a handful of statements whatever the batch
 * size: the account's row lock (imports into one account take turns, as for API batches), one multi-row insert of
 * the batch ({@code unnest} of arrays) that skips every dedup key the account already holds ({@code ON CONFLICT DO
 * NOTHING} on the unique key: one probe of that index per row, whatever the account's size and the table's
 * statistics; a look-up by {@code dedup_key = ANY($keys)}, or a LATERAL probe, was planned on the account's other
 * index while the statistics were stale, scanning the account's rows for each key: imports went quadratic), one
 * insert of the new rows' TransactionImported outbox rows (in file order, through the platform's {@link Outbox}), one of the rejections, and the job's
 * counters. So the job's counters always say what is stored, and its {@code entries_read} is a checkpoint: a crash
 * loses at most the batch in flight, which the run that resumes the job stores again. The batch first locks the
 * job's row and checks that its run still holds the job ({@link ImportLeaseLost} otherwise, and nothing is stored):
 * a run whose lease expired while it was alive cannot store beside the run that took the job over.
 */
@ApplicationScoped
public class BulkTransactionWriter {

    private static final String INSERT_TRANSACTIONS = """
            INSERT INTO bank_transaction (id, tenant_id, account_id, source, status, amount, currency, booking_date,
                value_date, counterparty_name, counterparty_iban, counterparty_bic, remittance_information,
                structured_reference, structured_reference_type, end_to_end_id, bank_transaction_code, bank_reference,
                fingerprint, occurrence, dedup_key, imported_at, reversal, return_reason, instructed_amount,
                instructed_currency, exchange_rate, exchange_rate_currency)
            SELECT u.id::uuid, $1, $2, $3, u.status, u.amount::numeric, $4, u.booking_date::date, u.value_date::date,
                u.name, u.iban, u.bic, u.remittance, u.sref, u.sref_type, u.e2e, u.code, u.ref, u.fp, u.occ::integer,
                u.dedup, $5, u.reversal::boolean, u.reason, u.instructed::numeric, u.instructed_ccy,
                u.rate::numeric, u.rate_ccy
            FROM unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
                $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[],
                $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::text[], $28::text[])
                WITH ORDINALITY AS u(id, status, amount, booking_date, value_date, name, iban, bic, remittance, sref,
                    sref_type, e2e, code, ref, fp, occ, dedup, reversal, reason, instructed, instructed_ccy, rate,
                    rate_ccy, ord)
            ORDER BY u.ord
            ON CONFLICT (tenant_id, account_id, dedup_key) DO NOTHING
            RETURNING id""";

    private static final String INSERT_REJECTIONS = """
            INSERT INTO import_job_rejection (job_id, entry, line, reason)
            SELECT $1, u.entry::integer, u.line::integer, u.reason
            FROM unnest($2::text[], $3::text[], $4::text[]) AS u(entry, line, reason)
            ON CONFLICT DO NOTHING""";

    private final Pool pool;
    private final Clock clock;
    private final Counter importedNew;
    private final Counter importedDuplicate;

    public BulkTransactionWriter(Pool pool, Clock clock, MeterRegistry metrics) {
        this.pool = pool;
        this.clock = clock;
        this.importedNew = Counter.builder("lettrage.transactions.imported")
                .tag("outcome", "new")
                .description("bank transactions imported")
                .register(metrics);
        this.importedDuplicate = Counter.builder("lettrage.transactions.imported")
                .tag("outcome", "duplicate")
                .description("bank transactions imported")
                .register(metrics);
    }

    /** An entry that was read but is not imported, and why. */
    public record Rejection(int entry, long line, String reason) {}

    /**
     * One batch of a job, stored for the run {@code owner}: its keyed transactions in file order (less those whose key the account was already known
     * to hold: {@code knownDuplicates} of them), the rejections to record (already capped by the
     * caller), how many entries of the file were read up to the end of this batch, and how many of the batch's
     * entries were rejected or skipped (counted even when their reasons are no longer recorded).
     */
    public record Batch(
            UUID jobId,
            String owner,
            String tenantId,
            UUID accountId,
            String accountIban,
            String currency,
            List<DedupKeys.Keyed> transactions,
            int knownDuplicates,
            List<Rejection> rejections,
            int entriesRead,
            int rejected,
            int skipped) {}

    /** What a batch did. */
    public record Stored(int fresh, int duplicates) {}

    public Uni<Stored> store(Batch b) {
        String traceparent = TraceParent.current(); // the import job's span, read on the caller's thread
        return pool.withTransaction(conn -> conn.preparedQuery(
                                "SELECT id FROM import_job WHERE id = $1 AND owner = $2 AND status = 'RUNNING' FOR UPDATE")
                        .execute(Tuple.of(b.jobId(), b.owner()))
                        .flatMap(held -> held.size() == 0
                                ? Uni.createFrom().failure(new ImportLeaseLost(b.jobId(), b.owner()))
                                : conn.preparedQuery(
                                                "SELECT id FROM bank_account WHERE tenant_id = $1 AND id = $2 FOR UPDATE")
                                        .execute(Tuple.of(b.tenantId(), b.accountId())))
                        .flatMap(rows -> {
                            if (rows.size() == 0) {
                                return Uni.createFrom()
                                        .failure(new IllegalStateException(
                                                "the account " + b.accountId() + " no longer exists"));
                            }
                            return insert(conn, b, traceparent);
                        }))
                .invoke(s -> {
                    importedNew.increment(s.fresh());
                    importedDuplicate.increment(s.duplicates());
                });
    }

    private Uni<Stored> insert(SqlConnection conn, Batch b, String traceparent) {
        Set<String> seen = new HashSet<>();
        List<DedupKeys.Keyed> fresh = new ArrayList<>();
        for (DedupKeys.Keyed k : b.transactions()) {
            if (seen.add(k.dedupKey())) {
                fresh.add(k);
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL stores it
        List<BankTransaction> candidates = new ArrayList<>(fresh.size());
        fresh.forEach(
                k -> candidates.add(TransactionImportService.entity(b.tenantId(), b.accountId(), Source.FILE, k, now)));
        List<UUID> ids = new ArrayList<>(fresh.size());
        candidates.forEach(t -> ids.add(t.id));
        Uni<Set<UUID>> stored = fresh.isEmpty()
                ? Uni.createFrom().item(Set.of())
                : conn.preparedQuery(INSERT_TRANSACTIONS)
                        .execute(transactionRows(b, fresh, ids, now))
                        .map(rows -> {
                            Set<UUID> inserted = new HashSet<>();
                            for (Row r : rows) {
                                inserted.add(r.getUUID(0));
                            }
                            return inserted;
                        });
        return stored.flatMap(inserted -> {
            // a row whose dedup key the account already holds was not inserted (ON CONFLICT DO NOTHING): a duplicate
            List<BankTransaction> newOnes = new ArrayList<>(inserted.size());
            for (BankTransaction t : candidates) {
                if (inserted.contains(t.id)) {
                    newOnes.add(t);
                }
            }
            int duplicates = b.knownDuplicates() + b.transactions().size() - newOnes.size();
            return outbox(conn, newOnes, b.accountIban(), now, traceparent)
                    .flatMap(x -> rejections(conn, b))
                    .flatMap(x -> conn.preparedQuery("UPDATE import_job SET entries_read = $2,"
                                    + " new_transactions = new_transactions + $3, duplicates = duplicates + $4,"
                                    + " rejected = rejected + $5, skipped = skipped + $6 WHERE id = $1")
                            .execute(Tuple.from(List.of(
                                    b.jobId(),
                                    b.entriesRead(),
                                    newOnes.size(),
                                    duplicates,
                                    b.rejected(),
                                    b.skipped()))))
                    .map(x -> new Stored(newOnes.size(), duplicates));
        });
    }

    private static Tuple transactionRows(Batch b, List<DedupKeys.Keyed> fresh, List<UUID> ids, Instant now) {
        int n = fresh.size();
        String[][] cols = new String[23][n];
        for (int i = 0; i < n; i++) {
            DedupKeys.Keyed k = fresh.get(i);
            IncomingTransaction t = k.transaction();
            cols[0][i] = ids.get(i).toString();
            cols[1][i] = t.status().name();
            cols[2][i] = t.amount().toPlainString();
            cols[3][i] = t.bookingDate().toString();
            cols[4][i] = t.valueDate() == null ? null : t.valueDate().toString();
            cols[5][i] = t.counterpartyName();
            cols[6][i] = t.counterpartyIban();
            cols[7][i] = t.counterpartyBic();
            cols[8][i] = t.remittanceInformation();
            cols[9][i] = t.structuredReference();
            cols[10][i] = t.structuredReferenceType() == null
                    ? null
                    : t.structuredReferenceType().name();
            cols[11][i] = t.endToEndId();
            cols[12][i] = t.bankTransactionCode();
            cols[13][i] = t.bankReference();
            cols[14][i] = k.fingerprint();
            cols[15][i] = Integer.toString(k.occurrence());
            cols[16][i] = k.dedupKey();
            cols[17][i] = Boolean.toString(t.reversal());
            cols[18][i] = t.returnReason();
            InstructedAmount instructed = t.fx().instructedAmount();
            cols[19][i] = instructed == null ? null : instructed.amount().toPlainString();
            cols[20][i] = instructed == null ? null : instructed.currency();
            ExchangeRate rate = t.fx().exchangeRate();
            cols[21][i] = rate == null ? null : rate.rate().toPlainString();
            cols[22][i] = rate == null ? null : rate.currency();
        }
        List<Object> params = new ArrayList<>(28);
        params.add(b.tenantId());
        params.add(b.accountId());
        params.add(Source.FILE.name());
        params.add(b.currency());
        params.add(OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        for (String[] col : cols) {
            params.add(col);
        }
        return Tuple.from(params);
    }

    /** The new rows' TransactionImported events, in file order, in the batch's transaction. */
    private static Uni<?> outbox(
            SqlConnection conn, List<BankTransaction> stored, String accountIban, Instant now, String traceparent) {
        List<TransactionImported> events = new ArrayList<>(stored.size());
        stored.forEach(t -> events.add(t.imported(accountIban)));
        return Outbox.appendAll(conn, TransactionImportService.AGGREGATE, events, now, traceparent);
    }

    private static Uni<?> rejections(SqlConnection conn, Batch b) {
        if (b.rejections().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = b.rejections().size();
        String[] entries = new String[n];
        String[] lines = new String[n];
        String[] reasons = new String[n];
        for (int i = 0; i < n; i++) {
            Rejection r = b.rejections().get(i);
            entries[i] = Integer.toString(r.entry());
            lines[i] = r.line() > 0 && r.line() <= Integer.MAX_VALUE ? Long.toString(r.line()) : null;
            reasons[i] = r.reason().length() > 1000 ? r.reason().substring(0, 1000) : r.reason();
        }
        return conn.preparedQuery(INSERT_REJECTIONS).execute(Tuple.of(b.jobId(), entries, lines, reasons));
    }
}
