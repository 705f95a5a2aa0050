package app.lettrage.banksync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.banksync.service.IncomingTransaction;
import app.lettrage.banksync.service.ReturnCodes;
import app.lettrage.events.EventJson;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A provider (Berlin Group, GoCardless) flags no return: its ISO bank transaction code's sub-family says it. */
class ProviderReversalsTest {

    private static IncomingTransaction read(String code) throws Exception {
        String json = """
                {"amount": "-120.00", "currency": "EUR", "status": "BOOKED", "bookingDate": "2026-11-24",
                 "providerTransactionId": "p-1", "bankTransactionCode": %s}""".formatted(code == null ? "null" : "\"" + code + "\"");
        return ProviderTransactions.incoming(EventJson.mapper().readTree(json), LocalDate.of(2026, 11, 25));
    }

    @Test
    void aReturnSubFamilyMakesTheLineAReversal_anOrdinaryCodeDoesNot() throws Exception {
        assertThat(read("PMNT-RCDT-RRTN").reversal())
                .as("returned credit transfer")
                .isTrue();
        assertThat(read("PMNT-IDDT-UPDD").reversal()).as("unpaid direct debit").isTrue();
        assertThat(read("pmnt-icdt-rpcr").reversal())
                .as("after a cancellation request")
                .isTrue();
        assertThat(read("PMNT-RDDT-PRDD").reversal())
                .as("reversed direct debit")
                .isTrue();
        assertThat(read("PMNT-RCDT-ESCT").reversal()).isFalse();
        assertThat(read("RRTN").reversal())
                .as("a proprietary code is not read as ISO")
                .isFalse();
        assertThat(read(null).reversal()).isFalse();
        assertThat(read("PMNT-RCDT-RRTN").returnReason())
                .as("providers give no reason code")
                .isNull();
    }

    @Test
    void aReturnReasonIsKeptWhenItCanBeACode() {
        assertThat(ReturnCodes.reason(" AM04 ")).isEqualTo("AM04");
        assertThat(ReturnCodes.reason("")).isNull();
        assertThat(ReturnCodes.reason("x".repeat(36)))
                .as("longer than ISO Max35Text: not a code")
                .isNull();
    }
}
