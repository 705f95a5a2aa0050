package app.lettrage.bankformats;

import java.util.List;

/**
 * Receives a parsed file as it is read: for each statement, {@code startStatement}, then each transaction in file
 * order, then {@code endStatement}. Nothing is buffered beyond one entry, so files of any size parse in bounded memory.
 * An exception thrown by the sink aborts the parse and propagates to the caller.
 */
public interface StatementSink {

    void startStatement(StatementHeader header);

    void transaction(Transaction transaction);

    /**
     * @param closingBalances balances known at the end (closing booked, available, forward available, derived opening)
     * @param warnings non-fatal problems found in this statement (e.g. opening + sum of entries != closing)
     */
    void endStatement(List<Balance> closingBalances, List<String> warnings);
}
