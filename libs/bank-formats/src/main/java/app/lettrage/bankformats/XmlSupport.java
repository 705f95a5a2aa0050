package app.lettrage.bankformats;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import javax.xml.stream.XMLInputFactory;

/** Hardened StAX factory and ISO date parsing shared by the XML parsers. */
final class XmlSupport {
    private XmlSupport() {}

    /** A StAX factory with DTDs and external entities disabled (no XXE, no entity expansion). */
    static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.TRUE);
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        try {
            f.setProperty("http://java.sun.com/xml/stream/properties/report-cdata-event", Boolean.TRUE);
        } catch (IllegalArgumentException ignored) {
            // not the JDK implementation
        }
        return f;
    }

    /** ISO date, tolerating a trailing offset ("2013-12-27+01:00") and a date-time. */
    static LocalDate isoDate(String s) {
        checkLength(s);
        if (s.length() == 10) {
            return LocalDate.parse(s);
        }
        if (s.indexOf('T') > 0) {
            return isoDateTime(s).dateTime().toLocalDate();
        }
        return LocalDate.parse(s.substring(0, 10));
    }

    /**
     * The longest ISO date-time with fraction and offset is 35 characters; anything longer is refused before any
     * parsing (a 200,000-character CreDtTm used to stall the old regex for minutes).
     */
    static final int MAX_DATE_TIME_LENGTH = 40;

    private static void checkLength(String s) {
        if (s.length() > MAX_DATE_TIME_LENGTH) {
            throw new DateTimeParseException("longer than " + MAX_DATE_TIME_LENGTH + " characters", "", 0);
        }
    }

    static Timestamp isoDateTime(String s) {
        checkLength(s);
        boolean hasOffset = s.endsWith("Z") || hasNumericOffset(s);
        if (hasOffset) {
            OffsetDateTime odt = OffsetDateTime.parse(
                    s.length() > 5 && s.charAt(s.length() - 3) != ':' && !s.endsWith("Z")
                            ? s.substring(0, s.length() - 2) + ":" + s.substring(s.length() - 2)
                            : s);
            return new Timestamp(odt.toLocalDateTime(), odt.getOffset());
        }
        return new Timestamp(LocalDateTime.parse(s), null);
    }

    /**
     * True for "...T...+hh:mm" or "...T...-hhmm": a linear scan from the end, where the old regex
     * {@code .*T.*[+-]\d{2}:?\d{2}$} backtracked quadratically.
     */
    static boolean hasNumericOffset(String s) {
        int n = s.length();
        int i = n;
        int digits = 0;
        // the last four digits, with at most one colon between the second and third
        for (int k = n - 1; k >= 0 && digits < 4; k--) {
            char c = s.charAt(k);
            if (c >= '0' && c <= '9') {
                digits++;
                i = k;
            } else if (c == ':' && digits == 2 && k == n - 3) {
                i = k;
            } else {
                return false;
            }
        }
        if (digits < 4 || i == 0) {
            return false;
        }
        char sign = s.charAt(i - 1);
        return (sign == '+' || sign == '-') && s.lastIndexOf('T', i - 2) >= 0;
    }

    static boolean isParseable(String s) {
        try {
            isoDateTime(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
