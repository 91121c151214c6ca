package dev.lakeload.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lakeload.core.row.Row;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code $numberDecimal} strings held to what a decimal128 can hold (34 digits, exponents -6176 to 6111). */
class BsonDecimalsTest {
    static Stream<Arguments> heldAfterRoundingOrClamping() {
        return Stream.of(
                // A zero clamps any exponent into range; PostgreSQL reads no exponent beyond about 2^30.
                arguments("0E+2147483647", "0E+6111"),
                arguments("-0E-2147483647", "-0E-6176"),
                arguments("0.000E-6175", "0E-6176"),
                arguments("1E6112", "1.0E+6112"),
                arguments("1.23E+6144", "1.230000000000000000000000000000000E+6144"),
                arguments("10E-6177", "1E-6176"),
                // Only trailing zeros may go beyond 34 digits.
                arguments("1.1111111111111111111111111111123450", "1.111111111111111111111111111112345"),
                arguments("." + "1" + "0".repeat(59), "0.1000000000000000000000000000000000"),
                arguments("1" + "0".repeat(999), "1.000000000000000000000000000000000E+999"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("heldAfterRoundingOrClamping")
    void writesAValueDecimal128HoldsOnlyAfterRoundingOrClampingInItsCanonicalForm(String written, String canonical) {
        assertThat(BsonDecimals.numeric(written)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "1E+3", "1e3", "+.5", "017.", "-100E-10", "0E-6176", "-0E+6111", "1E-6176",
            "9.999999999999999999999999999999999E+6144", "1234567890123456789012345678901234"})
    void keepsTheTextOfAValueDecimal128HoldsAsWritten(String written) {
        assertThat(BsonDecimals.numeric(written)).isSameAs(written);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nan", "-NaN", "sNaN", "inf", "+Infinity", "-inF"})
    void spellsTheSpecialValuesAsPostgresDoes(String written) {
        assertThat(BsonDecimals.numeric(written)).isIn("NaN", "Infinity", "-Infinity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "1E+", "1e", ".", "-.e", "1.2.3", "0x1A", "1_000", "Infi", "NaNq",
            "12345678901234567890123456789012345", "1E-6177", "7e10000", "1E+999999999999999999999"})
    void refusesWhatIsNoDecimal128EvenWherePostgresNumericWouldTakeIt(String written) {
        assertThat(BsonDecimals.numeric(written)).isNull();
    }

    @Test
    void passesAStringThatIsNoDecimal128OnAsItsWrapperForTheCastToReject() {
        Row row = new Flatten().docs("{\"a\": {\"$numberDecimal\": \"1E-6177\"}, "
                + "\"b\": {\"$numberDecimal\": \"0E+2147483647\"}}").sink.single();

        assertThat(Flatten.type(row, "a")).isEqualTo("numeric");
        assertThat(row.get("a")).isEqualTo("{\"$numberDecimal\":\"1E-6177\"}");
        assertThat(row.get("b")).isEqualTo("0E+6111");
    }
}
