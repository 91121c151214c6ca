package dev.lakeload.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.row.Row;
import dev.lakeload.json.BsonCorpus.Case;
import dev.lakeload.json.BsonCorpus.Expected;
import dev.lakeload.json.BsonCorpus.Form;
import dev.lakeload.json.BsonCorpus.Input;
import dev.lakeload.json.BsonCorpus.Outcome;
import dev.lakeload.json.BsonCorpus.ParseError;
import dev.lakeload.testkit.pg.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every value the flattener makes of the BSON corpus ({@link BsonCorpus}), cast by a real PostgreSQL to its type
 * hint as the promoter does ({@code pg_input_is_valid}); where the corpus pins the value down (milliseconds of a
 * date, base64 of a binary, decimal string, timestamp fields), the stored value is checked against it.
 *
 * <p>What PostgreSQL cannot store fails the cast, which sends the row to {@code lakeload.rejects}: dates outside
 * timestamptz's range ({@link #OUT_OF_RANGE}). Values holding NUL never reach the cast: PostgreSQL text and jsonb
 * cannot hold NUL, and the staging loader applies the table's {@code nulBytes} policy (reject, strip or replace).
 * Decimal128 -0 loads as 0: numeric has no negative zero (float8 keeps -0).
 */
class BsonCorpusCastIT {
    /** Cases whose value PostgreSQL cannot store, with why. */
    private static final Map<String, String> OUT_OF_RANGE = Map.of(
            "extra date before timestamptz", "timestamptz starts at 4714-11-24 BC",
            "extra date after timestamptz", "timestamptz ends with 294276 AD",
            "extra date max", "BSON's last date is in 292278994 AD",
            "extra date min", "BSON's first date is in 292275056 BC");

