package dev.lakeload.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.postgres.PostgresLedger;
import dev.lakeload.postgres.RecordedReject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lakeload rejects}: the rows that could not be loaded, with file, line, column, raw value and reason; and,
 * to load them again once fixed, {@code --export} of their records as a CSV file of the table's format and
 * {@code --resolve} once done. A reject is open until it is resolved or a later run loads its file again.
 */
@Command(name = "rejects", mixinStandardHelpOptions = true,
        description = {"List the rejected rows not yet dealt with (file, line, column, raw value, reason).",
            "A reject is dealt with once a later run loaded its file again, or once --resolve marked it. To load "
                + "fixed rows: --export FILE, fix FILE, copy it into the table's folder as a new file, run, then "
                + "--resolve."})
final class RejectsCommand implements Callable<Integer> {
    @Mixin
    ManifestOption manifestOption;

    @Mixin
    TableOption tableOption;

    @Option(names = "--run", paramLabel = "ID", description = "Only the rejects of this run (repeatable).")
    List<String> runIds = List.of();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
            description = "Show at most N rejects (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--all", description = "Also the rejects dealt with already (column STATE says how).")
    boolean all;

    @Option(names = "--export", paramLabel = "FILE",
            description = "Write the records of the selected open rejects, read again from their files, to FILE as "
                    + "a CSV file of the table's format (needs one table).")
    Path export;

    @Option(names = "--resolve", description = "Mark the selected open rejects as dealt with.")
    boolean resolve;

    @Mixin
    OutputOption output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (limit < 1) {
            throw new ConfigException("--limit must be at least 1 (got " + limit + ")");
        }
        if (resolve && export != null) {
            throw new ConfigException("--export and --resolve go in turn: export, fix and load the rows, then "
                    + "resolve");
        }
        Manifest manifest = manifestOption.load();
        List<TableSpec> tables = manifestOption.tables(manifest, tableOption.names);
        List<String> names = tables.stream().map(TableSpec::name).toList();
        if (export != null && tables.size() != 1) {
            throw new ConfigException("--export writes the rows of one table, to go into its folder: name it with "
                    + "--table (the manifest has " + String.join(", ", names) + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LoadSession session = LoadSession.open(manifest, manifestOption.directory())) {
            PostgresLedger ledger = session.warehouse().ledger();
            ledger.prepare();
            List<String> unknown = ledger.unknownRuns(runIds);
            if (!unknown.isEmpty()) {
                // A mistyped id would otherwise select nothing, and --resolve would say it resolved 0.
                throw new ConfigException("--run " + String.join(", ", unknown) + ": no such run in the ledger of "
                        + "this manifest's database; lakeload rejects --all shows each reject's run id");
            }
            if (resolve) {
                long resolved = ledger.resolveRejects(names, runIds);
                if (output.json()) {
                    ObjectNode root = OutputOption.object().put("resolved", resolved);
                    OutputOption.print(root, out);
                } else {
                    out.println("resolved " + resolved + " reject(s)");
                }
            } else if (export != null) {
                List<RecordedReject> rejects = ledger.rejects(names, runIds, false, Integer.MAX_VALUE);
                RejectsExport.Result written = RejectsExport.write(session.source(), ledger, tables.get(0), rejects,
                        export);
                report(written, tables.get(0), out);
            } else {
                List<RecordedReject> rejects = ledger.rejects(names, runIds, all, limit);
                long total = ledger.countRejects(names, runIds, all);
                if (output.json()) {
                    OutputOption.print(json(rejects, total), out);
                } else {
                    print(rejects, total, out);
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void print(List<RecordedReject> rejects, long total, PrintWriter out) {
        String which = all ? "" : "open ";
        if (rejects.isEmpty()) {
            out.println("no " + which + "rejects" + (all ? "" : " (--all also shows those dealt with)"));
            return;
        }
        TerminalTable table = all ? new TerminalTable("TABLE", "RUN", "FILE", "LINE", "COLUMN", "VALUE", "REASON",
                "STATE") : new TerminalTable("TABLE", "RUN", "FILE", "LINE", "COLUMN", "VALUE", "REASON");
        table.alignRight(3);
        for (RecordedReject reject : rejects) {
            Object[] row = {reject.table(), reject.runId(), reject.fileKey(), reject.line(), reject.column(),
                reject.rawValue(), reject.reason(), reject.dealtWith() == null ? "open" : reject.dealtWith()};
            table.add(all ? row : Arrays.copyOf(row, 7));
        }
        table.print(out);
        out.println(rejects.size() + " of " + total + " " + which + "reject(s)"
                + (rejects.size() < total ? "; --limit " + total + " shows them all" : ""));
    }

    /** {@code {"total", "rejects": [{"table", "runId", "file", "line", "column", "rawValue", "reason", ...}]}}. */
    private static ObjectNode json(List<RecordedReject> rejects, long total) {
        ObjectNode root = OutputOption.object();
        root.put("total", total);
        ArrayNode array = root.putArray("rejects");
        for (RecordedReject reject : rejects) {
            array.addObject().put("table", reject.table()).put("runId", reject.runId()).put("file", reject.fileKey())
                    .put("line", reject.line()).put("column", reject.column()).put("rawValue", reject.rawValue())
                    .put("reason", reject.reason()).put("rejectedAt", reject.rejectedAt().toString())
                    .put("dealtWith", reject.dealtWith());
        }
        return root;
    }

    private void report(RejectsExport.Result written, TableSpec table, PrintWriter out) {
        String resolve = "lakeload rejects " + manifestOption.manifest + " --resolve --table " + table.name()
                + written.runIds().stream().map(run -> " --run " + run).reduce("", String::concat);
        if (output.json()) {
            ObjectNode root = OutputOption.object().put("file", export.toString()).put("records", written.records())
                    .put("rejects", written.rejects());
            written.runIds().forEach(root.putArray("runIds")::add);
            root.put("resolveCommand", resolve);
            OutputOption.print(root, out);
            return;
        }
        if (written.rejects() == 0) {
            out.println("no open rejects to export; " + export + " not written");
            return;
        }
        out.println("wrote " + written.records() + " record(s) of " + written.rejects() + " open reject(s) to "
                + export + ". Next:");
        out.println("  1. fix the values in it (the reasons: lakeload rejects --table " + table.name() + ")");
        out.println("  2. copy it into the table's folder '" + table.from() + "' under a new name that the table "
                + "loads, for example LOAD99000001.csv");
        out.println("  3. lakeload run " + manifestOption.manifest + " --table " + table.name());
        out.println("  4. " + resolve);
    }
}
