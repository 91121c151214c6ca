package dev.lakeload.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL text and the values it binds, built in order. Values go to the server as bind parameters, never into the
 * text, so no quoting rule (quotes, backslashes under {@code standard_conforming_strings = off}) can change what a
 * statement means or a value arrives as. Text appended with {@link #sql} is SQL written by lakeload, with
 * identifiers quoted by {@link Sql#ident}. Not thread-safe.
 */
final class Query {
    private final StringBuilder text = new StringBuilder();
    private final List<String> values = new ArrayList<>();

    /** A query starting with {@code sql}. */
    static Query of(String sql) {
        return new Query().sql(sql);
    }

    /** Appends SQL text, which must hold no value. */
    Query sql(String sql) {
        text.append(sql);
        return this;
    }

    /** Appends a parameter bound to {@code value} (null binds SQL NULL). */
    Query value(String value) {
        text.append('?');
        values.add(value);
        return this;
    }

    /** Appends another query, text and values. */
    Query add(Query other) {
        text.append(other.text);
        values.addAll(other.values);
        return this;
    }

    /** A statement for this query with its values bound; the caller closes it. */
    PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(text.toString());
        try {
            for (int i = 0; i < values.size(); i++) {
                statement.setString(i + 1, values.get(i));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** Runs this query as an update and returns the row count. */
    long update(Connection connection) throws SQLException {
        try (PreparedStatement statement = prepare(connection)) {
            return statement.executeLargeUpdate();
        }
    }

    @Override
    public String toString() {
        return text + " " + values;
    }
}