    private static final Pattern MILLIS =
            Pattern.compile("\"\\$date\"\\s*:\\s*\\{\\s*\"\\$numberLong\"\\s*:\\s*\"(-?\\d+)\"\\s*}");
    private static final Pattern BASE64 = Pattern.compile("\"base64\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern TIMESTAMP =
            Pattern.compile("\\{\\s*\"t\"\\s*:\\s*(\\d+)\\s*,\\s*\"i\"\\s*:\\s*(\\d+)\\s*}");

    private static Connection connection;

    @BeforeAll
    static void connect() throws SQLException {
        connection = PostgresServer.shared().newDatabase("corpus").dataSource().getConnection();
        // pg_input_is_valid came with PostgreSQL 16; against an older LAKELOAD_TEST_JDBC_URL server, skip.
        Assumptions.assumeTrue(connection.getMetaData().getDatabaseMajorVersion() >= 16,
                "needs PostgreSQL 16 or later for pg_input_is_valid");
    }

    @AfterAll
    static void disconnect() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lakeload.json.BsonCorpus#valid")
    void everyValueOfAValidCaseCastsToItsTypeAndIsTheSpecsValue(Case c) throws SQLException {
        String outOfRange = OUT_OF_RANGE.get(c.toString());
        for (Input input : c.inputs()) {
            Row row = new Flatten().docs(input.document()).sink.single();
            for (Expected expected : c.columns()) {
                String type = Flatten.type(row, expected.column());
                String text = row.get(expected.column());
                String what = c + " [" + input.form() + "] " + expected.column() + " " + text;
                if (text == null) {
                    continue;
                }
                if (text.indexOf('\0') >= 0) {
                    assertNulNeedsThePolicy(type, text, what);
                } else if (outOfRange != null) {
                    assertThat(castError(text, type)).as(what + ": " + outOfRange).contains("out of range");
                } else {
                    assertThat(castError(text, type)).as(what).isNull();
                    assertStoredValue(c, type, text, expected.text(), what);
                }
            }
        }
    }

    /** PostgreSQL refuses NUL in any text it is sent; without NUL (nulBytes: strip) the value casts. */
    private static void assertNulNeedsThePolicy(String type, String text, String what) {
        assertThatThrownBy(() -> castError(text, type)).as(what).isInstanceOf(SQLException.class)
                .hasMessageContaining("0x00");
        assertThat(uncheckedCastError(text.replace("\0", ""), type)).as(what).isNull();
    }

    /**
     * Checks the stored value against the spec's: against the corpus's own figures in a case of one value, else
     * against the expected text.
     */
    private static void assertStoredValue(Case c, String type, String text, String spec, String what)
            throws SQLException {
        String canonical = c.columns().size() == 1 ? c.document(Form.CANONICAL) : "";
        switch (type) {
            case BsonCorpus.TIMESTAMPTZ -> {
                String millis = single(MILLIS, canonical);
                if (millis != null) {
                    assertThat(query("SELECT extract(epoch from ?::timestamptz) * 1000 = ?::numeric", text, millis))
                            .as(what).isEqualTo("t");
                }
            }
            case BsonCorpus.BYTEA -> {
                String base64 = single(BASE64, canonical);
                if (base64 != null) {
                    assertThat(query("SELECT ?::bytea = decode(?, 'base64')", text, base64)).as(what).isEqualTo("t");
                }
            }
            case BsonCorpus.UUID -> assertThat(query("SELECT ?::uuid = encode(decode(?, 'base64'), 'hex')::uuid", text,
                    single(BASE64, canonical))).as(what).isEqualTo("t");
            case BsonCorpus.NUMERIC, BsonCorpus.BIGINT -> {
                String[] timestamp = fields(TIMESTAMP, canonical);
                if (timestamp != null) {
                    assertThat(query("SELECT ?::numeric = ?::numeric * 4294967296 + ?::numeric", text, timestamp[0],
                            timestamp[1])).as(what).isEqualTo("t");
                }
                // The corpus's canonical string is the decimal128's value; NaN equals NaN in numeric.
                assertThat(query("SELECT ?::numeric = ?::numeric", text, spec)).as(what).isEqualTo("t");
                if (spec.startsWith("-0") && spec.matches("-[0.]+(E.*)?")) {
                    assertThat(query("SELECT ?::numeric::text", text)).as(what + ": numeric has no -0")
                            .doesNotStartWith("-");
                }
            }
            case BsonCorpus.DOUBLE -> {
                assertThat(query("SELECT ?::float8 = ?::float8", text, spec)).as(what).isEqualTo("t");
                assertThat(query("SELECT ?::float8::text LIKE '-%'", text)).as(what + ": sign")
                        .isEqualTo(spec.startsWith("-") ? "t" : "f");
            }
            case BsonCorpus.JSONB -> assertThat(query("SELECT ?::jsonb = ?::jsonb", text, spec)).as(what)
                    .isEqualTo("t");
            default -> assertThat(text).as(what).isEqualTo(spec);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.lakeload.json.BsonCorpus#parseErrors")
    void aParseErrorIsRejectedByTheCastOrLoadsAsItsDocumentedOutcomeSays(ParseError error) throws SQLException {
        Row row = new Flatten().docs(error.document()).sink.single();
        String column = error.column().column();
        String type = Flatten.type(row, column);
        String text = row.get(column);

        switch (error.outcome()) {
            case CAST_REJECTS -> assertThat(castError(text, type)).isNotNull();
            case NUL -> assertNulNeedsThePolicy(type, text, error.toString());
            case JSONB_OBJECT, LENIENT, TEXT_KEPT -> assertThat(castError(text, type)).isNull();
        }
    }

    /** What PostgreSQL says when {@code text} does not cast to {@code type}, as the promoter asks it; else null. */
    private static String castError(String text, String type) throws SQLException {
        return query("SELECT CASE WHEN NOT pg_input_is_valid(?, ?) THEN (pg_input_error_info(?, ?)).message END",
                text, type, text, type);
    }

    private static String uncheckedCastError(String text, String type) {
        try {
            return castError(text, type);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** The one value of a query with text parameters. */
    private static String query(String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    /** The first group of the only match of {@code pattern} in {@code text}, or null when there are none or more. */
    private static String single(Pattern pattern, String text) {
        String[] groups = fields(pattern, text);
        return groups == null ? null : groups[0];
    }

    private static String[] fields(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        List<String[]> found = new ArrayList<>();
        while (m.find()) {
            String[] groups = new String[m.groupCount()];
            for (int g = 0; g < groups.length; g++) {
                groups[g] = m.group(g + 1);
            }
            found.add(groups);
        }
        return found.size() == 1 ? found.get(0) : null;
    }
}
