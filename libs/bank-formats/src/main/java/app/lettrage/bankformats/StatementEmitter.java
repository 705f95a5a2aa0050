package app.lettrage.bankformats;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared statement bookkeeping for the parsers: forwards to the sink, keeps the running sum of booked amounts and
 * checks opening + sum == closing at the end (a mismatch is a warning, never a failure).
 */
final class StatementEmitter {
    private final StatementSink sink;
    private StatementHeader header;
    private BigDecimal sum = BigDecimal.ZERO;
    private boolean foreignCurrency;
    private final List<String> warnings = new ArrayList<>();
    private long count;

    StatementEmitter(StatementSink sink) {
        this.sink = sink;
    }

    boolean inStatement() {
        return header != null;
    }

    void start(StatementHeader h) {
        header = h;
        sum = BigDecimal.ZERO;
        foreignCurrency = false;
        count = 0;
        warnings.clear();
        sink.startStatement(h);
    }

    void warn(String w) {
        warnings.add(w);
    }

    /** Adds to the balance-check sum without emitting (camt: sum of entry amounts, not of split details). */
    void addToSum(BigDecimal signedAmount, String currency, TransactionStatus status) {
        if (status != TransactionStatus.BOOKED) {
            return;
        }
        if (header.currency() != null && currency != null && !header.currency().equals(currency)) {
            foreignCurrency = true;
            return;
        }
        sum = sum.add(signedAmount);
    }

    void transaction(Transaction tx, boolean countInSum) {
        count++;
        if (countInSum) {
            addToSum(tx.amount(), tx.currency(), tx.status());
        }
        sink.transaction(tx);
    }

    long count() {
        return count;
    }

    BigDecimal sum() {
        return sum;
    }

    StatementHeader header() {
        return header;
    }

    void end(List<Balance> closing) {
        Balance opening = header.openingBalances().stream()
                .filter(b -> b.type().isOpening())
                .findFirst()
                .orElse(null);
        Balance close = closing.stream()
                .filter(b -> b.type() == BalanceType.CLOSING_BOOKED)
                .findFirst()
                .or(() -> closing.stream().filter(b -> b.type().isClosing()).findFirst())
                .orElse(null);
        if (opening != null && close != null) {
            if (foreignCurrency) {
                warnings.add("balances not checked: some entries are not in the account currency " + header.currency());
            } else if (opening.amount().add(sum).compareTo(close.amount()) != 0) {
                warnings.add(
                        "balances do not add up: opening " + opening.amount().toPlainString() + " + entries "
                                + sum.toPlainString() + " = "
                                + opening.amount().add(sum).toPlainString() + " but closing is "
                                + close.amount().toPlainString());
            }
        }
        List<Balance> cl = List.copyOf(closing);
        List<String> w = List.copyOf(warnings);
        header = null;
        warnings.clear();
        sink.endStatement(cl, w);
    }
}
