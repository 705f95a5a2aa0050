package app.lettrage.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedDecimalsTest {

    record Line(BigDecimal discount) {}

    record Body(BigDecimal totalAmount, List<Line> lines) {}

    private final ObjectMapper mapper = new ObjectMapper().registerModule(BoundedDecimals.module());

    @Test
    void ordinaryAmountsReadAsWritten() throws Exception {
        Body body = mapper.readValue(
                "{\"totalAmount\": \"1250.50\", \"lines\": [{\"discount\": 12.5}, {\"discount\": null}]}", Body.class);
        assertThat(body.totalAmount()).isEqualByComparingTo("1250.50");
        assertThat(body.totalAmount().scale()).isEqualTo(2);
        assertThat(body.lines().get(0).discount()).isEqualByComparingTo("12.5");
        assertThat(body.lines().get(1).discount()).isNull();
        assertThat(mapper.readValue("{\"totalAmount\": 999999999999999.99}", Body.class)
                        .totalAmount())
                .isEqualByComparingTo("999999999999999.99");
    }

    @Test
    void aHugeExponentIsRefusedWithTheFieldPath() {
        assertThatThrownBy(() -> mapper.readValue("{\"totalAmount\": 1E+100000000}", Body.class))
                .isInstanceOf(InvalidFormatException.class)
                .satisfies(e -> {
                    InvalidFormatException f = (InvalidFormatException) e;
                    assertThat(f.getOriginalMessage()).contains("exponent out of range");
                    assertThat(f.getPath().get(0).getFieldName()).isEqualTo("totalAmount");
                    assertThat(f.getValue()).isNull();
                });
    }

    @Test
    void aTinyExponentInAStringIsRefusedInsideAList() {
        assertThatThrownBy(() -> mapper.readValue("{\"lines\": [{\"discount\": \"0E-300000000\"}]}", Body.class))
                .isInstanceOf(InvalidFormatException.class)
                .satisfies(e -> {
                    InvalidFormatException f = (InvalidFormatException) e;
                    assertThat(f.getPath())
                            .extracting(r -> r.getFieldName())
                            .containsExactly("lines", null, "discount");
                    assertThat(f.getPath().get(1).getIndex()).isZero();
                });
    }

    @Test
    void sixteenIntegerDigitsAreRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"totalAmount\": 1234567890123456}", Body.class))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("more than 15 integer digits");
    }
}
