package dev.lakeload.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;

/**
 * BSON dates (milliseconds since the epoch, proleptic Gregorian like PostgreSQL) to and from text. Stateless and
 * thread-safe.
 */
final class BsonDates {
    /**
     * RFC 3339 as relaxed Extended JSON writes it ({@code 2012-12-24T12:15:30.501Z}), and the variants other tools
     * write: offsets {@code +01:00}, {@code +0100} or {@code +01}, seconds or fraction left out.
     */
    private static final DateTimeFormatter ISO = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    private BsonDates() {
    }

    /** The PostgreSQL timestamptz text of a BSON date: {@code 2012-12-24T12:15:30.501Z}. */
    static String format(long epochMillis) {
        return format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * ISO 8601 in UTC with milliseconds (more digits only when the instant has them). Years after 9999 get more
     * digits without ISO's {@code +}, and years before 1 AD use PostgreSQL's {@code BC} suffix (ISO year 0 is 1 BC),
     * since PostgreSQL reads neither a {@code +} nor a negative year. Instants outside PostgreSQL's range (4713 BC
     * to 294276 AD) are written the same way and rejected by the promoter's cast.
     */
    static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        int year = t.getYear();
        StringBuilder out = new StringBuilder(28);
        pad(out, year > 0 ? year : 1 - year, 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append('.');
        int nanos = t.getNano();
        if (nanos % 1_000_000 == 0) {
            pad(out, nanos / 1_000_000, 3);
        } else {
            pad(out, nanos, 9);
            while (out.charAt(out.length() - 1) == '0') {
                out.setLength(out.length() - 1);
            }
        }
        out.append('Z');
        if (year <= 0) {
            out.append(" BC");
        }
        return out.toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        int digits = 1;
        for (int rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            out.append('0');
        }
        return out.append(value);
    }

    /**
     * The exact form relaxed Extended JSON writes for dates from 1970 to 9999, {@code 2012-12-24T12:15:30.501Z} or
     * {@code 2012-12-24T12:15:30Z}, read without the general formatter (which costs several times more); null for
     * anything else.
     */
    private static Instant parseRelaxed(String text) {
        int length = text.length();
        if ((length != 20 && length != 24) || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z' || (length == 24 && text.charAt(19) != '.')) {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int millis = length == 24 ? digits(text, 20, 3) : 0;
        if ((year | month | day | hour | minute | second | millis) < 0 || month < 1 || month > 12 || day < 1
                || day > 28 && day > YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59
                || second > 59) {
            return null;
        }
        long days = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600 + minute * 60 + second, millis * 1_000_000L);
    }

    /** The number written by {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The instant of an RFC 3339 date-time with an offset, or null when {@code text} is not one. */
    static Instant parse(String text) {
        Instant relaxed = parseRelaxed(text);
        if (relaxed != null) {
            return relaxed;
        }
        try {
            return OffsetDateTime.from(ISO.parse(text)).toInstant();
        } catch (DateTimeException e) {
            // Not a date: the caller passes the text on and PostgreSQL's cast rejects the row with it.
            return null;
        }
    }
}
