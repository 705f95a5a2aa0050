package app.lettrage.bankformats;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes the canonical model as JSON while parsing: {@code {"format": ..., "statements": [ ... ]}}. Amounts are
 * decimal strings, dates ISO-8601, nulls omitted. Call {@link #begin} before and {@link #finish} after parsing.
 */
public final class JsonStatementSink implements StatementSink {
    private final JsonGenerator g;

    public JsonStatementSink(JsonGenerator g) {
        this.g = g;
    }

    public void begin(StatementFormat format) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", format.name());
        g.writeArrayFieldStart("statements");
    }

    public void finish() throws IOException {
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    @Override
    public void startStatement(StatementHeader h) {
        try {
            g.writeStartObject();
            str("format", h.format().name());
            str("messageId", h.messageId());
            str("statementId", h.statementId());
            str("sequenceNumber", h.sequenceNumber());
            party("account", h.account());
            str("currency", h.currency());
            str("createdAt", h.createdAt());
            str("fromDateTime", h.fromDateTime());
            str("toDateTime", h.toDateTime());
            balances("openingBalances", h.openingBalances());
            if (!h.details().isEmpty()) {
                g.writeObjectFieldStart("details");
                for (Map.Entry<String, String> e : h.details().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeArrayFieldStart("transactions");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void transaction(Transaction t) {
        try {
            g.writeStartObject();
            amount("amount", t.amount());
            str("currency", t.currency());
            str("status", t.status().name());
            if (t.reversal()) {
                g.writeBooleanField("reversal", true);
            }
            str("bookingDate", t.bookingDate());
            str("bookingTime", t.bookingTime());
            str("valueDate", t.valueDate());
            str("valueTime", t.valueTime());
            party("counterparty", t.counterparty());
            party("ultimateCounterparty", t.ultimateCounterparty());
            str("remittanceInformation", t.remittanceInformation());
            if (t.creditorReference() != null) {
                g.writeObjectFieldStart("creditorReference");
                str("reference", t.creditorReference().reference());
                str("type", t.creditorReference().type().name());
                g.writeEndObject();
            }
            str("endToEndId", t.endToEndId());
            str("mandateId", t.mandateId());
            str("creditorId", t.creditorId());
            str("bankReference", t.bankReference());
            str("transactionId", t.transactionId());
            str("customerReference", t.customerReference());
            str("entryReference", t.entryReference());
            BankTransactionCode c = t.bankTransactionCode();
            if (c != null && !c.isEmpty()) {
                g.writeObjectFieldStart("bankTransactionCode");
                str("domain", c.domain());
                str("family", c.family());
                str("subFamily", c.subFamily());
                str("proprietary", c.proprietary());
                str("proprietaryIssuer", c.proprietaryIssuer());
                g.writeEndObject();
            }
            str("purposeCode", t.purposeCode());
            str("returnReason", t.returnReason());
            str("additionalInformation", t.additionalInformation());
            if (!t.charges().isEmpty()) {
                g.writeArrayFieldStart("charges");
                for (Charge ch : t.charges()) {
                    g.writeStartObject();
                    amount("amount", ch.amount());
                    str("currency", ch.currency());
                    str("type", ch.type());
                    if (ch.included() != null) {
                        g.writeBooleanField("included", ch.included());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            amount("originalAmount", t.originalAmount());
            str("originalCurrency", t.originalCurrency());
            amount("exchangeRate", t.exchangeRate());
            if (!t.details().isEmpty()) {
                g.writeObjectFieldStart("details");
                for (Map.Entry<String, String> e : t.details().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeNumberField("sourceLine", t.sourceLine());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void endStatement(List<Balance> closingBalances, List<String> warnings) {
        try {
            g.writeEndArray();
            balances("closingBalances", closingBalances);
            g.writeArrayFieldStart("warnings");
            for (String w : warnings) {
                g.writeString(w);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void balances(String name, List<Balance> bs) throws IOException {
        g.writeArrayFieldStart(name);
        for (Balance b : bs) {
            g.writeStartObject();
            str("type", b.type().name());
            amount("amount", b.amount());
            str("currency", b.currency());
            str("date", b.date());
            str("code", b.code());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void party(String name, Party p) throws IOException {
        if (p == null || p.isEmpty()) {
            return;
        }
        g.writeObjectFieldStart(name);
        str("name", p.name());
        str("iban", p.iban());
        str("accountId", p.accountId());
        str("bic", p.bic());
        g.writeEndObject();
    }

    private void amount(String name, BigDecimal v) throws IOException {
        if (v != null) {
            g.writeStringField(name, v.toPlainString());
        }
    }

    private void str(String name, Object v) throws IOException {
        if (v != null) {
            g.writeStringField(name, v.toString());
        }
    }
}
