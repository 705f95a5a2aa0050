package app.lettrage.platform.problem;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/**
 * Query parameters taken as strings and parsed here, so that a bad one is a 400 problem naming it (JAX-RS would
 * answer a bare 404 or 400 for an enum, date or number it cannot convert). Each returns null for an absent or blank
 * parameter.
 */
public final class QueryParams {

    private QueryParams() {}

    public static <E extends Enum<E>> E enumValue(String field, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    public static LocalDate date(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(field, "must be a date as YYYY-MM-DD");
        }
    }

    public static BigDecimal decimal(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "must be a decimal number such as 1250.00");
        }
    }

    public static Integer integer(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(field, "must be an integer");
        }
    }

    /**
     * A search text, trimmed. A control character is refused: PostgreSQL rejects a NUL in text (which would be a 500),
     * and none of them means anything in a search.
     */
    public static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest(field, "must not contain control characters");
        }
        return value.trim();
    }
}
