package app.lettrage.bankformats;

import java.util.List;

/**
 * What is known about a statement before its transactions: passed to {@link StatementSink#startStatement}.
 *
 * @param statementId statement / report / notification id (camt Stmt/Id, MT940 :20:, CODA sequence)
 * @param sequenceNumber electronic or paper sequence number (camt ElctrncSeqNb, MT940 :28C:)
 * @param account own account: IBAN, other id, servicer BIC, owner name
 * @param currency account currency (may be null when the file does not say, e.g. camt without Ccy and no balance)
 * @param openingBalances opening balances known before the transactions
 * @param details format-specific extras (OFX BANKID/BRANCHID/ACCTTYPE, CODA bank id, ...)
 * @param sourceLine line where the statement starts
 */
public record StatementHeader(
        StatementFormat format,
        String messageId,
        String statementId,
        String sequenceNumber,
        Party account,
        String currency,
        Timestamp createdAt,
        Timestamp fromDateTime,
        Timestamp toDateTime,
        List<Balance> openingBalances,
        java.util.Map<String, String> details,
        long sourceLine) {}
