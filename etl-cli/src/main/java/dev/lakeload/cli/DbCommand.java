package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.core.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lakeload db}: opens the embedded PostgreSQL of a manifest, to run the SQL of {@code --execute} or to serve
 * it to psql until interrupted.
 */
@Command(name = "db", mixinStandardHelpOptions = true, description = {
    "Open the embedded PostgreSQL that 'run' loads into (manifests without target.postgres.url).",
    "With --execute, run SQL and print each statement's rows or rows affected, in order, as psql -c does; otherwise "
        + "serve the database on --port for psql until Ctrl-C.",
    "Values are shown as stored, as psql shows them: a line break continues a value on the next line of its cell,"
        + " the line before marked + after the column.",
    "The statements run in one transaction unless the SQL commits itself: when one fails, none took effect, "
        + "PostgreSQL's error is printed and db exits 2; it exits 4 when the database cannot start or is in use."})
final class DbCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 54329;

    @Mixin
    ManifestOption manifestOption;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL",
            description = "Run these statements (separated by ;) and print the result of each.")
    String sql;

    @Option(names = "--port", defaultValue = "" + DEFAULT_PORT,
            description = "Port to serve on (default: ${DEFAULT-VALUE}).")
    int port;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Manifest manifest = manifestOption.load();
        if (!manifest.target().postgres().embedded()) {
            throw new ConfigException("this manifest targets " + manifest.target().postgres().url()
                    + "; connect to that server with psql");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (TargetDatabase database = TargetDatabase.open(manifest.target().postgres(), manifestOption.directory(),
                sql == null ? port : 0)) {
            if (sql != null) {
                printResults(database, out);
                return ExitCodes.OK;
            }
            out.println("Serving " + database.dataDirectory() + " until Ctrl-C. Connect with:");
            out.println("  " + database.psql(database.port()));
            out.flush();
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown));
            forever.await();
            return ExitCodes.OK;
        }
    }

    /**
     * Runs {@link #sql} and prints the result of each of its statements in order, as {@code psql -c} does: rows as
     * a table with their count, or how many rows a command affected. The driver reads every result before
     * {@code execute} returns, so a failing statement prints nothing.
     */
    private void printResults(TargetDatabase database, PrintWriter out) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            String separator = "";
            for (boolean rows = statement.execute(sql); rows || statement.getUpdateCount() >= 0;
                    rows = statement.getMoreResults()) {
                out.print(separator);
                separator = System.lineSeparator();
                if (rows) {
                    try (ResultSet resultSet = statement.getResultSet()) {
                        printRows(resultSet, out);
                    }
                } else {
                    out.println(statement.getUpdateCount() + " row(s) affected");
                }
            }
        } catch (SQLException e) {
            throw new ConfigException("query failed: " + e.getMessage(), e);
        }
        out.flush();
    }

    private static void printRows(ResultSet resultSet, PrintWriter out) throws SQLException {
        int columns = resultSet.getMetaData().getColumnCount();
        String[] header = new String[columns];
        for (int i = 0; i < columns; i++) {
            header[i] = resultSet.getMetaData().getColumnLabel(i + 1);
        }
        TerminalTable table = new TerminalTable(header);
        int count = 0;
        while (resultSet.next()) {
            Object[] row = new Object[columns];
            for (int i = 0; i < columns; i++) {
                row[i] = resultSet.getString(i + 1);
            }
            table.add(row);
            count++;
        }
        table.print(out);
        out.println("(" + count + " row" + (count == 1 ? "" : "s") + ")");
    }
}
