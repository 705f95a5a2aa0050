package app.lettrage.invoice.bench;

import app.lettrage.events.Allocation;
import app.lettrage.events.CloudEventHeaders;
import app.lettrage.events.EventJson;
import app.lettrage.events.EventType;
import app.lettrage.events.MatchDecision;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.Topics;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * invoice-service benchmark, against a running service (bin/bench-invoices starts one with bin/stack):
 * <ol>
 * <li>bulk-loads {@code invoices} invoices into tenant acme with one INSERT ... SELECT generate_series (skipped when the
 * tenant already has them), then ANALYZE;</li>
 * <li>list: for each realistic filter/sort, {@code warmup} then {@code requests} sequential GET /api/invoices through
 * the REST API (with a real Keycloak token), p50/p99/max of the client-side latency;</li>
 * <li>payments: publishes {@code events} PaymentMatched (one allocation of 0.01 each to distinct open invoices) to
 * payment-matches, and measures from the first send until the service has applied them all (invoice_payment rows).</li>
 * </ol>
 * Arguments as key=value: base, keycloak, kafka, jdbc, invoices, events, requests, warmup, only (list | payments), reload (true: load the invoices again).
 */
public final class InvoiceBench {

    static boolean RELOAD;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of(
                "base",
                "http://127.0.0.1:36083",
                "keycloak",
                "http://127.0.0.1:36180",
                "kafka",
                "127.0.0.1:36092",
                "jdbc",
                "jdbc:postgresql://127.0.0.1:5432/invoice_invbench?user=postgres",
                "invoices",
                "1000000",
                "events",
                "20000",
                "requests",
                "300",
                "warmup",
                "50"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        System.out.println("invoice-service bench " + a);
        RELOAD = Boolean.parseBoolean(a.getOrDefault("reload", "false"));
        try (Connection db = DriverManager.getConnection(a.get("jdbc"))) {
            load(db, Integer.parseInt(a.get("invoices")));
            String only = a.getOrDefault("only", "all");
            if (!only.equals("payments")) {
                listBench(
                        a.get("base"),
                        token(a.get("keycloak")),
                        Integer.parseInt(a.get("warmup")),
                        Integer.parseInt(a.get("requests")));
            }
            if (!only.equals("list")) {
                paymentBench(db, a.get("kafka"), Integer.parseInt(a.get("events")));
            }
        }
    }

    // ------------------------------------------------------------------ data

