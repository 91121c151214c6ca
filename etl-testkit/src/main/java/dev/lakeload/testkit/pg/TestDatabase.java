package dev.lakeload.testkit.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * A fresh database on the test server, with small helpers to look at table content in assertions.
 *
 * @param jdbcUrl its JDBC URL, for manifests and CLI runs
 * @param user the user to connect as
 * @param password the password (may be empty)
 * @param dataSource a data source for it
 */
public record TestDatabase(String jdbcUrl, String user, String password, DataSource dataSource) {

    /** Runs a query and returns every row as text values (SQL NULL as null), in the query's order. */
    public List<List<String>> query(String sql) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The single value a query returns. */
    public String queryValue(String sql) {
        List<List<String>> rows = query(sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException(sql + " returned " + rows + ", not one value");
        }
        return rows.get(0).get(0);
    }

    /** Runs statements that return nothing. */
    public void execute(String sql) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The names of the tables in a schema, sorted. */
    public List<String> tables(String schema) {
        return query("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                + schema.replace("'", "''") + "' ORDER BY table_name").stream().map(r -> r.get(0)).toList();
    }
}
