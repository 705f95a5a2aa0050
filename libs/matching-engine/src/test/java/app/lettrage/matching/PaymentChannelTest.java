package app.lettrage.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentChannelTest {

    @ParameterizedTest(name = "{0} {1} from {2} to {3}: {4}")
    @CsvSource(
            nullValues = "null",
            value = {
                "PMNT-RCDT-ESCT, EUR, DE89370400440532013000, FR1420041010050500013M02606, SEPA",
                "null, EUR, null, FR1420041010050500013M02606, SEPA",
                "PMNT-RCDT-XBCT, EUR, DE89370400440532013000, FR1420041010050500013M02606, CROSS_BORDER",
                "PMNT-RCDT-ESCT, EUR, TR330006100519786457841326, FR1420041010050500013M02606, CROSS_BORDER",
                "null, USD, GB29NWBK60161331926819, FR1420041010050500013M02606, CROSS_BORDER",
                "null, CHF, CH9300762011623852957, CH5604835012345678009, SEPA",
                "PMNT-MCRD-POSP, EUR, null, FR1420041010050500013M02606, CARD",
                "PMNT-CCRD-POSD, EUR, null, FR1420041010050500013M02606, CARD",
            })
    void channelOfATransaction(String code, String currency, String payerIban, String account, PaymentChannel want) {
        BankTransaction tx = new BankTransaction(
                "t",
                "tenant",
                account,
                new BigDecimal("10.00"),
                currency,
                Fixtures.PAID,
                Fixtures.PAID,
                "PAYER",
                payerIban,
                null,
                null,
                null,
                code);
        assertThat(PaymentChannel.of(tx)).isEqualTo(want);
    }
}