    static void load(Connection db, int n) throws Exception {
        long have = scalar(db, "SELECT count(*) FROM invoice WHERE tenant_id = 'acme' AND number LIKE 'B-%'");
        if (have >= n && !RELOAD) {
            // the steady state autovacuum keeps: statistics and visibility map up to date after earlier runs' payments
            // and the service's migrations (an index created on the loaded table has no statistics of its own yet)
            long t0 = System.nanoTime();
            try (Statement st = db.createStatement()) {
                st.execute("VACUUM ANALYZE invoice");
            }
            System.out.printf(
                    "data: %,d bench invoices already in tenant acme (VACUUM ANALYZE %.1f s)%n",
                    have, (System.nanoTime() - t0) / 1e9);
            return;
        }
        try (Statement st = db.createStatement()) {
            // the bench database is the bench's own: start from empty invoice tables (lines and payments cascade)
            st.execute("TRUNCATE invoice CASCADE");
            long t0 = System.nanoTime();
            // bulk load: drop the secondary indexes, insert, then build them again from their own definitions
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'invoice'"
                    + " AND indexname <> 'invoice_pkey'")) {
                while (rs.next()) {
                    indexes.add(rs.getString(1) + "\t" + rs.getString(2));
                }
            }
            for (String ix : indexes) {
                st.execute("DROP INDEX " + ix.split("\t")[0]);
            }
            // realistic spread: 3 years of due dates up to 90 days ahead, 5% drafts, 55% paid, 12% partly paid,
            // 2% cancelled, the rest issued (some of them overdue); 1 in 4 a purchase invoice; names from 40 x 5 x 500;
            // direction, status and name drawn by independent hashes of the row number (no accidental correlation)
            st.execute("""
                    INSERT INTO invoice (id, tenant_id, direction, kind, number, supplier_key, status, counterparty_name,
                        counterparty_iban, currency, rounding, net_amount, vat_amount, total_amount, amount_due,
                        credit_amount, written_off_amount, issue_date, due_date, payment_reference, payment_reference_type,
                        version, created_at, updated_at)
                    SELECT gen_random_uuid(), 'acme', d.direction, 'INVOICE', d.number,
                           CASE WHEN d.direction = 'PURCHASE' THEN 'name:' || lower(d.name) END,
                           d.status, d.name, 'FR7630006000011234567890189', 'EUR', 'PER_TOTAL',
                           d.net, d.total - d.net, d.total,
                           CASE d.status WHEN 'PAID' THEN 0 WHEN 'CANCELLED' THEN 0
                                         WHEN 'PARTIALLY_PAID' THEN round(d.total / 2, 2) ELSE d.total END,
                           0, 0, CASE WHEN d.status <> 'DRAFT' THEN d.due - 30 END, d.due,
                           CASE WHEN d.direction = 'SALES' AND d.status <> 'DRAFT' THEN 'RF00' || replace(d.number, '-', '') END,
                           CASE WHEN d.direction = 'SALES' AND d.status <> 'DRAFT' THEN 'ISO11649' END,
                           0, now() - make_interval(secs => (%1$d - g) * 90), now()
                    FROM generate_series(1::bigint, %1$d::bigint) g
                    CROSS JOIN LATERAL (SELECT abs(hashint8(g)::bigint) AS d, abs(hashint8(g + 7919)::bigint) AS s, abs(hashint8(-g)::bigint) AS n) h
                    CROSS JOIN LATERAL (SELECT
                        CASE WHEN h.d %% 4 = 0 THEN 'PURCHASE' ELSE 'SALES' END AS direction,
                        'B-' || (2023 + g * 3 / %1$d) || '-' || lpad(g::text, 7, '0') AS number,
                        CASE WHEN h.s %% 100 < 5 THEN 'DRAFT' WHEN h.s %% 100 < 7 THEN 'CANCELLED'
                             WHEN h.s %% 100 < 62 THEN 'PAID' WHEN h.s %% 100 < 74 THEN 'PARTIALLY_PAID' ELSE 'ISSUED' END AS status,
                        (ARRAY['Dupont','Martin','Bernard','Thomas','Petit','Robert','Richard','Durand','Dubois','Moreau',
                               'Laurent','Simon','Michel','Lefebvre','Leroy','Roux','David','Bertrand','Morel','Fournier',
                               'Girard','Bonnet','Lambert','Fontaine','Rousseau','Vincent','Muller','Lefevre','Faure','Andre',
                               'Mercier','Blanc','Guerin','Boyer','Garnier','Chevalier','Francois','Legrand','Gauthier','Garcia'])[(h.n %% 40 + 1)::int]
                          || ' ' || (ARRAY['SARL','SAS','GmbH','BV','SA'])[((h.n / 40) %% 5 + 1)::int] || ' ' || ((h.n / 200) %% 500) AS name,
                        round(10 + (g * 7919 %% 1000000) / 100.0, 2) AS net,
                        round((10 + (g * 7919 %% 1000000) / 100.0) * 1.2, 2) AS total,
                        current_date - ((%1$d - g) * 1100 / %1$d)::int + 90 AS due) d
                    """.formatted(n));
            long inserted = System.nanoTime();
            for (String ix : indexes) {
                st.execute(ix.split("\t")[1]);
            }
            long indexed = System.nanoTime();
            st.execute("VACUUM ANALYZE invoice"); // what autovacuum does after a bulk load: statistics, visibility map
            System.out.printf(
                    "data: insert %.1f s, %d indexes rebuilt in %.1f s, VACUUM ANALYZE %.1f s%n",
                    (inserted - t0) / 1e9,
                    indexes.size(),
                    (indexed - inserted) / 1e9,
                    (System.nanoTime() - indexed) / 1e9);
            System.out.printf(
                    "data: loaded %,d invoices into tenant acme in %.1f s (INSERT ... SELECT generate_series)%n",
                    n, (System.nanoTime() - t0) / 1e9);
        }
    }

    // ------------------------------------------------------------------ list

    static void listBench(String base, String token, int warmup, int requests) throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        Map<String, String> scenarios = new LinkedHashMap<>();
        scenarios.put("newest first (default)", "");
        scenarios.put("status=OVERDUE&sort=dueDate", "status=OVERDUE&sort=dueDate");
        scenarios.put("status=ISSUED&direction=SALES&sort=-dueDate", "status=ISSUED&direction=SALES&sort=-dueDate");
        scenarios.put("q=<name>&sort=-issueDate", "q=%s&sort=-issueDate");
        scenarios.put("counterparty=<name>&status=PAID", "counterparty=%s&status=PAID");
        scenarios.put(
                "dueFrom..dueTo&minTotal&sort=-totalAmount",
                "dueFrom=" + today.minusDays(60) + "&dueTo=" + today + "&minTotal=5000&sort=-totalAmount");
        scenarios.put(
                "direction=PURCHASE&sort=counterpartyName&page=3", "direction=PURCHASE&sort=counterpartyName&page=3");
        String[] names = {"dupont sarl 1", "martin", "garcia gmbh", "b-2024-03", "fontaine sa 42", "lambert"};
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> all = new ArrayList<>();
        System.out.println();
        System.out.printf(
                "list: GET /api/invoices?size=50, tenant acme, %d sequential requests per scenario after %d warm-up%n",
                requests, warmup);
        System.out.printf("  %-48s %9s %9s %9s %9s%n", "scenario", "p50 ms", "p99 ms", "max ms", "total");
        for (Map.Entry<String, String> s : scenarios.entrySet()) {
            long[] times = new long[requests];
            String total = "";
            for (int i = -warmup; i < requests; i++) {
                String query = s.getValue().contains("%s")
                        ? s.getValue()
                                .formatted(URLEncoder.encode(
                                        names[Math.floorMod(i, names.length)], StandardCharsets.UTF_8))
                        : s.getValue();
                HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/invoices?size=50&" + query))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build();
                long t0 = System.nanoTime();
                HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
                long t = System.nanoTime() - t0;
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException(s.getKey() + ": HTTP " + resp.statusCode() + " " + resp.body());
                }
                if (i >= 0) {
                    times[i] = t;
                    all.add(t);
                }
                if (i == requests - 1) {
                    Matcher m = Pattern.compile("\"total\":(\\d+),\"totalExact\":(true|false)")
                            .matcher(resp.body());
                    total = m.find() ? (m.group(2).equals("true") ? m.group(1) : ">=" + m.group(1)) : "?";
                }
            }
            Arrays.sort(times);
            System.out.printf(
                    "  %-48s %9.1f %9.1f %9.1f %9s%n",
                    s.getKey(), ms(pct(times, 50)), ms(pct(times, 99)), ms(times[times.length - 1]), total);
        }
        long[] allTimes = all.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                "  %-48s %9.1f %9.1f %9.1f%n",
                "ALL SCENARIOS", ms(pct(allTimes, 50)), ms(pct(allTimes, 99)), ms(allTimes[allTimes.length - 1]));
    }

    static long pct(long[] sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String token(String keycloak) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(
                        URI.create(keycloak + "/realms/lettrage/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&client_id=lettrage-web&username=vera&password=demo"))
                .build();
        String body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no token from Keycloak: " + body);
        }
        return m.group(1);
    }

    // ------------------------------------------------------------------ payments

    /**
     * Waits until the service's consumer group is stable with every partition of payment-matches assigned, so the
     * figure measures applying events, not the group's join (which, after a restart, can take tens of seconds while
     * the broker waits out the previous run's members).
     */
    static void awaitConsumersAssigned(String kafka) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        long start = System.nanoTime();
        try (Admin admin = Admin.create(p)) {
            int partitions = admin.describeTopics(List.of(Topics.PAYMENT_MATCHES))
                    .allTopicNames()
                    .get()
                    .get(Topics.PAYMENT_MATCHES)
                    .partitions()
                    .size();
            while (true) {
                ConsumerGroupDescription g = admin.describeConsumerGroups(List.of("invoice-service"))
                        .all()
                        .get()
                        .get("invoice-service");
                long assigned = g.members().stream()
                        .flatMap(m -> m.assignment().topicPartitions().stream())
                        .filter(tp -> tp.topic().equals(Topics.PAYMENT_MATCHES))
                        .count();
                if (g.groupState() == GroupState.STABLE && assigned == partitions) {
                    break;
                }
                if (System.nanoTime() - start > 180_000_000_000L) {
                    throw new IllegalStateException("consumer group invoice-service not stable after 180 s: " + g);
                }
                Thread.sleep(200);
            }
        }
        System.out.printf(
                "  consumer group invoice-service stable with its partitions assigned after %.1f s of waiting%n",
                (System.nanoTime() - start) / 1e9);
    }

    static void paymentBench(Connection db, String kafka, int events) throws Exception {
        String run = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> targets = new ArrayList<>(events);
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT id FROM invoice WHERE tenant_id = 'acme' AND status IN ('ISSUED', 'PARTIALLY_PAID') AND kind = 'INVOICE'"
                                + " AND amount_due >= 1 AND number LIKE 'B-%' ORDER BY random() LIMIT " + events)) {
            while (rs.next()) {
                targets.add(rs.getString(1));
            }
        }
        if (targets.size() < events) {
            throw new IllegalStateException(
                    "only " + targets.size() + " open bench invoices for " + events + " events");
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        List<ProducerRecord<String, String>> records = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            String matchId = run + i;
            PaymentMatched m = new PaymentMatched(
                    matchId,
                    "acme",
                    "tx-" + matchId,
                    List.of(new Allocation(targets.get(i), null, new BigDecimal("0.01"), "EUR")),
                    MatchDecision.AUTO,
                    0.99,
                    List.of("bench"),
                    LocalDate.now(),
                    Instant.now());
            ProducerRecord<String, String> r =
                    new ProducerRecord<>(Topics.PAYMENT_MATCHES, m.key(), EventJson.write(m));
            r.headers()
                    .add(new RecordHeader(
                            CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
            r.headers()
                    .add(new RecordHeader(
                            CloudEventHeaders.TYPE,
                            EventType.PAYMENT_MATCHED.ceType().getBytes(StandardCharsets.UTF_8)));
            r.headers().add(new RecordHeader(CloudEventHeaders.SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8)));
            r.headers()
                    .add(new RecordHeader(
                            CloudEventHeaders.SOURCE,
                            EventType.PAYMENT_MATCHED.source().getBytes(StandardCharsets.UTF_8)));
            r.headers().add(new RecordHeader(CloudEventHeaders.TENANT_ID, "acme".getBytes(StandardCharsets.UTF_8)));
            records.add(r);
        }
        System.out.println();
        System.out.printf(
                "payments: %,d PaymentMatched to payment-matches (3 partitions), each paying 0.01 on a distinct open invoice (issued or partly paid)%n",
                events);
        String countSql =
                "SELECT count(*) FROM invoice_payment WHERE tenant_id = 'acme' AND match_id LIKE '" + run + "%'";
        awaitConsumersAssigned(kafka);
        // the clock of the first send and the service's applied_at are this machine's wall clock: the figure is taken
        // from the database after the fact, so polling (a scan of invoice_payment) can be rare and cost the
        // measured PostgreSQL little
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (ProducerRecord<String, String> r : records) {
                producer.send(r);
            }
            producer.flush();
        }
        long published = System.nanoTime();
        long applied = 0;
        long lastProgress = System.nanoTime();
        while (applied < events) {
            Thread.sleep(1000);
            long now = scalar(db, countSql);
            if (now > applied) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 60_000_000_000L) {
                throw new IllegalStateException("no progress for 60 s at " + now + " of " + events + " applied");
            }
            applied = now;
        }
        Instant last;
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT max(applied_at) FROM invoice_payment"
                        + " WHERE tenant_id = 'acme' AND match_id LIKE '" + run + "%'")) {
            rs.next();
            last = rs.getTimestamp(1).toInstant();
        }
        double seconds = Duration.between(start, last).toNanos() / 1e9;
        System.out.printf(
                "  published in %.2f s; the last of %,d applied %.2f s after the first send: %.0f events/s%n",
                (published - t0) / 1e9, events, seconds, events / seconds);
        long wrong = scalar(
                db,
                "SELECT count(*) FROM invoice i JOIN invoice_payment p ON p.invoice_id = i.id"
                        + " WHERE p.match_id LIKE '" + run + "%' AND i.status <> 'PARTIALLY_PAID'");
        System.out.printf("  check: %d paid invoices not PARTIALLY_PAID afterwards (expect 0)%n", wrong);
    }

    static long scalar(Connection db, String sql) throws Exception {
        try (Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
