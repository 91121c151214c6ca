package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.UnreachableException;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.Coverage;
import dev.lakeload.core.pipeline.FreshnessVerdict;
import dev.lakeload.core.pipeline.LoadPipeline;
import dev.lakeload.core.pipeline.RetryPolicy;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.Sharing;
import dev.lakeload.postgres.WaitPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    // From the environment too: a URL on the command line is visible to every local user (ps), and it is a secret.
    @Option(names = "--notify", paramLabel = "URL", defaultValue = "${env:LAKELOAD_NOTIFY_URL}",
            description = "POST the JSON report, with a Slack-compatible 'text', to this webhook when a table "
                    + "failed (default: $LAKELOAD_NOTIFY_URL). A failed notification exits 1.")
    String notifyUrl;

    @Option(names = "--notify-always", description = "With --notify: notify after every run, also when all is well.")
    boolean notifyAlways;

    @Option(names = "--notify-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "With --notify: the longest wait to connect, and again for an answer (default: "
                    + "${DEFAULT-VALUE}).")
    int notifyTimeoutSeconds;

    @Option(names = "--dry-run", description = "List, read, stage and check every table as a run would, promote "
            + "in a transaction that is rolled back, and report what would load and be rejected. Loads and records "
            + "nothing; exits as the real run would.")
    boolean dryRun;

    @Mixin
    TableOption tableOption;

    @Mixin
    OutputOption output;

    @Mixin
    RetryOptions retryOptions;

    @Mixin
    ProgressOptions progressOptions;

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

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "1",
            description = "Load up to N tables at once, each with its own database connections (a run then holds up "
                    + "to 1 + 3 x N). The summary stays in manifest order. Default: ${DEFAULT-VALUE}.")
    int parallel;

    @Option(names = "--split-files", paramLabel = "N", defaultValue = "0",
            description = "Split append tables, and the full-load files of cdc tables, by file with the other runs "
                    + "on the same manifest and database: each run claims, stages and promotes N files at a time "
                    + "that no other run holds; a cdc table's change files then apply in order, in one promotion, "
                    + "once its full load is all in. upsert and replace tables are loaded whole. Give every worker "
                    + "the same N. Default: ${DEFAULT-VALUE} (each table is loaded whole by one run).")
    int splitFiles;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RetryPolicy retries = retryOptions.policy();
        Sharing sharing = sharing();
        Manifest manifest = manifestOption.load();
        List<TableSpec> tables = manifestOption.tables(manifest, tableOption.names);
        Coverage coverage = manifestOption.coverage(manifest);
        WebhookNotifier notifier = notifier();
        if (dryRun && notifier != null) {
            throw new ConfigException("--dry-run with --notify: a dry run notifies nobody; leave one of them out");
        }
        if (report != null) {
            checkWritable(report);
        }
        PrintWriter out = spec.commandLine().getOut();
        RunReport result;
        Path embeddedData = null;
        String psql = null;
        WaitPolicy waits = WaitPolicy.of(claimWait, lockTimeout, statementTimeout);
        boolean quiet = manifestOption.quiet;
        try (ProgressDisplay shown = progressOptions.open(spec.commandLine().getErr(), quiet);
             LoadSession session = LoadSession.open(manifest, manifestOption.directory(), waits)) {
            LoadPipeline pipeline = (dryRun ? session.dryRunPipeline() : session.pipeline()).retrying(retries).sharing(sharing);
            result = (shown == null ? pipeline : pipeline.listening(shown)).run(tables, coverage);
            if (session.database().isEmbedded() && !dryRun) {
                embeddedData = session.database().dataDirectory();
                psql = session.database().psql(DbCommand.DEFAULT_PORT);
            }
        } catch (LakeloadException e) {
            // The source or the database could not be opened: still one reported outcome per table.
            result = RunReport.notStarted(tables, e);
        }
        if (output.json()) {
            out.print(RunSummary.json(result, dryRun));
        } else if (quiet) {
            RunSummary.printFailures(result, out);
        } else {
            RunSummary.print(result, out);
        }
        if (dryRun && !output.json()) {
            int wouldExit = ExitCodes.of(result);
            out.println("dry run: nothing was promoted or recorded; a real run now would " + (result.passed()
                    ? "pass" : "fail") + " (exit " + wouldExit + ")");
        }
        boolean delivered = true;
        if (notifier != null && (notifyAlways || needsAttention(result))) {
            // With --output json, stdout holds the JSON document only.
            delivered = notify(notifier, result, output.json() ? spec.commandLine().getErr() : out);
        }
        if (embeddedData != null && !quiet && !output.json()) {
            printEmbeddedHint(embeddedData, psql, out);
        }
        out.flush();
        if (report != null) {
            Files.writeString(report, RunSummary.json(result, dryRun));
        }
        int code = ExitCodes.of(result);
        return code == ExitCodes.OK && !delivered ? ExitCodes.FAILED : code;
    }

    private Sharing sharing() {
        if (parallel < 1) {
            throw new ConfigException("--parallel must be at least 1 (got " + parallel + "); 1 loads one table at "
                    + "a time");
        }
        if (splitFiles < 0) {
            throw new ConfigException("--split-files cannot be negative (got " + splitFiles + "); 0 loads each "
                    + "table whole");
        }
        return new Sharing(parallel, splitFiles);
    }

    private WebhookNotifier notifier() {
        if (notifyUrl == null) {
            if (notifyAlways) {
                throw new ConfigException("--notify-always needs --notify URL");
            }
            return null;
        }
        if (notifyTimeoutSeconds < 1) {
            throw new ConfigException("--notify-timeout must be at least 1 second (got " + notifyTimeoutSeconds + ")");
        }
        return new WebhookNotifier(notifyUrl, Duration.ofSeconds(notifyTimeoutSeconds));
    }

    /** Whether someone must look at the run: a table failed or is stale, or it has another problem. */
    private static boolean needsAttention(RunReport result) {
        return !result.passed() || result.tables().stream().anyMatch(t -> t.freshness() != null
                && t.freshness().level() != FreshnessVerdict.Level.FRESH);
    }

    /** Posts the report; a failure is said on stderr and in the summary, and never swallowed: it returns false. */
    private boolean notify(WebhookNotifier notifier, RunReport result, PrintWriter out) throws IOException {
        try {
            int status = notifier.post(RunSummary.notification(result));
            out.println("notified " + notifier.redacted() + " (HTTP " + status + ")");
            return true;
        } catch (UnreachableException e) {
            out.println("notification failed: " + e.getMessage());
            spec.commandLine().getErr().println("lakeload: " + e.getMessage());
            return false;
        }
    }

    /**
     * Fails before anything loads when the report could not be written at the end: a run that loads for an hour
     * and then cannot say so is worse than one that refuses at once. Creates missing folders; leaves no file.
     */
    private static void checkWritable(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (Files.isDirectory(file)) {
                throw new ConfigException("--report " + file + " is a directory; name a file in it");
            }
            boolean existed = Files.exists(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                // opened for writing without truncating: an existing report stays until the new one replaces it
            }
            if (!existed) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new ConfigException("--report " + file + " cannot be written: " + reason(e)
                    + "; choose a writable path", e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + " exists and is not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getFile() + ": " + fs.getReason();
        }
        return e.getMessage();
    }

    private void printEmbeddedHint(Path dataDirectory, String psql, PrintWriter out) {
        out.println();
        out.println("Loaded into the embedded PostgreSQL in " + dataDirectory + ".");
        String lakeload = launcher();
        out.println("Query it:  " + lakeload + " db " + manifestOption.manifest
                + " --execute \"SELECT * FROM lakeload.run_tables\"");
        out.println("Or serve it with  " + lakeload + " db " + manifestOption.manifest
                + "  and connect:  " + psql);
    }

    /**
     * The command that started lakeload as the user typed it ({@code bin/lakeload} passes its {@code $0}), so that
     * a hint works from the user's folder; {@code lakeload} when started otherwise.
     */
    private static String launcher() {
        String command = System.getProperty("lakeload.command", "");
        if (command.isBlank()) {
            return "lakeload";
        }
        return command.contains(" ") ? "'" + command + "'" : command;
    }
}
