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
        if (s.length() == 10) {
            return LocalDate.parse(s);
        }
        if (s.indexOf('T') > 0) {
            return isoDateTime(s).dateTime().toLocalDate();
        }
        return LocalDate.parse(s.substring(0, 10));
    }

    static Timestamp isoDateTime(String s) {
        boolean hasOffset = s.endsWith("Z") || s.matches(".*T.*[+-]\\d{2}:?\\d{2}$");
        if (hasOffset) {
            OffsetDateTime odt = OffsetDateTime.parse(
                    s.length() > 5 && s.charAt(s.length() - 3) != ':' && !s.endsWith("Z")
                            ? s.substring(0, s.length() - 2) + ":" + s.substring(s.length() - 2)
                            : s);
            return new Timestamp(odt.toLocalDateTime(), odt.getOffset());
        }
        return new Timestamp(LocalDateTime.parse(s), null);
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
