package app.lettrage.bankformats;

import java.util.ArrayList;
import java.util.List;

/** A sink that keeps everything in memory. For small inputs and tests. */
public final class CollectingSink implements StatementSink {
    private final List<Statement> statements = new ArrayList<>();
    private StatementHeader header;
    private List<Transaction> txs;

    @Override
    public void startStatement(StatementHeader h) {
        header = h;
        txs = new ArrayList<>();
    }

    @Override
    public void transaction(Transaction t) {
        txs.add(t);
    }

    @Override
    public void endStatement(List<Balance> closingBalances, List<String> warnings) {
        statements.add(new Statement(header, List.copyOf(txs), closingBalances, warnings));
        header = null;
        txs = null;
    }

    public List<Statement> statements() {
        return statements;
    }
}
