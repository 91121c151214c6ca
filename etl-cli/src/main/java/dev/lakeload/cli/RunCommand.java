package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.RunIds;
import dev.lakeload.core.pipeline.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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

    @Option(names = "--table", paramLabel = "NAME",
            description = "Load only this table (repeatable). By default every table loads.")
    List<String> only;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Manifest manifest = manifestOption.load();
        List<TableSpec> tables = manifestOption.tables(manifest, only);
        PrintWriter out = spec.commandLine().getOut();
        RunReport result;
        try (LoadSession session = LoadSession.open(manifest, manifestOption.directory())) {
            result = session.pipeline().run(tables);
            RunSummary.print(result, out);
            printEmbeddedHint(session.database(), out);
        } catch (LakeloadException e) {
            // The source or the database could not be opened: still one reported outcome per table.
            result = RunReport.notStarted(RunIds.next(), Instant.now(),
                    tables.stream().map(TableSpec::name).toList(), e.getMessage());
            RunSummary.print(result, out);
        }
        if (report != null) {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(report, RunSummary.json(result));
        }
        out.flush();
        return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void printEmbeddedHint(TargetDatabase database, PrintWriter out) {
        if (database.isEmbedded()) {
            out.println();
            out.println("Loaded into the embedded PostgreSQL in " + database.dataDirectory() + ".");
            out.println("Query it:  bin/lakeload db " + manifestOption.manifest
                    + " --execute \"SELECT * FROM lakeload.run_tables\"");
            out.println("Or serve it with  bin/lakeload db " + manifestOption.manifest
                    + "  and connect:  psql \"postgresql://" + TargetDatabase.EMBEDDED_USER + "@localhost:"
                    + DbCommand.DEFAULT_PORT + "/postgres\"");
        }
    }
}
