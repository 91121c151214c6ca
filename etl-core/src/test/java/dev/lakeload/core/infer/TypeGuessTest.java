package dev.lakeload.core.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TypeGuessTest {
    private static String guess(String... values) {
        TypeGuess guess = new TypeGuess();
        Arrays.stream(values).forEach(guess::offer);
        return guess.type();
    }

    @Test
    void integersTakeTheNarrowestTypeTheirRangeFits() {
        assertThat(guess("0", "1", "-32768", "32767")).isEqualTo("smallint");
        assertThat(guess("1", "32768")).isEqualTo("integer");
        assertThat(guess("-2147483648", "2147483647")).isEqualTo("integer");
        assertThat(guess("1", "2147483648")).isEqualTo("bigint");
        assertThat(guess("-9223372036854775808", "9223372036854775807")).isEqualTo("bigint");
        assertThat(guess("+7")).isEqualTo("smallint");
    }

    @Test
    void integersPastBigintAreNumeric() {
        assertThat(guess("1", "9223372036854775808")).isEqualTo("numeric");
        assertThat(guess("-9223372036854775809")).isEqualTo("numeric");
        assertThat(guess("123456789012345678901234567890")).isEqualTo("numeric");
    }

    @Test
    void leadingZerosAreCodesAndStayText() {
        assertThat(guess("05021")).isEqualTo("text");
        assertThat(guess("12345", "02903")).isEqualTo("text");
        assertThat(guess("007.5")).isEqualTo("text");
        assertThat(guess("0", "0.5")).isEqualTo("numeric(5,1)");
    }

    @Test
    void decimalsKeepTheWidestScaleWithHeadroomForLargerIntegerParts() {
        assertThat(guess("12.50", "7.25", "100.00")).isEqualTo("numeric(8,2)");
        assertThat(guess("1.5", "12345", "-0.125")).isEqualTo("numeric(11,3)");
    }

    @Test
    void dmsFloatsWithAnExponentAreDoublePrecisionAndWidenNumbers() {
        assertThat(guess("+3.23800011e+01", "-1E-5")).isEqualTo("double precision");
        assertThat(guess("1", "2.5", "+3.23800011e+01")).isEqualTo("double precision");
    }

    @Test
    void datesAndTimestampsAsDmsWritesThem() {
        assertThat(guess("1996-07-04", "2024-02-29")).isEqualTo("date");
        assertThat(guess("2026-01-01 10:00:00.123456", "2026-01-02 11:00:00")).isEqualTo("timestamp");
        assertThat(guess("2026-01-01", "2026-01-01 10:00:00.123456")).isEqualTo("timestamp");
        assertThat(guess("2026-01-01T10:00:00Z", "2026-01-01 10:00:00+02:00")).isEqualTo("timestamptz");
        assertThat(guess("2026-01-01 10:00:00", "2026-01-01 10:00:00+02")).isEqualTo("timestamptz");
    }

    @Test
    void mixedOrInvalidDateFormatsStayText() {
        assertThat(guess("2026-01-02", "02/01/2026")).isEqualTo("text");
        assertThat(guess("2026-02-30")).isEqualTo("text");
        assertThat(guess("2026-01-01 25:00:00")).isEqualTo("text");
        assertThat(guess("2026-01-01", "1")).isEqualTo("text");
    }

    @Test
    void booleansAndUuids() {
        assertThat(guess("true", "false", "t", "F")).isEqualTo("boolean");
        assertThat(guess("true", "yes")).isEqualTo("text");
        assertThat(guess("550e8400-e29b-41d4-a716-446655440000", "6F9619FF-8B86-D011-B42D-00C04FC964FF"))
                .isEqualTo("uuid");
        assertThat(guess("550e8400-e29b-41d4-a716-44665544000")).isEqualTo("text");
    }

    @Test
    void nullsSayNothingButEmptyStringsAndPaddedValuesMakeText() {
        TypeGuess nullsOnly = new TypeGuess();
        nullsOnly.offer(null);
        nullsOnly.offer(null);
        assertThat(nullsOnly.type()).isEqualTo("text");
        assertThat(nullsOnly.nulls()).isEqualTo(2);
        assertThat(nullsOnly.values()).isZero();

        assertThat(guess("1", null, "2")).isEqualTo("smallint");
        assertThat(guess("1", "", "2")).isEqualTo("text");
        assertThat(guess("1", " 2")).isEqualTo("text");
        assertThat(guess("2026-01-01 ")).isEqualTo("text");
    }

    @Test
    void onceTextAlwaysText() {
        assertThat(guess("abc", "1", "2")).isEqualTo("text");
        assertThat(guess("1", "2", "abc")).isEqualTo("text");
    }
}
