package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.Coverage;
import dev.lakeload.core.pipeline.RetryPolicy;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.postgres.WaitPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lakeload run}: loads every table of a manifest and prints a summary. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Load the new files of every table in the manifest.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    ManifestOption manifestOption;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the run's outcome as JSON to FILE.")
    Path report;

    @Mixin
    TableOption tableOption;

    @Mixin
    RetryOptions retryOptions;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to wait for a table that another run is loading before leaving it to that run "
                    + "(status busy; 0: at once). Default: ${DEFAULT-VALUE}.")
    Duration claimWait;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "1m",
            converter = DurationConverter.class,
            description = "Fail a table whose load waits longer than this for a lock another session holds, naming "
                    + "it (PostgreSQL lock_timeout; 0: no limit). Default: ${DEFAULT-VALUE}.")
    Duration lockTimeout;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", defaultValue = "0",
            converter = DurationConverter.class,
            description = "Fail a table whose single statement (a COPY, a promotion) runs longer than this "
                    + "(PostgreSQL statement_timeout). Default: 0, none.")
    Duration statementTimeout;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RetryPolicy retries = retryOptions.policy();
        Manifest manifest = manifestOption.load();
        List<TableSpec> tables = manifestOption.tables(manifest, tableOption.names);
        Coverage coverage = manifestOption.coverage(manifest);
        PrintWriter out = spec.commandLine().getOut();
        RunReport result;
        Path embeddedData = null;
        WaitPolicy waits = WaitPolicy.of(claimWait, lockTimeout, statementTimeout);
        try (LoadSession session = LoadSession.open(manifest, manifestOption.directory(), waits)) {
            result = session.pipeline().retrying(retries).run(tables, coverage);
            embeddedData = session.database().isEmbedded() ? session.database().dataDirectory() : null;
        } catch (LakeloadException e) {
            // The source or the database could not be opened: still one reported outcome per table.
            result = RunReport.notStarted(tables, e);
        }
        RunSummary.print(result, out);
        if (embeddedData != null) {
            printEmbeddedHint(embeddedData, out);
        }
        if (report != null) {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, RunSummary.json(result));
        }
        out.flush();
        return result.passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void printEmbeddedHint(Path dataDirectory, PrintWriter out) {
        out.println();
        out.println("Loaded into the embedded PostgreSQL in " + dataDirectory + ".");
        out.println("Query it:  bin/lakeload db " + manifestOption.manifest
                + " --execute \"SELECT * FROM lakeload.run_tables\"");
        out.println("Or serve it with  bin/lakeload db " + manifestOption.manifest
                + "  and connect:  psql \"postgresql://" + TargetDatabase.EMBEDDED_USER + "@localhost:"
                + DbCommand.DEFAULT_PORT + "/postgres\"");
    }
}
