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
 * {@code lakeload db}: opens the embedded PostgreSQL of a manifest, to run one query or to serve it to psql until
 * interrupted.
 */
@Command(name = "db", mixinStandardHelpOptions = true, description = {
    "Open the embedded PostgreSQL that 'run' loads into (manifests without target.postgres.url).",
    "With --execute, run one SQL statement and print its rows; otherwise serve the database on --port for psql "
        + "until Ctrl-C.",
    "Values are shown as stored, as psql shows them: a line break continues a value on the next line of its cell,"
        + " the line before marked + after the column."})
final class DbCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 54329;

    @Mixin
    ManifestOption manifestOption;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Run this statement and print its rows.")
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
                printQuery(database, out);
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

    private void printQuery(TargetDatabase database, PrintWriter out) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                out.println(statement.getUpdateCount() + " row(s) affected");
                return;
            }
            try (ResultSet rs = statement.getResultSet()) {
                int columns = rs.getMetaData().getColumnCount();
                String[] header = new String[columns];
                for (int i = 0; i < columns; i++) {
                    header[i] = rs.getMetaData().getColumnLabel(i + 1);
                }
                TerminalTable rows = new TerminalTable(header);
                int count = 0;
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getString(i + 1);
                    }
                    rows.add(row);
                    count++;
                }
                rows.print(out);
                out.println("(" + count + " row" + (count == 1 ? "" : "s") + ")");
            }
        } catch (SQLException e) {
            throw new ConfigException("query failed: " + e.getMessage(), e);
        }
        out.flush();
    }
}
