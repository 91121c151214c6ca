package dev.lakeload.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small parts under the flattener: dates, legacy numbers, JSON text, type widening. */
class HelpersTest {
    @ParameterizedTest
    @CsvSource({
            "0, 1970-01-01T00:00:00.000Z",
            "-1, 1969-12-31T23:59:59.999Z",
            "253402300799999, 9999-12-31T23:59:59.999Z",
            // PostgreSQL's last timestamptz, 294276-12-31 23:59:59.999999 UTC, to the millisecond
            "9224318015999999, 294276-12-31T23:59:59.999Z",
            // PostgreSQL's first, 4714-11-24 00:00:00 UTC BC
            "-210866803200000, 4714-11-24T00:00:00.000Z BC",
            // ISO year 0 is 1 BC
            "-62135596800001, 0001-12-31T23:59:59.999Z BC",
            "-62135596800000, 0001-01-01T00:00:00.000Z",
            "9223372036854775807, 292278994-08-17T07:12:55.807Z"})
    void formatsBsonDatesAsPostgresReadsThem(long millis, String text) {
        assertThat(BsonDates.format(millis)).isEqualTo(text);
    }

    @Test
    void parsesRfc3339WithAnyOffsetAndKeepsSubMillisecondDigits() {
        assertThat(BsonDates.parse("2012-12-24T12:15:30.501Z")).isEqualTo(Instant.ofEpochMilli(1356351330501L));
        assertThat(BsonDates.parse("2012-12-24T13:15:30.501+0100")).isEqualTo(Instant.ofEpochMilli(1356351330501L));
        assertThat(BsonDates.parse("2012-12-24T07:15:30.501-05")).isEqualTo(Instant.ofEpochMilli(1356351330501L));
        assertThat(BsonDates.format(BsonDates.parse("2012-12-24T12:15:30.5012Z")))
                .isEqualTo("2012-12-24T12:15:30.5012Z");
        assertThat(BsonDates.parse("2012-12-24T12:15:30.501")).isNull();
        assertThat(BsonDates.parse("2012-02-30T00:00:00Z")).isNull();
    }

    @Test
    void rewritesLegacyNonFiniteTokensOutsideStringsOnly() {
        LegacyNumbers.Rewrite rewrite = LegacyNumbers.rewrite("{\"a\\\"nan\":nan,\"b\":[-inf,+inf,INF,-nan]}");

        assertThat(rewrite.text()).isEqualTo("{\"a\\\"nan\":NaN,\"b\":[-Infinity,Infinity,Infinity,NaN]}");
        assertThat(rewrite.originalOffset(rewrite.text().length())).isEqualTo(39);
        assertThat(LegacyNumbers.rewrite("{\"a\": null, \"b\": \"inf\"}")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "1.5", "-1.0E+10", "1e5", "123456789012345678901234567890", "0.000001"})
    void recognisesJsonNumbers(String number) {
        assertThat(JsonText.isNumber(number)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "01", "1.", ".5", "+1", "1e", "NaN", "Infinity", "1 ", "0x10"})
    void rejectsWhatJsonDoesNotCallANumber(String text) {
        assertThat(JsonText.isNumber(text)).isFalse();
    }

    @Test
    void widensTypesToTheNarrowestThatHoldsBoth() {
        assertThat(PgType.BIGINT.join(PgType.DOUBLE)).isEqualTo(PgType.DOUBLE);
        assertThat(PgType.DOUBLE.join(PgType.NUMERIC)).isEqualTo(PgType.NUMERIC);
        assertThat(PgType.NUMERIC.join(PgType.BIGINT)).isEqualTo(PgType.NUMERIC);
        assertThat(PgType.NONE.join(PgType.UUID)).isEqualTo(PgType.UUID);
        assertThat(PgType.TIMESTAMPTZ.join(PgType.NONE)).isEqualTo(PgType.TIMESTAMPTZ);
        assertThat(PgType.BOOLEAN.join(PgType.BIGINT)).isEqualTo(PgType.TEXT);
        assertThat(PgType.UUID.join(PgType.BYTEA)).isEqualTo(PgType.TEXT);
        assertThat(PgType.TEXT.join(PgType.JSONB)).isEqualTo(PgType.JSONB);
        assertThat(PgType.JSONB.join(PgType.TIMESTAMPTZ)).isEqualTo(PgType.JSONB);
    }

    @Test
    void cleansKeysPerCodePoint() {
        assertThat(ColumnNames.clean("Ab-ç 🎉\u0000", true)).isEqualTo("ab_ç___");
        assertThat(ColumnNames.clean("Ab", false)).isEqualTo("Ab");
        assertThat(ColumnNames.clean("e\u0301", true)).isEqualTo("e\u0301");
        assertThat(ColumnNames.identifier("")).isEqualTo("_");
        assertThat(ColumnNames.identifier("1a")).isEqualTo("_1a");
        assertThat(ColumnNames.truncate("aé", 2)).isEqualTo("a");
    }
}
