package dev.lakeload.postgres;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.row.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.regex.Pattern;

/**
 * The SQL that converts a staged text value into its target column's type, and the SQL that says why a value does
 * not convert. Every statement that writes staged rows into typed tables takes its conversions from here, and the
 * reject finder its reasons, so that the two agree.
 *
 * <p>Conversions follow PostgreSQL's rules for storing a value, as {@code INSERT} and {@code COPY} apply them,
 * never those of an explicit cast: {@code 'abcdefghij'::varchar(5)} is {@code abcde}, and {@code bit(2)} keeps the
 * first bits, where storing either is an error. So a value is cast to the column's type without its modifier (for
 * a domain, to the domain's base type) and the insert applies the modifier and the domain's checks. The finder
 * checks each value with the type's input function and the column's modifier, which is what {@code COPY} does:
 * {@code pg_input_is_valid} from PostgreSQL 16, a session-local function with an exception block before it. The
 * finder's SQL binds its texts (column names, types, reasons) as parameters.
 *
 * <p>Time zones: {@link #prepare} sets the transaction's {@code TimeZone} to the table's zone, so a
 * {@code timestamptz} value without an offset means the same instant wherever lakeload runs (the JDBC driver
 * would otherwise use the zone of the loading machine). PostgreSQL drops an offset given to a {@code timestamp}
 * column ({@code 10:00+02} is stored as {@code 10:00}); a value whose offset is not the table zone's offset at
 * that time would change meaning, so it fails the insert and the finder names it.
 *
 * <p>Not thread-safe; one instance serves one transaction.
 */
final class CastSql {
    private static final String TIMESTAMP = "timestamp without time zone";
    // Values with nothing but digits, spaces, ':', '.' and the date's '-' carry no offset or zone name ('+02',
    // '-05' after the time, 'Z', 'PST', 'Europe/Berlin'); only the others pay for the second parse that checks.
    static final String MAY_HAVE_ZONE = "'[^0-9 :.-]|[ :].*-'";

    // Types whose modifier only rounds a stored value, never refuses it.
    private static final Pattern ROUNDED =
            Pattern.compile("(timestamp|time)\\(\\d+\\) with(out)? time zone|interval.*");

    private final boolean inputCheck;
    private final ZoneId timeZone;

    /**
     * @param inputCheck whether to use {@code pg_input_is_valid} (PostgreSQL 16 and later) rather than the
     *     session-local functions
     * @param timeZone the table's time zone
     */
    CastSql(boolean inputCheck, ZoneId timeZone) {
        this.inputCheck = inputCheck;
        this.timeZone = timeZone;
    }

    /**
     * The cast SQL for the server behind {@code connection}, with the transaction prepared for it (see
     * {@link #prepareTransaction}).
     */
    static CastSql prepare(Connection connection, String table, ZoneId timeZone) throws SQLException {
        CastSql cast = new CastSql(connection.getMetaData().getDatabaseMajorVersion() >= 16, timeZone);
        cast.prepareTransaction(connection, table);
        return cast;
    }

