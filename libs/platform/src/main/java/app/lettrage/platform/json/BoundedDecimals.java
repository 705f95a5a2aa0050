package app.lettrage.platform.json;

import app.lettrage.decimals.BoundedDecimal;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Every decimal in a request body meets {@link BoundedDecimal}'s bounds while Jackson reads it.
 *
 * <p>A number such as {@code 1E+100000000} costs nothing to parse but minutes of CPU in the first {@code setScale} or
 * {@code compareTo} a resource or validator runs on it, on the event loop. Refusing it here protects every body of
 * every service, present and future, before any code sees the value. The bound is the generic one (15 integer digits,
 * 18 decimals); each field's own rule (the currency's exponent, a percentage's 4 decimals) is checked after it.
 */
@Singleton
public class BoundedDecimals implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
    }

    /** The Jackson module, also for mappers built outside CDI. */
    public static SimpleModule module() {
        return new SimpleModule("lettrage-bounded-decimals").addDeserializer(BigDecimal.class, new Deserializer());
    }

    static final class Deserializer extends NumberDeserializers.BigDecimalDeserializer {
        private static final long serialVersionUID = 1L;

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            BigDecimal value = super.deserialize(p, ctxt);
            if (value == null) {
                return null;
            }
            try {
                return BoundedDecimal.check(value, BoundedDecimal.MAX_WRITTEN_SCALE);
            } catch (BoundedDecimal.OutOfBoundsException e) {
                // the message goes into the problem's detail, so the value itself (possibly huge) is left out of it
                throw InvalidFormatException.from(p, e.getMessage(), null, BigDecimal.class);
            }
        }
    }
}
