package dev.lakeload.core.infer;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Suggests a PostgreSQL type for one column from sample values as AWS DMS writes them, for {@code lakeload init}
 * and {@code infer}. Offer every sampled value, then read {@link #type()}: the narrowest type that takes all of
 * them by PostgreSQL's input rules, or {@code text}.
 *
 * <ul>
 *   <li>Integers by range: {@code smallint}, {@code integer}, {@code bigint}; past bigint {@code numeric}. A
 *       number with a leading zero ({@code 05021}) is a code and stays {@code text}.</li>
 *   <li>Decimals ({@code 12.50}): {@code numeric(p,s)} with the widest scale seen; DMS's floats with an exponent
 *       ({@code +3.23800011e+01}): {@code double precision}.</li>
 *   <li>{@code yyyy-MM-dd}: {@code date}; {@code yyyy-MM-dd HH:mm:ss[.ffffff]}: {@code timestamp}, with an offset
 *       {@code timestamptz}. Dates mixed with timestamps are timestamps; any other format is text.</li>
 *   <li>{@code true}/{@code false}/{@code t}/{@code f}: {@code boolean}; RFC 4122 form: {@code uuid}.</li>
 * </ul>
 *
 * NULL says nothing about the type and is only counted. An empty string, or a value with spaces around it, makes
 * the column {@code text}: typed columns refuse the one, and the other is data a typed column would change. A
 * sample cannot show the largest value of a file, so {@code numeric} gets headroom for larger integer parts. Not
 * thread-safe; one guess per column.
 */
public final class TypeGuess {
    private static final Pattern INTEGER = Pattern.compile("[+-]?(0|[1-9][0-9]*)");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(0|[1-9][0-9]*)\\.([0-9]+)");
    private static final Pattern FLOAT = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?[eE][+-]?[0-9]+");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,9})?)(Z|[+-]\\d{2}(?::?\\d{2})?)?");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final BigInteger BIGINT_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger BIGINT_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    /** PostgreSQL's largest declared numeric precision. */
    private static final int MAX_PRECISION = 1000;
    /** Integer digits a suggested numeric allows beyond the widest sampled, since later rows may be larger. */
    private static final int HEADROOM_DIGITS = 3;

    /** The kinds in widening order within each family. */
    private enum Kind { NONE, BOOLEAN, SMALLINT, INTEGER, BIGINT, NUMERIC, DOUBLE, DATE, TIMESTAMP, TIMESTAMPTZ, UUID,
        TEXT }

    private Kind kind = Kind.NONE;
    private int integerDigits;
    private int scale;
    private boolean fractions;
    private long values;
    private long nulls;

    /** Takes one sampled value; null is SQL NULL. */
    public void offer(String value) {
        if (value == null) {
            nulls++;
            return;
        }
        values++;
        if (kind != Kind.TEXT) {
            kind = join(kind, classify(value));
        }
    }

    /** How many non-NULL values were offered. */
    public long values() {
        return values;
    }

    /** How many NULLs were offered. */
    public long nulls() {
        return nulls;
    }

    /** The suggested type: a PostgreSQL type name; {@code text} when no value was offered. */
    public String type() {
        return switch (kind) {
            case NONE, TEXT -> "text";
            case BOOLEAN -> "boolean";
            case SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case NUMERIC -> numeric();
            case DOUBLE -> "double precision";
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            case TIMESTAMPTZ -> "timestamptz";
            case UUID -> "uuid";
        };
    }

    private String numeric() {
        int precision = integerDigits + HEADROOM_DIGITS + scale;
        // Integers past bigint alone have no scale to keep: plain numeric takes any of them.
        return !fractions || precision > MAX_PRECISION ? "numeric" : "numeric(" + precision + "," + scale + ")";
    }

    private Kind classify(String value) {
        if (value.isEmpty() || value.isBlank() || value.strip().length() != value.length()) {
            return Kind.TEXT;
        }
        if (INTEGER.matcher(value).matches()) {
            return integer(value);
        }
        Matcher decimal = DECIMAL.matcher(value);
        if (decimal.matches()) {
            integerDigits = Math.max(integerDigits, decimal.group(1).length());
            scale = Math.max(scale, decimal.group(2).length());
            fractions = true;
            return Kind.NUMERIC;
        }
        if (FLOAT.matcher(value).matches()) {
            return Kind.DOUBLE;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") || value.equalsIgnoreCase("t")
                || value.equalsIgnoreCase("f")) {
            return Kind.BOOLEAN;
        }
        if (DATE.matcher(value).matches()) {
            return valid(() -> LocalDate.parse(value)) ? Kind.DATE : Kind.TEXT;
        }
        Matcher timestamp = TIMESTAMP.matcher(value);
        if (timestamp.matches()) {
            String local = timestamp.group(1) + "T" + timestamp.group(2);
            if (!valid(() -> LocalDateTime.parse(local))) {
                return Kind.TEXT;
            }
            return timestamp.group(3) == null ? Kind.TIMESTAMP : Kind.TIMESTAMPTZ;
        }
        return UUID.matcher(value).matches() ? Kind.UUID : Kind.TEXT;
    }

    private Kind integer(String value) {
        String digits = value.charAt(0) == '+' || value.charAt(0) == '-' ? value.substring(1) : value;
        integerDigits = Math.max(integerDigits, digits.length());
        if (digits.length() > 19) {
            return Kind.NUMERIC;
        }
        BigInteger number = new BigInteger(value);
        if (number.compareTo(BIGINT_MIN) < 0 || number.compareTo(BIGINT_MAX) > 0) {
            return Kind.NUMERIC;
        }
        long v = number.longValue();
        if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            return Kind.SMALLINT;
        }
        return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? Kind.INTEGER : Kind.BIGINT;
    }

    private static boolean valid(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** The narrowest kind that takes the values of both. */
    private static Kind join(Kind a, Kind b) {
        if (a == b || b == Kind.NONE) {
            return a;
        }
        if (a == Kind.NONE) {
            return b;
        }
        if (isNumber(a) && isNumber(b)) {
            return a.compareTo(b) > 0 ? a : b;
        }
        if (isTime(a) && isTime(b)) {
            return a.compareTo(b) > 0 ? a : b;
        }
        return Kind.TEXT;
    }

    private static boolean isNumber(Kind kind) {
        return kind.compareTo(Kind.SMALLINT) >= 0 && kind.compareTo(Kind.DOUBLE) <= 0;
    }

    private static boolean isTime(Kind kind) {
        return kind.compareTo(Kind.DATE) >= 0 && kind.compareTo(Kind.TIMESTAMPTZ) <= 0;
    }
}
