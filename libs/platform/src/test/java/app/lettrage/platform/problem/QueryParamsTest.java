package app.lettrage.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void absentOrBlankIsNull() {
        assertThat(QueryParams.enumValue("unit", " ", ChronoUnit.class)).isNull();
        assertThat(QueryParams.date("from", null)).isNull();
        assertThat(QueryParams.decimal("min", "")).isNull();
        assertThat(QueryParams.integer("n", null)).isNull();
        assertThat(QueryParams.text("q", "  ")).isNull();
    }

    @Test
    void goodValuesParse() {
        assertThat(QueryParams.enumValue("unit", " days ", ChronoUnit.class)).isEqualTo(ChronoUnit.DAYS);
        assertThat(QueryParams.date("from", "2026-11-27")).isEqualTo(LocalDate.of(2026, 11, 27));
        assertThat(QueryParams.decimal("min", "1250.00")).isEqualByComparingTo(new BigDecimal("1250"));
        assertThat(QueryParams.integer("n", "3")).isEqualTo(3);
        assertThat(QueryParams.text("q", " Dupont SARL ")).isEqualTo("Dupont SARL");
    }

    @Test
    void aBadValueIsA400NamingTheParameter() {
        assertBadRequest(() -> QueryParams.enumValue("unit", "fortnights", ChronoUnit.class), "unit");
        assertBadRequest(() -> QueryParams.date("dueFrom", "27/11/2026"), "dueFrom");
        assertBadRequest(() -> QueryParams.decimal("minTotal", "12,50"), "minTotal");
        assertBadRequest(() -> QueryParams.integer("candidate", "first"), "candidate");
        assertBadRequest(() -> QueryParams.text("q", "dupont\u0000"), "q");
        assertBadRequest(() -> QueryParams.text("counterparty", "a\nb"), "counterparty");
    }

    private static void assertBadRequest(Runnable parse, String field) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.errors()).extracting(Problem.FieldError::field).containsExactly(field);
        });
    }
}
