package app.lettrage.reconciliation.rest;

import app.lettrage.platform.problem.ProblemException;

/**
 * What a transaction id from a caller may be: the producer's id of a bank line, at most {@value #MAX_LENGTH}
 * characters, none of them a control character (PostgreSQL's text refuses NUL, which would otherwise surface as a
 * server error). An id outside these bounds names no transaction.
 */
final class TransactionIds {

    static final int MAX_LENGTH = 64;

    private TransactionIds() {}

    static boolean wellFormed(String id) {
        return id != null
                && !id.isBlank()
                && id.length() <= MAX_LENGTH
                && id.chars().noneMatch(Character::isISOControl);
    }

    /** The id of a path: an ill-formed one is a 404, as any other id the tenant has no transaction under. */
    static String inPath(String id) {
        if (!wellFormed(id)) {
            throw ProblemException.notFound("transaction", id == null ? "" : id);
        }
        return id;
    }
}
