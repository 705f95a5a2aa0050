package app.lettrage.systemtests;

import app.lettrage.testsupport.Repo;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What invoice-service and reconciliation-service each hold about a set of invoices, read from their databases: the
 * two sides {@link CancelRaceIT} compares. Reads only; every query is bounded by the invoices asked about.
 */
final class CancelRaceLedger {

    private static final List<String> DLQ_TOPICS =
            List.of("bank-transactions.dlq", "payment-matches.dlq", "invoices.dlq", "consents.dlq");

    private CancelRaceLedger() {}

    /** invoice-service's side: the invoice's status and the payments applied to it (reversed or not). */
    record InvoiceSide(String status, BigDecimal amountDue, int payments, int activePayments) {}

    /** One match of reconciliation-service that allocates to the invoice, active or undone. */
    record Match(String id, String transactionId, boolean active, String undoneBy) {}

    /** reconciliation-service's side: every match ever allocated to the invoice, and its transaction's state. */
    record ReconciliationSide(List<Match> matches, String transactionState) {
        long active() {
            return matches.stream().filter(Match::active).count();
        }

        boolean undoneByCancellation() {
            return matches.stream().anyMatch(m -> !m.active() && "invoice-service".equals(m.undoneBy()));
        }
    }

    static Map<String, InvoiceSide> invoices(Collection<String> invoiceIds) throws SQLException {
        Map<String, InvoiceSide> out = new HashMap<>();
        try (Connection c = connect("invoice");
                PreparedStatement st = c.prepareStatement("select i.id::text, i.status, i.amount_due, count(p.id),"
                        + " count(p.id) filter (where p.reversed_at is null)"
                        + " from invoice i left join invoice_payment p on p.invoice_id = i.id"
                        + " where i.id::text = any (?) group by i.id")) {
            st.setArray(1, c.createArrayOf("varchar", invoiceIds.toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getString(1),
                            new InvoiceSide(rs.getString(2), rs.getBigDecimal(3), rs.getInt(4), rs.getInt(5)));
                }
            }
        }
        return out;
    }

    /**
     * Per invoice: the matches allocated to it, and the state of the transaction whose remittance names it
     * ({@code remittances}: invoice id → remittance text); null state while reconciliation has not received it.
     */
    static Map<String, ReconciliationSide> reconciliation(String tenant, Map<String, String> remittances)
            throws SQLException {
        Map<String, List<Match>> matches = new HashMap<>();
        Map<String, String> states = new HashMap<>();
        try (Connection c = connect("reconciliation")) {
            try (PreparedStatement st = c.prepareStatement("select a.invoice_id, m.id::text, m.transaction_id,"
                    + " m.undone_at is null, m.undone_by from match_allocation a"
                    + " join payment_match m on m.id = a.match_id"
                    + " where a.tenant_id = ? and a.invoice_id = any (?)")) {
                st.setString(1, tenant);
                st.setArray(2, c.createArrayOf("varchar", remittances.keySet().toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        matches.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(new Match(rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)));
                    }
                }
            }
            Map<String, String> invoiceByRemittance = new HashMap<>();
            remittances.forEach((invoice, text) -> invoiceByRemittance.put(text, invoice));
            try (PreparedStatement st = c.prepareStatement("select remittance_information, state from bank_transaction"
                    + " where tenant_id = ? and remittance_information = any (?)")) {
                st.setString(1, tenant);
                st.setArray(
                        2,
                        c.createArrayOf("varchar", invoiceByRemittance.keySet().toArray()));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        states.put(invoiceByRemittance.get(rs.getString(1)), rs.getString(2));
                    }
                }
            }
        }
        Map<String, ReconciliationSide> out = new HashMap<>();
        for (String invoice : remittances.keySet()) {
            out.put(
                    invoice,
                    new ReconciliationSide(List.copyOf(matches.getOrDefault(invoice, List.of())), states.get(invoice)));
        }
        return out;
    }

    /**
     * Watches the two sides while the race runs, on connections kept open so that a look takes a millisecond or two,
     * not a connection's set-up: which invoices reconciliation has matched, which invoice-service has PAID.
     */
    static final class Watch implements AutoCloseable {
        private final Connection reconciliation;
        private final Connection invoice;
        private final PreparedStatement matched;
        private final PreparedStatement paid;

        Watch(String tenant, Collection<String> invoiceIds) throws SQLException {
            reconciliation = connect("reconciliation");
            invoice = connect("invoice");
            matched = reconciliation.prepareStatement("select a.invoice_id from match_allocation a"
                    + " join payment_match m on m.id = a.match_id"
                    + " where m.undone_at is null and a.tenant_id = ? and a.invoice_id = any (?)");
            matched.setString(1, tenant);
            matched.setArray(2, reconciliation.createArrayOf("varchar", invoiceIds.toArray()));
            paid = invoice.prepareStatement(
                    "select id::text from invoice where status = 'PAID' and id::text = any (?)");
            paid.setArray(1, invoice.createArrayOf("varchar", invoiceIds.toArray()));
        }

        /** The invoices reconciliation has an active match allocating to. */
        List<String> matched() throws SQLException {
            return ids(matched);
        }

        /** The invoices invoice-service has PAID. */
        List<String> paid() throws SQLException {
            return ids(paid);
        }

        private static List<String> ids(PreparedStatement st) throws SQLException {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }

        @Override
        public void close() throws SQLException {
            try (reconciliation;
                    invoice) {
                matched.close();
                paid.close();
            }
        }
    }

    /** Events committed to an outbox of any service and not yet published. */
    static long unsentEvents() throws SQLException {
        long n = 0;
        for (String db : List.of("consent", "banksync", "invoice", "reconciliation")) {
            try (Connection c = connect(db);
                    PreparedStatement st =
                            c.prepareStatement("select count(*) from outbox_event where sent_at is null");
                    ResultSet rs = st.executeQuery()) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }

    /** The dead-letter topics' end offsets: a difference between two readings is the dead letters in between. */
    static Map<TopicPartition, Long> deadLetterOffsets() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : DLQ_TOPICS) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            return consumer.endOffsets(partitions, Duration.ofSeconds(30));
        }
    }

    private static Connection connect(String base) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + Repo.env("DB_HOST", "127.0.0.1") + ":" + Repo.env("DB_PORT", "5432") + "/"
                        + Stack.database(base),
                Repo.env("DB_USER", "postgres"),
                Repo.env("DB_PASSWORD", ""));
    }
}