    /**
     * Sets the time zone of the current transaction and creates the session-local functions the SQL calls. Call
     * once per transaction, before running any SQL of this class.
     *
     * @throws ConfigException when the server does not know the table's time zone
     */
    void prepareTransaction(Connection connection, String table) throws SQLException {
        setTimeZone(connection, table, timeZone);
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE OR REPLACE FUNCTION pg_temp.lakeload_offset_error(v text, template anyelement)
                    RETURNS anyelement LANGUAGE plpgsql AS $$
                    BEGIN
                        RAISE EXCEPTION USING ERRCODE = 'invalid_datetime_format', MESSAGE = format(
                            'value %L has a time zone offset that a timestamp column would drop', v);
                    END $$""");
            if (!inputCheck) {
                // What pg_input_is_valid does from PostgreSQL 16: call the type's input function with the
                // column's modifier, as COPY does (array types pass their element type, getTypeIOParam).
                statement.execute("""
                        CREATE OR REPLACE FUNCTION pg_temp.lakeload_input_error(v text, type_oid oid,
                                                                                type_modifier integer)
                        RETURNS text LANGUAGE plpgsql AS $$
                        DECLARE
                            call text;
                            io_param oid;
                        BEGIN
                            SELECT format('SELECT %I.%I(%s)', n.nspname, p.proname,
                                          array_to_string((ARRAY['$1::cstring', '$2', '$3'])[1:p.pronargs], ', ')),
                                   CASE WHEN t.typelem <> 0 THEN t.typelem ELSE t.oid END
                              INTO call, io_param
                              FROM pg_type t
                              JOIN pg_proc p ON p.oid = t.typinput
                              JOIN pg_namespace n ON n.oid = p.pronamespace
                             WHERE t.oid = type_oid;
                            EXECUTE call USING v, io_param, type_modifier;
                            RETURN NULL;
                        EXCEPTION WHEN others THEN
                            RETURN SQLERRM;
                        END $$""");
                statement.execute("""
                        CREATE OR REPLACE FUNCTION pg_temp.lakeload_to_jsonb(v text) RETURNS jsonb
                        LANGUAGE plpgsql IMMUTABLE AS $$
                        BEGIN
                            RETURN v::jsonb;
                        EXCEPTION WHEN others THEN
                            RETURN to_jsonb(v);
                        END $$""");
            }
        }
    }

    /**
     * Sets the current transaction's {@code TimeZone} to {@code timeZone}, the zone of {@code table}'s values
     * without an offset.
     *
     * @throws ConfigException when the server does not know the zone
     */
    static void setTimeZone(Connection connection, String table, ZoneId timeZone) throws SQLException {
        try (PreparedStatement setTimeZone = connection.prepareStatement("SELECT set_config('TimeZone', ?, true)")) {
            setTimeZone.setString(1, timeZone.getId());
            setTimeZone.executeQuery().close();
        } catch (SQLException e) {
            if ("22023".equals(e.getSQLState())) {
                throw new ConfigException("table " + table + ": timeZone '" + timeZone.getId()
                        + "' is not known to this PostgreSQL server (its time zone data may be older); name "
                        + "a zone from SELECT name FROM pg_timezone_names", e);
            }
            throw e;
        }
    }

    /** Whether a column of this cast type checks its values' offsets against the table's zone (see the class). */
    static boolean checksOffsets(TargetColumn column) {
        return column.castType().equals(TIMESTAMP);
    }

    /**
     * Whether {@code value} may carry an offset or zone name: {@link #MAY_HAVE_ZONE} in Java, character for
     * character, for a writer that must leave such values to the SQL that checks them.
     */
    static boolean mayHaveZone(String value) {
        boolean spaceOrColon = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '-' && spaceOrColon) {
                return true;
            }
            if (c == ' ' || c == ':') {
                spaceOrColon = true;
            } else if ((c < '0' || c > '9') && c != '.' && c != '-') {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQL expression that converts {@code value}, the staged text of {@code staged}, for storing into
     * {@code column}. Its type is the column's cast type; storing it applies the column's modifier. A value that
     * cannot be stored makes the statement fail with a data exception (SQLSTATE class 22).
     *
     * @param stagedAsJson whether every value of {@code staged} came with a JSON type hint, so is JSON text
     *     ({@link dev.lakeload.core.staging.StagedRelation#jsonColumns})
     */
    String value(Column staged, TargetColumn column, String value, boolean stagedAsJson) {
        if (column.type().equals("text")) {
            return value;
        }
        if (isLenientJson(staged, column, stagedAsJson)) {
            // A transformer may widen a column to jsonb after it emitted plain scalars for it (for example a key
            // holding a string in one document and an object in the next): those become JSON strings.
            String json = inputCheck
                    ? "CASE WHEN pg_input_is_valid(" + value + ", 'jsonb') THEN " + value + "::jsonb ELSE to_jsonb("
                    + value + ") END"
                    : "pg_temp.lakeload_to_jsonb(" + value + ")";
            return "(" + json + ")::" + column.castType();
        }
        String cast = value + "::" + column.castType();
        if (!column.castType().equals(TIMESTAMP)) {
            return cast;
        }
        return "CASE WHEN " + value + " !~ " + MAY_HAVE_ZONE + " THEN " + cast + " WHEN " + dropsOffset(value)
                + " THEN pg_temp.lakeload_offset_error(" + value + ", NULL::" + TIMESTAMP + ") ELSE " + cast + " END";
    }

    /**
     * The SQL expression, with its bound texts, that gives why {@code value}, the staged text of {@code staged},
     * cannot be stored into {@code column}, or NULL when it can.
     */
    Query problem(Column staged, TargetColumn column, String value, boolean stagedAsJson) {
        Query ifNull = column.notNull() ? new Query().value("NULL in NOT NULL column " + column.name())
                : Query.of("NULL");
        Query problem = Query.of("CASE WHEN " + value + " IS NULL THEN ").add(ifNull);
        if (column.acceptsAnyText() || isLenientJson(staged, column, stagedAsJson)) {
            return problem.sql(" END");
        }
        Query invalid = new Query().value("not a valid " + column.type() + ": ").sql(" || ")
                .add(inputError(column, value));
        if (column.castType().equals(TIMESTAMP)) {
            // coalesce evaluates the offset check only for values that convert.
            invalid = Query.of("coalesce(").add(invalid).sql(", CASE WHEN " + value + " !~ " + MAY_HAVE_ZONE
                    + " THEN NULL WHEN " + dropsOffset(value) + " THEN ").value("has a time zone offset that a "
                    + "timestamp column would drop, and it is not the offset of the table's timeZone ("
                    + timeZone.getId() + ") at that time; declare the column timestamptz to keep the instant")
                    .sql(" END)");
        }
        return problem.sql(" ELSE ").add(invalid).sql(" END");
    }

    /**
     * A cheap SQL condition on {@code value}, the staged text of {@code staged}, that is true or fails with a data
     * exception for every value {@link #problem} names (and may be true for a few others), or null when the column
     * has no such condition (a domain, {@code bit(n)}, an array of a length-limited type): then only
     * {@link #problem} can tell. It converts as {@link #value} does, so a failure costs what the insert's
     * conversion costs, where {@link #problem} before PostgreSQL 16 pays an exception block per value.
     */
    String suspect(Column staged, TargetColumn column, String value, boolean stagedAsJson) {
        String ifNull = column.notNull() ? value + " IS NULL" : "false";
        if (column.acceptsAnyText() || isLenientJson(staged, column, stagedAsJson)) {
            return ifNull;
        }
        String converted = value(staged, column, value, stagedAsJson);
        String type = column.type();
        if (!type.equals(column.castType())) {
            if (type.endsWith("]")) {
                return null; // an array of a length-limited type: its elements' modifier applies
            } else if (type.startsWith("character varying(") || type.startsWith("character(")) {
                // The input function allows only trailing spaces past the length: longer is a superset.
                return ifNull + " OR length(" + value + ") > " + (column.typeModifier() - 4);
            } else if (type.startsWith("numeric(")) {
                converted = "CAST(" + converted + " AS " + type + ")"; // overflows fail as storing does
            } else if (!ROUNDED.matcher(type).matches()) {
                return null;
            }
        }
        // num_nulls evaluates its argument for every row, and it is never negative.
        return ifNull + " OR num_nulls(" + converted + ") < 0";
    }

    /** The input function's error for {@code value} in {@code column}, or NULL. */
    private Query inputError(TargetColumn column, String value) {
        if (!inputCheck) {
            return Query.of("pg_temp.lakeload_input_error(" + value + ", " + column.typeOid() + ", "
                    + column.typeModifier() + ")");
        }
        return Query.of("CASE WHEN NOT pg_input_is_valid(" + value + ", ").value(column.type())
                .sql(") THEN (pg_input_error_info(" + value + ", ").value(column.type()).sql(")).message END");
    }

    /**
     * Whether a value that converts to both timestamp types means another instant as a timestamp read in the
     * table's zone, which is the transaction's (see {@link #prepareTransaction}): it had an offset other than the
     * zone's. Both sides resolve a local time that does not exist or exists twice (daylight saving changes) the
     * same way, so only offsets count.
     */
    private static String dropsOffset(String value) {
        return value + "::timestamptz <> timezone(current_setting('TimeZone'), " + value + "::" + TIMESTAMP + ")";
    }

    /**
     * Whether values of {@code staged} convert leniently into {@code column}: a transformer's value for a json or
     * jsonb column that is not JSON becomes a JSON string. Only a column that held scalars before it widened to
     * jsonb needs it; one staged as JSON throughout (a flattened array or object) converts into jsonb plainly,
     * without the lenient conversion's PL/pgSQL exception block per value (before PostgreSQL 16) or second parse
     * (from 16). A json column keeps the lenient conversion, which stores jsonb's normalised text.
     */
    private static boolean isLenientJson(Column staged, TargetColumn column, boolean stagedAsJson) {
        return staged.sourcePath() != null && (column.type().equals("json")
                || column.type().equals("jsonb") && !stagedAsJson);
    }
}
