package app.lettrage.bankconnectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lettrage.bankconnectors.CanonicalTransaction.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Real provider responses (../shared/fixtures, see its INDEX.md) turned into canonical transactions, checked against
 * what the projects they come from assert about them. Where their oracle is about their own presentation (Actual's
 * payee guessing from texts) we check the facts it rests on: amounts, signs, dates, ids, texts.
 */
class ConformanceTest {

    private static List<CanonicalTransaction> booked(JsonNode array) {
        List<CanonicalTransaction> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(TransactionMapper.map(array.get(i), Status.BOOKED, null, "[" + i + "]"));
        }
        return out;
    }

    private static BigDecimal sum(List<CanonicalTransaction> list) {
        return list.stream().map(CanonicalTransaction::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Nested
    class GoCardless {

        @Test
        void ingDe_tenBookedWhoseSumGivesTheStartingBalance_paddedNamesTrimmed_notProvidedIsNoId() {
            List<CanonicalTransaction> list =
                    booked(Fixtures.jsLiteral("gocardless/actual-ing_ingddeff.spec.js", "transactionsRaw", 0));
            assertThat(list)
                    .hasSize(10)
                    .allMatch(t -> t.amount().scale() == 2 && t.currency().equals("EUR"));
            // oracle: calculateStartingBalance(interimBooked 3596.87, these 10) == 752.36
            assertThat(new BigDecimal("3596.87").subtract(sum(list))).isEqualByComparingTo("752.36");
            CanonicalTransaction first = list.get(0);
            assertThat(first.providerTransactionId()).isEqualTo("000010348081381");
            assertThat(first.amount()).isEqualTo(new BigDecimal("-4.00"));
            assertThat(first.counterpartyName()).isEqualTo("VISA XXXXXXXXXXXXXXXXXXXX");
            assertThat(first.endToEndId()).isNull();
            assertThat(first.bankTransactionCode()).isEqualTo("Lastschrifteinzug");
            assertThat(list).anyMatch(t -> !t.valueDate().equals(t.bookingDate()));
        }

        @Test
        void sparkasse_remittanceFallsBackToStructuredThenStructuredArray_sumGivesTheStartingBalance() {
            String file = "gocardless/actual-spk_marburg_biedenkopf_heladef1mar.spec.js";
            CanonicalTransaction structured =
                    TransactionMapper.map(Fixtures.jsLiteral(file, "transaction", 0), Status.BOOKED, null, "t");
            CanonicalTransaction array =
                    TransactionMapper.map(Fixtures.jsLiteral(file, "transaction", 1), Status.BOOKED, null, "t");
            assertThat(structured.remittanceInformation()).isEqualTo("AUTORISATION  28.12. 18:30");
            assertThat(array.remittanceInformation()).isEqualTo("Entgeltabrechnung siehe Anlage");
            List<CanonicalTransaction> list = booked(Fixtures.jsLiteral(file, "transactionsRaw", 0));
            // oracle: starting balance from closingBooked 3596.87 == 3346.11
            assertThat(new BigDecimal("3596.87").subtract(sum(list))).isEqualByComparingTo("3346.11");
        }

        @Test
        void commerzbank_linesJoined_amountWithoutDecimalsAtTheCurrencyExponent_placeholderIbanDropped() {
            String file = "gocardless/actual-commerzbank_cobadeff.spec.js";
            CanonicalTransaction card =
                    TransactionMapper.map(Fixtures.jsLiteral(file, "transaction", 0), Status.BOOKED, null, "t");
            CanonicalTransaction split =
                    TransactionMapper.map(Fixtures.jsLiteral(file, "transaction", 1), Status.BOOKED, null, "t");
            CanonicalTransaction standing =
                    TransactionMapper.map(Fixtures.jsLiteral(file, "transaction", 2), Status.BOOKED, null, "t");
            // oracle "2024-12-19T15:34:31 KFN 1 AB 1234, Kartenzahlung": Actual also drops the payee line, we keep it
            assertThat(card.remittanceInformation())
                    .contains("2024-12-19T15:34:31 KFN 1")
                    .endsWith(", Kartenzahlung");
            assertThat(card.amount()).isEqualTo(new BigDecimal("-12.34"));
            assertThat(split.endToEndId()).isEqualTo("901234567890");
            assertThat(split.remittanceInformation()).contains("End-to-En");
            assertThat(standing.amount()).isEqualTo(new BigDecimal("-9.00"));
            assertThat(standing.endToEndId()).as("NOTPROVIDED is no id").isNull();
            assertThat(standing.counterpartyIban())
                    .as("CREDITOR000IBAN is no IBAN")
                    .isNull();
            assertThat(standing.counterpartyName()).isEqualTo("CREDITOR NAME");
            assertThat(standing.remittanceInformation()).contains("Dauerauftrag");
        }

        @Test
        void abnAmro_arrayJoinedWithCommas_valueDateFromALocalDateTime() {
            CanonicalTransaction t = TransactionMapper.map(
                    Fixtures.jsLiteral("gocardless/actual-abnamro_abnanl2a.spec.js", "transaction", 0),
                    Status.BOOKED,
                    null,
                    "t");
            assertThat(t.remittanceInformation())
                    .isEqualTo("BEA, Betaalpas, My Payee Name,PAS123, NR:123A4B, 09.12.23/15:43, CITY");
            assertThat(t.bookingDate()).isEqualTo(LocalDate.of(2023, 12, 11));
            assertThat(t.valueDate()).isEqualTo(LocalDate.of(2023, 12, 9));
            assertThat(t.amount()).isEqualTo(new BigDecimal("-10.00"));
            CanonicalTransaction gpay = TransactionMapper.map(
                    Fixtures.jsLiteral("gocardless/actual-abnamro_abnanl2a.spec.js", "transaction", 1),
                    Status.BOOKED,
                    null,
                    "t");
            assertThat(gpay.remittanceInformation())
                    .isEqualTo("BEA, Google Pay, CCV*Other payee name,PAS123, NR:123A4B, 09.12.23/15:43, CITY");
        }

        @Test
        void fortuneo_noTransactionIdFallsBackToTheInternalId_shortDecimalsPadded_signsKept() {
            JsonNode raw = Fixtures.jsLiteral("gocardless/actual-fortuneo_ftnofrp1xxx.spec.js", "transactionsRaw", 0);
            List<CanonicalTransaction> list = booked(raw);
            assertThat(list.get(0).providerTransactionId()).isEqualTo("674323725470140d5caaf7b85a135817");
            assertThat(list.get(0).amount()).isEqualTo(new BigDecimal("-12.00"));
            assertThat(list.get(0).remittanceInformation()).isEqualTo("PRLV ONG"); // oracle creditorName "ONG"
            assertThat(list.get(2).remittanceInformation()).contains("XXXYYYYZZZ");
            assertThat(list.get(4).remittanceInformation()).contains("SPORT MARKET");
            // oracle: +26.52 is a refund, the debtor "WEEZEVENT SOMEPLACE"
            assertThat(list.get(5).amount()).isEqualTo(new BigDecimal("26.52"));
            assertThat(list.get(5).remittanceInformation()).contains("WEEZEVENT SOMEPLACE");
            assertThat(list.get(6).amount()).isEqualTo(new BigDecimal("-104.90"));
            assertThat(list)
                    .extracting(CanonicalTransaction::providerTransactionId)
                    .doesNotContainNull()
                    .doesNotHaveDuplicates();
        }

        @Test
        void sandboxFinance_amountsGiveTheStartingBalance() {
            List<CanonicalTransaction> list = booked(
                    Fixtures.jsLiteral("gocardless/actual-sandboxfinance_sfin0000.spec.js", "sortedTransactions", 0));
            // oracle: interimAvailable 1000.00 with -100, +50, -25 == 1075.00
            assertThat(new BigDecimal("1000.00").subtract(sum(list))).isEqualByComparingTo("1075.00");
            assertThat(list).extracting(CanonicalTransaction::currency).containsOnly("USD");
        }

        @Test
        void apiFixtures_placeholderDatesAreRejectedNamingTheField_errorsAndStatusesMapped() {
            String file = "gocardless/actual-services-fixtures.js";
            JsonNode tx = Fixtures.jsLiteral(file, "mockTransactions", 0).get("transactions");
            assertThatThrownBy(() -> TransactionMapper.mapReport(tx, null, "transactions"))
                    .isInstanceOf(ProviderResponseException.class)
                    .hasMessageContaining("transactions.booked[0].bookingDate")
                    .hasMessageContaining("'date'".replace("'", ""));
            JsonNode unknown = Fixtures.jsLiteral(file, "mockUnknownError", 0);
            ConnectorException e = GoCardlessConnector.error(
                    new JsonHttp.Response(
                            500,
                            java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true),
                            unknown,
                            unknown.toString()),
                    Clock.systemUTC());
            assertThat(e).isExactlyInstanceOf(ConnectorException.class);
            assertThat(e.code()).isEqualTo("UnknownRequestError");
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(ConsentLifecycle.fromGoCardless(Fixtures.jsLiteral(file, "mockRequisition", 0)
                            .get("status")
                            .asText()))
                    .isEqualTo(ConsentLifecycle.ACTIVE);
            assertThat(ConsentLifecycle.fromGoCardless(Fixtures.jsLiteral(file, "mockCreateRequisition", 0)
                            .get("status")
                            .asText()))
                    .isEqualTo(ConsentLifecycle.CREATED);
        }

        @Test
        void nordigenDotNet_threeBookedAndOnePendingSharingAnId_datesFromTheDateFields() {
            JsonNode body = Fixtures.json("gocardless/nordigendotnet-GetTransactions.json");
            List<CanonicalTransaction> list =
                    TransactionMapper.mapReport(body.get("transactions"), null, "transactions");
            List<CanonicalTransaction> booked =
                    list.stream().filter(t -> t.status() == Status.BOOKED).toList();
            List<CanonicalTransaction> pending =
                    list.stream().filter(t -> t.status() == Status.PENDING).toList();
            assertThat(booked)
                    .extracting(CanonicalTransaction::providerTransactionId)
                    .containsExactly("2023111101697308-1", "2023111101697308-2", "2023111101697308-3");
            assertThat(booked)
                    .allMatch(t -> t.amount().equals(new BigDecimal("-10.00"))
                            && t.currency().equals("GBP")
                            && t.bookingDate().equals(LocalDate.of(2023, 11, 8))
                            && t.valueDate().equals(LocalDate.of(2023, 11, 10)));
            assertThat(booked.get(0).counterpartyName()).isEqualTo("Alderaan Coffee");
            assertThat(pending).hasSize(1);
            // the same id in booked and pending: the sync must replace the pending one, not add a second
            assertThat(booked)
                    .extracting(CanonicalTransaction::providerTransactionId)
                    .contains(pending.get(0).providerTransactionId());
        }
    }

    @Nested
    class BerlinGroup {

        @Test
        void ing_twoBookedCreditsNoPending_structuredFieldUsedAsText() {
            JsonNode body = Fixtures.json("berlingroup/xs2aadapter-ing-get-transactions.json")
                    .path("response")
                    .path("body");
            List<CanonicalTransaction> list = TransactionMapper.mapReport(
                    body.get("transactions"), body.path("account").path("iban").asText(), "transactions");
            assertThat(list)
                    .extracting(CanonicalTransaction::amount)
                    .containsExactly(new BigDecimal("50.00"), new BigDecimal("40.50"));
            assertThat(list).allMatch(t -> t.status() == Status.BOOKED);
            CanonicalTransaction first = list.get(0);
            assertThat(first.counterpartyName()).isEqualTo("Hans Mustermann");
            assertThat(first.counterpartyIban()).isEqualTo("AT861936012345678912");
            assertThat(first.remittanceInformation()).isEqualTo("Bestellung 1234");
            assertThat(first.endToEndId()).isEqualTo("EndToEndID1234567890");
            assertThat(first.providerTransactionId()).isEqualTo("trx123456789");
            assertThat(first.bookingDate()).isEqualTo(LocalDate.of(2019, 1, 10));
        }

        @Test
        void deutscheBank_ownAccountNeverTheCounterparty_pendingWithoutBookingDate() {
            JsonNode body = Fixtures.json("berlingroup/xs2aadapter-deutschebank-get-transactions.json")
                    .path("response")
                    .path("body");
            List<CanonicalTransaction> list = TransactionMapper.mapReport(
                    body.get("transactions"), body.path("account").path("iban").asText(), "transactions");
            assertThat(list)
                    .extracting(CanonicalTransaction::amount)
                    .containsExactly(new BigDecimal("256.67"), new BigDecimal("343.01"), new BigDecimal("-100.03"));
            assertThat(list)
                    .extracting(CanonicalTransaction::status)
                    .containsExactly(Status.BOOKED, Status.BOOKED, Status.PENDING);
            assertThat(list).extracting(CanonicalTransaction::counterpartyIban).containsOnlyNulls();
            assertThat(list)
                    .extracting(CanonicalTransaction::counterpartyName)
                    .containsExactly("John Miles", "Paul Simpson", "Claude Renault");
            assertThat(list.get(2).bookingDate()).isNull();
            assertThat(list.get(2).valueDate()).isEqualTo(LocalDate.of(2017, 10, 26));
        }

        @Test
        void commerzbank_numericAmountsMapLikeTheirStringForm() {
            JsonNode raw = Fixtures.json("berlingroup/xs2aadapter-commerzbank-raw-report.json");
            JsonNode expected = Fixtures.json("berlingroup/xs2aadapter-commerzbank-mapped-expected.json");
            String iban = raw.path("account").path("iban").asText();
            List<CanonicalTransaction> fromNumbers = TransactionMapper.mapReport(raw.get("transactions"), iban, "t");
            List<CanonicalTransaction> fromStrings =
                    TransactionMapper.mapReport(expected.get("transactions"), iban, "t");
            assertThat(fromNumbers).isEqualTo(fromStrings).hasSize(1);
            CanonicalTransaction t = fromNumbers.get(0);
            assertThat(t.amount()).isEqualTo(new BigDecimal("-256.67"));
            assertThat(t.counterpartyIban()).isEqualTo("DE43533700240123456900");
            assertThat(t.remittanceInformation()).isEqualTo("Example 1");
        }

        @Test
        void verlag_anMt940BodyIsRefusedAsNotAJsonReport() {
            JsonNode body = Fixtures.json("berlingroup/xs2aadapter-verlag-get-transactions-mt940-body.json")
                    .path("response")
                    .path("body");
            assertThat(body.isTextual()).isTrue();
            assertThatThrownBy(() -> BerlinGroupConnector.report(body, "page 1"))
                    .isInstanceOf(ProviderResponseException.class)
                    .hasMessageContaining("MT940");
        }
    }

    @Test
    void anAmountWithMoreDecimalsThanItsCurrencyIsRejected_aDebitIndicatorSignsAPositiveAmount() {
        ObjectNode tx = JsonNodeFactory.instance.objectNode();
        tx.putObject("transactionAmount").put("amount", "12.345").put("currency", "EUR");
        tx.put("bookingDate", "2026-01-02");
        assertThatThrownBy(() -> TransactionMapper.map(tx, Status.BOOKED, null, "booked[7]"))
                .isInstanceOf(ProviderResponseException.class)
                .hasMessageContaining("booked[7].transactionAmount.amount");
        tx.putObject("transactionAmount").put("amount", "1500").put("currency", "JPY");
        tx.put("creditDebitIndicator", "DBIT");
        assertThat(TransactionMapper.map(tx, Status.BOOKED, null, "t").amount()).isEqualTo(new BigDecimal("-1500"));
    }
}
