package dev.lakeload.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.lakeload.core.row.Row;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every BSON type in the three dialects libbson writes (legacy, relaxed v2, canonical v2), with values taken from
 * what the MongoDB specifications' bson-corpus test vectors specify for each type. Written from the spec, not copied.
 */
class ExtendedJsonTypesTest {
    private static final String UUID_BASE64 = "c//SZESzTGmQ6OfR38A11A==";
    private static final String UUID_TEXT = "73ffd264-44b3-4c69-90e8-e7d1dfc035d4";

    static Stream<Arguments> values() {
        return Stream.of(
                // double.json
                arguments("double legacy", "1.0", "double precision", "1.0"),
                arguments("double relaxed", "1.0", "double precision", "1.0"),
                arguments("double canonical", "{\"$numberDouble\": \"1.0\"}", "double precision", "1.0"),
                arguments("double relaxed", "1.0001220703125", "double precision", "1.0001220703125"),
                arguments("double canonical", "{\"$numberDouble\": \"-1.0001220703125\"}", "double precision",
                        "-1.0001220703125"),
                arguments("double relaxed exponent", "1.2345678921232E+18", "double precision",
                        "1.2345678921232E+18"),
                arguments("double canonical exponent", "{\"$numberDouble\": \"-1.2345678921232E+18\"}",
                        "double precision", "-1.2345678921232E+18"),
                arguments("double legacy %.20g", "1234567892123200000.0", "double precision",
                        "1234567892123200000.0"),
                arguments("double legacy -0", "-0.0", "double precision", "-0.0"),
                arguments("double canonical -0", "{\"$numberDouble\": \"-0.0\"}", "double precision", "-0.0"),
                arguments("double canonical NaN", "{\"$numberDouble\": \"NaN\"}", "double precision", "NaN"),
                arguments("double canonical Inf", "{\"$numberDouble\": \"Infinity\"}", "double precision",
                        "Infinity"),
                arguments("double canonical -Inf", "{\"$numberDouble\": \"-Infinity\"}", "double precision",
                        "-Infinity"),
                arguments("double legacy nan", "nan", "double precision", "NaN"),
                arguments("double legacy -nan", "-nan", "double precision", "NaN"),
                arguments("double legacy inf", "inf", "double precision", "Infinity"),
                arguments("double legacy -inf", "-inf", "double precision", "-Infinity"),
                arguments("double Jackson NaN", "NaN", "double precision", "NaN"),
                arguments("double Jackson -Infinity", "-Infinity", "double precision", "-Infinity"),
                // int32.json
                arguments("int32 legacy/relaxed min", "-2147483648", "bigint", "-2147483648"),
                arguments("int32 canonical min", "{\"$numberInt\": \"-2147483648\"}", "bigint", "-2147483648"),
                arguments("int32 canonical max", "{\"$numberInt\": \"2147483647\"}", "bigint", "2147483647"),
                arguments("int32 canonical 0", "{\"$numberInt\": \"0\"}", "bigint", "0"),
                // int64.json
                arguments("int64 legacy/relaxed min", "-9223372036854775808", "bigint", "-9223372036854775808"),
                arguments("int64 relaxed max", "9223372036854775807", "bigint", "9223372036854775807"),
                arguments("int64 canonical min", "{\"$numberLong\": \"-9223372036854775808\"}", "bigint",
                        "-9223372036854775808"),
                arguments("int64 canonical 1", "{\"$numberLong\": \"1\"}", "bigint", "1"),
                arguments("integer beyond int64", "9223372036854775808", "numeric", "9223372036854775808"),
                // decimal128-*.json (same form in all dialects)
                arguments("decimal128", "{\"$numberDecimal\": \"1E+3\"}", "numeric", "1E+3"),
                arguments("decimal128", "{ \"$numberDecimal\" : \"-1.00E-8\" }", "numeric", "-1.00E-8"),
                arguments("decimal128 -0", "{\"$numberDecimal\": \"-0\"}", "numeric", "-0"),
                arguments("decimal128 tiny", "{\"$numberDecimal\": \"0E-6176\"}", "numeric", "0E-6176"),
                arguments("decimal128 huge", "{\"$numberDecimal\": \"9.999999999999999999999999999999999E+6144\"}",
                        "numeric", "9.999999999999999999999999999999999E+6144"),
                arguments("decimal128 NaN", "{\"$numberDecimal\": \"NaN\"}", "numeric", "NaN"),
                arguments("decimal128 -NaN", "{\"$numberDecimal\": \"-NaN\"}", "numeric", "NaN"),
                arguments("decimal128 Inf", "{\"$numberDecimal\": \"Infinity\"}", "numeric", "Infinity"),
                arguments("decimal128 -Inf", "{\"$numberDecimal\": \"-Infinity\"}", "numeric", "-Infinity"),
                // datetime.json
                arguments("date legacy epoch", "{ \"$date\" : 0 }", "timestamptz", "1970-01-01T00:00:00.000Z"),
                arguments("date relaxed epoch", "{\"$date\": \"1970-01-01T00:00:00Z\"}", "timestamptz",
                        "1970-01-01T00:00:00.000Z"),
                arguments("date canonical epoch", "{\"$date\": {\"$numberLong\": \"0\"}}", "timestamptz",
                        "1970-01-01T00:00:00.000Z"),
                arguments("date legacy", "{ \"$date\" : 1356351330501 }", "timestamptz",
                        "2012-12-24T12:15:30.501Z"),
                arguments("date relaxed", "{\"$date\": \"2012-12-24T12:15:30.501Z\"}", "timestamptz",
                        "2012-12-24T12:15:30.501Z"),
                arguments("date canonical", "{\"$date\": {\"$numberLong\": \"1356351330501\"}}", "timestamptz",
                        "2012-12-24T12:15:30.501Z"),
                arguments("date legacy before 1970", "{ \"$date\" : -284643869501 }", "timestamptz",
                        "1960-12-24T12:15:30.499Z"),
                arguments("date canonical before 1970", "{\"$date\": {\"$numberLong\": \"-284643869501\"}}",
                        "timestamptz", "1960-12-24T12:15:30.499Z"),
                arguments("date canonical Y10K", "{\"$date\": {\"$numberLong\": \"253402300800000\"}}",
                        "timestamptz", "10000-01-01T00:00:00.000Z"),
                arguments("date relaxed leading zero ms", "{\"$date\": \"2012-12-24T12:15:30.001Z\"}",
                        "timestamptz", "2012-12-24T12:15:30.001Z"),
                arguments("date relaxed with offset", "{\"$date\": \"2012-12-24T13:15:30.501+01:00\"}",
                        "timestamptz", "2012-12-24T12:15:30.501Z"),
                // PostgreSQL: extract(epoch from '0050-01-01 00:00:00+00 BC'::timestamptz) * 1000
                arguments("date BC", "{\"$date\": {\"$numberLong\": \"-63713520000000\"}}", "timestamptz",
                        "0050-01-01T00:00:00.000Z BC"),
                // binary.json
                arguments("binary v2 empty", "{\"$binary\": {\"base64\": \"\", \"subType\": \"00\"}}", "bytea",
                        "\\x"),
                arguments("binary v2 00", "{\"$binary\": {\"base64\": \"//8=\", \"subType\": \"00\"}}", "bytea",
                        "\\xffff"),
                arguments("binary legacy 00", "{ \"$binary\" : \"//8=\", \"$type\" : \"00\" }", "bytea", "\\xffff"),
                arguments("binary legacy, $type first", "{ \"$type\" : \"0\", \"$binary\" : \"//8=\" }", "bytea",
                        "\\xffff"),
                arguments("binary v2 02 old", "{\"$binary\": {\"base64\": \"//8=\", \"subType\": \"02\"}}", "bytea",
                        "\\xffff"),
                arguments("binary v2 03 legacy uuid", "{\"$binary\": {\"base64\": \"" + UUID_BASE64
                        + "\", \"subType\": \"03\"}}", "bytea", "\\x73ffd26444b34c6990e8e7d1dfc035d4"),
                arguments("binary v2 04 uuid", "{\"$binary\": {\"base64\": \"" + UUID_BASE64
                        + "\", \"subType\": \"04\"}}", "uuid", UUID_TEXT),
                arguments("binary legacy 04 uuid", "{ \"$binary\" : \"" + UUID_BASE64 + "\", \"$type\" : \"04\" }",
                        "uuid", UUID_TEXT),
                arguments("binary $uuid", "{\"$uuid\": \"73FFD264-44B3-4C69-90E8-E7D1DFC035D4\"}", "uuid",
                        UUID_TEXT),
                arguments("binary v2 80 user", "{\"$binary\": {\"base64\": \"//8=\", \"subType\": \"80\"}}", "bytea",
                        "\\xffff"),
                // oid.json
                arguments("oid", "{\"$oid\": \"56e1fc72e0c917e9c4714161\"}", "text", "56e1fc72e0c917e9c4714161"),
                arguments("oid legacy", "{ \"$oid\" : \"ffffffffffffffffffffffff\" }", "text",
                        "ffffffffffffffffffffffff"),
                // regex.json
                arguments("regex v2 empty", "{\"$regularExpression\": {\"pattern\": \"\", \"options\": \"\"}}",
                        "text", "//"),
                arguments("regex v2", "{\"$regularExpression\": {\"pattern\": \"abc\", \"options\": \"im\"}}", "text",
                        "/abc/im"),
                arguments("regex v2 slash",
                        "{\"$regularExpression\": {\"options\": \"ilmsux\", \"pattern\": \"ab/cd\"}}",
                        "text", "/ab/cd/ilmsux"),
                arguments("regex legacy", "{ \"$regex\" : \"abc\", \"$options\" : \"mi\" }", "text", "/abc/im"),
                // timestamp.json
                arguments("timestamp", "{\"$timestamp\": {\"t\": 123456789, \"i\": 42}}", "bigint",
                        "530242871224172586"),
                arguments("timestamp high bits", "{\"$timestamp\": {\"t\": 4294967295, \"i\": 4294967295}}",
                        "numeric", "18446744073709551615"),
                arguments("timestamp high bits", "{ \"$timestamp\" : { \"i\" : 4000000000, \"t\" : 4000000000 } }",
                        "numeric", "17179869188000000000"),
                // minkey.json, maxkey.json, undefined.json, symbol.json, code*.json, dbpointer.json, dbref.json
                arguments("minKey", "{\"$minKey\": 1}", "jsonb", "{\"$minKey\":1}"),
                arguments("maxKey", "{ \"$maxKey\" : 1 }", "jsonb", "{\"$maxKey\":1}"),
                arguments("undefined", "{\"$undefined\": true}", null, null),
                arguments("symbol", "{\"$symbol\": \"b\"}", "text", "b"),
                arguments("code", "{\"$code\": \"abab\"}", "text", "abab"),
                arguments("code with scope", "{\"$code\": \"abcd\", \"$scope\": {\"x\": {\"$numberInt\": \"1\"}}}",
                        "jsonb", "{\"$code\":\"abcd\",\"$scope\":{\"x\":1}}"),
                arguments("dbPointer v2", "{\"$dbPointer\": {\"$ref\": \"b\", \"$id\": {\"$oid\": "
                        + "\"56e1fc72e0c917e9c4714161\"}}}", "jsonb",
                        "{\"$ref\":\"b\",\"$id\":\"56e1fc72e0c917e9c4714161\"}"),
                arguments("dbPointer legacy", "{ \"$ref\" : \"b\", \"$id\" : \"56e1fc72e0c917e9c4714161\" }", "jsonb",
                        "{\"$ref\":\"b\",\"$id\":\"56e1fc72e0c917e9c4714161\"}"),
                arguments("dbRef with $db and extra field", "{\"$ref\": \"collection\", \"$id\": {\"$oid\": "
                        + "\"58921b3e6e32ab156a22b59e\"}, \"$db\": \"db\", \"foo\": \"bar\"}", "jsonb",
                        "{\"$ref\":\"collection\",\"$id\":\"58921b3e6e32ab156a22b59e\",\"$db\":\"db\","
                                + "\"foo\":\"bar\"}"),
                arguments("dbRef, $id first", "{\"$id\": 5, \"$ref\": \"c\"}", "jsonb", "{\"$id\":5,\"$ref\":\"c\"}"),
                // plain JSON
                arguments("boolean", "true", "boolean", "true"),
                arguments("string", "\"b\"", "text", "b"),
                arguments("null", "null", null, null));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("values")
    void decodesEachTypeToItsPostgresTypeAndText(String dialect, String value, String type, String text) {
        Row row = new Flatten().docs("{\"x\": " + value + "}").sink.single();

        assertThat(Flatten.type(row, "x")).isEqualTo(type);
        assertThat(row.get("x")).isEqualTo(text);
        assertThat(Flatten.column(row, "x").sourcePath()).isEqualTo("x");
    }

    static Stream<Arguments> malformedWrappers() {
        return Stream.of(
                arguments("{\"$date\": \"soon\"}", "timestamptz"),
                arguments("{\"$date\": {\"$numberLong\": \"12x\"}}", "timestamptz"),
                arguments("{\"$date\": 1.5}", "timestamptz"),
                arguments("{\"$numberLong\": true}", "bigint"),
                arguments("{\"$binary\": \"not base64!\", \"$type\": \"00\"}", "bytea"),
                arguments("{\"$binary\": {\"base64\": \"//8=\", \"subType\": \"zz\"}}", "bytea"),
                arguments("{\"$uuid\": \"not-a-uuid\"}", "uuid"),
                arguments("{\"$timestamp\": {\"t\": -1, \"i\": 0}}", "bigint"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedWrappers")
    void passesAnUnreadableWrapperOnAsItsJsonUnderItsTypeForThePromoterToReject(String value, String type) {
        Row row = new Flatten().docs("{\"x\": " + value + "}").sink.single();

        assertThat(Flatten.type(row, "x")).isEqualTo(type);
        // As bytea the JSON goes behind a hex prefix it can never satisfy, so that the cast fails.
        assertThat(row.get("x")).isEqualToIgnoringWhitespace(type.equals("bytea") ? "\\x" + value : value);
    }

    @Test
    void keepsAnObjectWithDollarKeysThatIsNoWrapperAsJsonb() {
        Row row = new Flatten().docs("{\"q\": {\"$type\": \"string\"}, \"r\": {\"$foo\": 1, \"b\": 2}}").sink.single();

        assertThat(Flatten.values(row)).containsExactly(
                entry("q", "{\"$type\":\"string\"}"),
                entry("r__foo", "1"),
                entry("r_b", "2"));
        assertThat(Flatten.type(row, "q")).isEqualTo("jsonb");
    }

    @Test
    void writesWrappersInsideJsonbInTheirNaturalJsonForm() {
        Row row = new Flatten().docs("{\"a\": [{\"$date\": {\"$numberLong\": \"1356351330501\"}}, "
                + "{\"$oid\": \"56e1fc72e0c917e9c4714161\"}, {\"$numberLong\": \"7\"}, {\"$numberInt\": \"8\"}, "
                + "{\"$numberDouble\": \"NaN\"}, {\"$numberDouble\": \"-0.0\"}, {\"$numberDecimal\": \"1E+3\"}, "
                + "{\"$numberDecimal\": \"-Infinity\"}, {\"$uuid\": \"" + UUID_TEXT + "\"}, "
                + "{\"$binary\": {\"base64\": \"//8=\", \"subType\": \"0\"}}, "
                + "{\"$regex\": \"a\\\"b\", \"$options\": \"xi\"}, {\"$timestamp\": {\"t\": 1, \"i\": 2}}, "
                + "{\"$minKey\": 1}, {\"$undefined\": true}, {\"$symbol\": \"s\"}, {\"$code\": \"c\"}, "
                + "nan, -inf, {\"$date\": \"soon\"}]}").sink.single();

        assertThat(row.get("a")).isEqualTo("[\"2012-12-24T12:15:30.501Z\",\"56e1fc72e0c917e9c4714161\",7,8,"
                + "\"NaN\",-0.0,1E+3,\"-Infinity\",\"" + UUID_TEXT + "\","
                + "{\"$binary\":{\"base64\":\"//8=\",\"subType\":\"00\"}},"
                + "{\"$regularExpression\":{\"pattern\":\"a\\\"b\",\"options\":\"ix\"}},"
                + "{\"$timestamp\":{\"t\":1,\"i\":2}},{\"$minKey\":1},null,\"s\",{\"$code\":\"c\"},"
                + "\"NaN\",\"-Infinity\",{\"$date\":\"soon\"}]");
    }

    @Test
    void givesTheSameValueWhicheverDialectWroteIt() {
        Flatten flatten = new Flatten().docs(
                "{ \"d\" : { \"$date\" : 1356351330501 }, \"n\" : 1, "
                        + "\"b\" : { \"$binary\" : \"//8=\", \"$type\" : \"00\" } }",
                "{\"d\": {\"$date\": \"2012-12-24T12:15:30.501Z\"}, \"n\": 1, \"b\": {\"$binary\": {\"base64\": "
                        + "\"//8=\", \"subType\": \"00\"}}}",
                "{\"d\": {\"$date\": {\"$numberLong\": \"1356351330501\"}}, \"n\": {\"$numberInt\": \"1\"}, "
                        + "\"b\": {\"$binary\": {\"base64\": \"//8=\", \"subType\": \"00\"}}}");

        assertThat(flatten.sink.main()).extracting(Flatten::values).containsOnly(Map.of(
                "d", "2012-12-24T12:15:30.501Z", "n", "1", "b", "\\xffff"));
        assertThat(flatten.sink.main()).extracting(Row::schema).containsOnly(flatten.sink.main().get(0).schema());
    }
}
