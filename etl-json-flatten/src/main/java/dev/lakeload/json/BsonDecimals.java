package dev.lakeload.json;

/**
 * BSON decimal128 values written as text ({@code $numberDecimal}) to PostgreSQL numeric text. Stateless and
 * thread-safe.
 *
 * <p>A decimal128 has at most 34 significant digits and an exponent from -6176 to 6111. The Decimal128 spec reads a
 * string that needs more as an error, unless only trailing zeros go ("exact rounding") or zeros move between the
 * coefficient and the exponent ("clamping"); then it is the same decimal128 value.
 */
final class BsonDecimals {
    private static final int MAX_DIGITS = 34;
    private static final long MAX_EXPONENT = 6111;
    private static final long MIN_EXPONENT = -6176;
    /** Exponents are counted up to here: no string Java can hold brings a larger one back into range. */
    private static final long EXPONENT_CAP = 1_000_000_000_000_000L;

    private BsonDecimals() {
    }

    /**
     * The numeric text of a {@code $numberDecimal} string: {@code NaN}, {@code Infinity} or {@code -Infinity} for
     * the special values (see {@link JsonText#specialNumber}); the string itself when a decimal128 holds it as
     * written; decimal128's canonical text when it holds it only after exact rounding or clamping ({@code 1E6112}
     * is {@code 1.0E+6112}, and {@code 0E+2147483647} is {@code 0E+6111}, which PostgreSQL needs: it reads no
     * exponent beyond about 2^30); null when it is no decimal128 (bad syntax, blanks, or more digits or a larger
     * exponent than decimal128 holds).
     */
    static String numeric(String text) {
        String special = JsonText.specialNumber(text);
        if (special.equals("NaN") || special.equals("Infinity") || special.equals("-Infinity")) {
            return special;
        }
        int length = text.length();
        int i = 0;
        boolean negative = false;
        if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            negative = text.charAt(i++) == '-';
        }
        int start = i;
        int digits = 0;
        int fraction = 0;
        int firstNonZero = -1;
        int lastNonZero = -1;
        boolean point = false;
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (c != '0') {
                    firstNonZero = firstNonZero < 0 ? digits : firstNonZero;
                    lastNonZero = digits;
                }
                digits++;
                fraction += point ? 1 : 0;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            return null;
        }
        long exponent = 0;
        if (i < length && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            boolean negativeExponent = i < length && text.charAt(i) == '-';
            if (i < length && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int exponentStart = i;
            for (; i < length && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
                exponent = Math.min(exponent * 10 + (text.charAt(i) - '0'), EXPONENT_CAP);
            }
            if (i == exponentStart) {
                return null;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (i != length) {
            return null;
        }
        exponent -= fraction;
        if (firstNonZero < 0) {
            long clamped = Math.max(MIN_EXPONENT, Math.min(MAX_EXPONENT, exponent));
            return clamped == exponent ? text : canonical(negative, "0", clamped);
        }
        int significant = digits - firstNonZero;
        int trailingZeros = digits - 1 - lastNonZero;
        long dropped = Math.max(0, significant - MAX_DIGITS);
        exponent += dropped;
        long padded = 0;
        if (exponent > MAX_EXPONENT) {
            padded = exponent - MAX_EXPONENT;
            exponent = MAX_EXPONENT;
        } else if (exponent < MIN_EXPONENT) {
            dropped += MIN_EXPONENT - exponent;
            exponent = MIN_EXPONENT;
        }
        if (dropped > trailingZeros || significant - dropped + padded > MAX_DIGITS) {
            return null;
        }
        if (dropped == 0 && padded == 0) {
            return text;
        }
        StringBuilder coefficient = new StringBuilder(MAX_DIGITS);
        int digit = 0;
        for (int k = start; coefficient.length() < significant - dropped; k++) {
            char c = text.charAt(k);
            if (c != '.' && digit++ >= firstNonZero) {
                coefficient.append(c);
            }
        }
        for (long k = 0; k < padded; k++) {
            coefficient.append('0');
        }
        return canonical(negative, coefficient, exponent);
    }

    /** Decimal128's text of {@code coefficient * 10^exponent}, as the Decimal128 spec's "to string" writes it. */
    private static String canonical(boolean negative, CharSequence coefficient, long exponent) {
        int length = coefficient.length();
        long adjusted = exponent + length - 1;
        StringBuilder out = new StringBuilder(length + 10);
        if (negative) {
            out.append('-');
        }
        if (exponent > 0 || adjusted < -6) {
            out.append(coefficient.charAt(0));
            if (length > 1) {
                out.append('.').append(coefficient, 1, length);
            }
            out.append('E').append(adjusted < 0 ? "" : "+").append(adjusted);
        } else if (exponent == 0) {
            out.append(coefficient);
        } else {
            int point = (int) (length + exponent);
            if (point > 0) {
                out.append(coefficient, 0, point).append('.').append(coefficient, point, length);
            } else {
                out.append("0.");
                for (int k = point; k < 0; k++) {
                    out.append('0');
                }
                out.append(coefficient);
            }
        }
        return out.toString();
    }
}
