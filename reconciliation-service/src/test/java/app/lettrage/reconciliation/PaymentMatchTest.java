package app.lettrage.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.events.MatchDecision;
import app.lettrage.events.TransactionImported.BookingStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A match is undone once, and an undone match explains no transaction any more. */
class PaymentMatchTest {

    private static final Instant AT = Instant.parse("2026-03-02T10:15:30Z");

    @Test
    void aMatchIsUndoneOnceAndThenMovesNowhere() {
        ReconTransaction tx = ReconTransactionTest.imported("t-1", BookingStatus.BOOKED, "100.00", null);
        PaymentMatch m = PaymentMatch.of(tx, MatchDecision.AUTO, 0.987654, List.of("a", "b"), "engine", AT);
        assertThat(m.confidence()).hasToString("0.9877");
        assertThat(m.reasons()).isEqualTo("a\nb");
        assertThat(m.isUndone()).isFalse();

        m.moveTo("t-2");
        assertThat(m.transactionId()).isEqualTo("t-2");

        m.undo("ann", AT.plusSeconds(5));
        assertThat(m.isUndone()).isTrue();
        assertThat(m.undoneBy()).isEqualTo("ann");
        assertThat(m.undoneAt()).isEqualTo(AT.plusSeconds(5));
        assertThatThrownBy(() -> m.undo("bob", AT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> m.moveTo("t-3")).isInstanceOf(IllegalStateException.class);
        assertThat(m.undoneBy()).isEqualTo("ann");
    }
}
