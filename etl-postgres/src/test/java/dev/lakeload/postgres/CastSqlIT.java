package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.row.Column;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reject finder and the insert agree, on both finder paths: a value has a reason exactly when storing it
 * fails, and {@code pg_input_is_valid} (PostgreSQL 16+) and the session-local function used before 16 give the
 * same reason. Both paths run here on the test server, whatever its version. The cheap condition that narrows the
 * finder's search ({@link CastSql#suspect}) holds for every value with a reason.
 */
class CastSqlIT {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Map<String, List<String>> VALUES = Map.ofEntries(
            Map.entry("vc", List.of("abcde", "abcdefghij", "abc  ", "abcde ")),
            Map.entry("cur", List.of("EUR", "EURO", "E", "EUR ")),
            Map.entry("bits", List.of("10", "101", "1", "12")),
            Map.entry("vb", List.of("101", "1011", "")),
            Map.entry("amount", List.of("12.34", "-1.5E-3", "1.005", "123.456", "99.999", "x")),
            Map.entry("codes", List.of("{abcde,ab}", "{abcdefghij}", "{", "{NULL}")),
            Map.entry("code", List.of("abcde", "abcdefghij")),
            Map.entry("checked", List.of("abcde", "x", "abcdefghij")),
            Map.entry("at", List.of("2026-01-01 10:00:00", "2026-01-01 10:00:00+01", "2026-07-01 10:00:00+02",
                    "2026-07-01 10:00:00+01", "2026-01-01T09:00:00Z", "2026-03-29 02:30:00", "2026-01-01",
                    "infinity", "2026-13-01 10:00", "10:00 tomorrow")),
            Map.entry("at3", List.of("2026-01-01 10:00:00.12345", "2026-01-01 10:00:00-05")),
            Map.entry("atz", List.of("2026-01-01 10:00:00", "2026-01-01 10:00:00+02", "nope")),
            Map.entry("n", List.of("12", " 12 ", "1.5", "99999999999")),
            Map.entry("doc", List.of("{\"a\": 1}", "{", "[1,2]")),
            Map.entry("note", List.of("anything", "")));

    private static TestDatabase db;

    @BeforeAll
    static void createTable() {
        db = PostgresServer.shared().newDatabase("castsql");
        db.execute("""
                CREATE DOMAIN short_code AS varchar(5);
                CREATE DOMAIN checked_code AS short_code CHECK (VALUE <> 'x');
                CREATE TABLE target (vc varchar(5), cur char(3), bits bit(2), vb varbit(3), amount numeric(4,2),
                                     codes varchar(5)[], code short_code, checked checked_code, at timestamp,
                                     at3 timestamp(3), atz timestamptz, n integer NOT NULL DEFAULT 0, doc jsonb,
                                     note text)""");
    }

