package app.lettrage.bankformats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transactions reach the sink while the input is still being read: an endless input is parsed until the sink stops it,
 * which is only possible when nothing waits for the end of the file (bounded memory).
 */
class StreamingTest {

    /** head, then body repeated forever. */
    static InputStream endless(String head, String body) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            long pos;

            @Override
            public int read() {
                int v = pos < h.length ? h[(int) pos] : b[(int) ((pos - h.length) % b.length)];
                pos++;
                return v & 0xff;
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                for (int i = 0; i < len; i++) {
                    buf[off + i] = (byte) read();
                }
                return len;
            }
        };
    }

    static final class Stop extends RuntimeException {
        Stop() {
            super("enough", null, false, false);
        }
    }

    static final class StopAfter implements StatementSink {
        final int limit;
        int seen;
        StatementHeader header;

        StopAfter(int limit) {
            this.limit = limit;
        }

        @Override
        public void startStatement(StatementHeader h) {
            header = h;
        }

        @Override
        public void transaction(Transaction t) {
            if (++seen == limit) {
                throw new Stop();
            }
        }

        @Override
        public void endStatement(List<Balance> closingBalances, List<String> warnings) {}
    }

    @Test
    void camtEntriesArriveBeforeTheEndOfTheFile() {
        StopAfter sink = new StopAfter(5_000);
        String head = RobustnessTest.camt("08", "", RobustnessTest.BALANCES)
                .replace("</Stmt></BkToCstmrStmt></Document>\n", "");
        assertThatThrownBy(() -> BankFormats.parse(endless(head, RobustnessTest.entry("1.00", "CRDT", "")), sink))
                .isInstanceOf(Stop.class);
        assertThat(sink.seen).isEqualTo(5_000);
        assertThat(sink.header.openingBalances()).hasSize(1);
    }

    @Test
    void mt940TransactionsArriveBeforeTheEndOfTheFile() {
        StopAfter sink = new StopAfter(5_000);
        String head = ":20:X\n:25:DE89370400440532013000\n:28C:1\n:60F:C240101EUR0,00\n";
        String body = ":61:240102C1,00NTRFNONREF\n:86:166?00GUTSCHRIFT?20SVWZ+x\n";
        assertThatThrownBy(() -> BankFormats.parse(endless(head, body), sink)).isInstanceOf(Stop.class);
        assertThat(sink.seen).isEqualTo(5_000);
    }
}
