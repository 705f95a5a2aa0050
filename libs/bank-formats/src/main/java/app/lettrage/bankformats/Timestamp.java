package app.lettrage.bankformats;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** A date-time as written in the file: local time plus the UTC offset when the file gives one. */
public record Timestamp(LocalDateTime dateTime, ZoneOffset offset) {
    @Override
    public String toString() {
        return offset == null ? dateTime.toString() : dateTime.atOffset(offset).toString();
    }
}