    @Test
    void bothFinderPathsGiveAReasonExactlyForTheValuesThatCannotBeStored() throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            Map<String, TargetColumn> columns = TargetCatalog.columns(connection, "public", "target").get("target");
            CastSql withInputCheck = new CastSql(true, BERLIN);
            CastSql withFunctions = new CastSql(false, BERLIN);
            withInputCheck.prepareTransaction(connection, "target");
            withFunctions.prepareTransaction(connection, "target");
            boolean inputCheck = connection.getMetaData().getDatabaseMajorVersion() >= 16;
            List<String> outcomes = new ArrayList<>();
            Set<String> covered = new HashSet<>();
            for (Map.Entry<String, List<String>> entry : VALUES.entrySet()) {
                TargetColumn column = columns.get(entry.getKey());
                Column staged = Column.named(column.name());
                for (String value : entry.getValue()) {
                    String viaFunctions = reason(connection, withFunctions.problem(staged, column, "v", false), value);
                    if (inputCheck) {
                        assertThat(reason(connection, withInputCheck.problem(staged, column, "v", false), value))
                                .as("%s %s", column.name(), value).isEqualTo(viaFunctions);
                    }
                    String stored = store(connection, withFunctions.value(staged, column, "v", false), column.name(),
                            value);
                    assertThat(stored == null).as("%s '%s' stored: %s, reason: %s", column.name(), value, stored,
                            viaFunctions).isEqualTo(viaFunctions != null);
                    outcomes.add(column.name() + " '" + value + "': " + (stored != null ? stored : viaFunctions));
                    String suspect = withFunctions.suspect(staged, column, "v", false);
                    if (suspect != null) {
                        covered.add(column.name());
                        assertThat(suspect(connection, suspect, value) || viaFunctions == null)
                                .as("%s '%s' is suspect, as its reason is %s", column.name(), value, viaFunctions)
                                .isTrue();
                    }
                }
            }
            // The reject finder narrows the staging table with these; the others make it ask every row.
            assertThat(covered).containsExactlyInAnyOrder("vc", "cur", "amount", "at", "at3", "atz", "n", "doc",
                    "note");
            assertThat(outcomes).contains(
                    "vc 'abcdefghij': not a valid character varying(5): value too long for type character "
                            + "varying(5)",
                    "vc 'abcde ': abcde",
                    "cur 'EUR ': EUR",
                    "bits '101': not a valid bit(2): bit string length 3 does not match type bit(2)",
                    "amount '-1.5E-3': 0.00",
                    "amount '1.005': 1.01",
                    "amount '99.999': not a valid numeric(4,2): numeric field overflow",
                    "code 'abcdefghij': not a valid short_code: value too long for type character varying(5)",
                    "at '2026-01-01 10:00:00+01': 2026-01-01 10:00:00",
                    "at '2026-07-01 10:00:00+01': has a time zone offset that a timestamp column would drop, and "
                            + "it is not the offset of the table's timeZone (Europe/Berlin) at that time; declare "
                            + "the column timestamptz to keep the instant",
                    "at '2026-01-01T09:00:00Z': has a time zone offset that a timestamp column would drop, and "
                            + "it is not the offset of the table's timeZone (Europe/Berlin) at that time; declare "
                            + "the column timestamptz to keep the instant",
                    "at '2026-03-29 02:30:00': 2026-03-29 02:30:00",
                    "at '2026-01-01': 2026-01-01 00:00:00",
                    "at3 '2026-01-01 10:00:00.12345': 2026-01-01 10:00:00.123",
                    "at3 '2026-01-01 10:00:00-05': has a time zone offset that a timestamp column would drop, and "
                            + "it is not the offset of the table's timeZone (Europe/Berlin) at that time; declare "
                            + "the column timestamptz to keep the instant",
                    "atz '2026-01-01 10:00:00': 2026-01-01 09:00:00+00",
                    "n ' 12 ': 12");
        }
    }

    /** The finder's reason for one value, or null. */
    private static String reason(Connection connection, Query problem, String value) throws SQLException {
        try (PreparedStatement query = Query.of("SELECT ").add(problem).sql(" FROM (SELECT ").value(value)
                .sql("::text) s(v)").prepare(connection);
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Whether the finder's cheap condition is true for one value, or fails as a conversion does. */
    private static boolean suspect(Connection connection, String suspect, String value) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement query = connection.prepareStatement("SELECT " + suspect
                + " FROM (SELECT ?::text) s(v)")) {
            query.setString(1, value);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            connection.rollback(savepoint);
            if (!RejectingApply.isValueError(e)) {
                throw e;
            }
            return true;
        }
    }

    /** The stored value as UTC text, or null when storing it fails with a per-value error. */
    private static String store(Connection connection, String expression, String column, String value)
            throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO target (" + Sql.ident(column)
                + ") SELECT " + expression + " FROM (SELECT ?::text) s(v) RETURNING " + Sql.ident(column)
                + "::text");
             Statement utc = connection.createStatement()) {
            insert.setString(1, value);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                String stored = rs.getString(1);
                connection.rollback(savepoint);
                if (column.equals("atz")) {
                    try (ResultSet instant = utc.executeQuery("SELECT ('" + stored + "'::timestamptz AT TIME ZONE "
                            + "'UTC')::text || '+00'")) {
                        instant.next();
                        return instant.getString(1);
                    }
                }
                return stored;
            }
        } catch (SQLException e) {
            connection.rollback(savepoint);
            if (!Arrays.asList("22", "23").contains(e.getSQLState().substring(0, 2))) {
                throw e;
            }
            return null;
        }
    }
}
