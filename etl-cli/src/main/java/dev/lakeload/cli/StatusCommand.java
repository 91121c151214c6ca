package dev.lakeload.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.core.config.Durations;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.postgres.PostgresLedger;
import dev.lakeload.postgres.TableHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code lakeload status}: per table, what the ledger says of its loads, across every run and worker that shares
 * it. Reads the ledger only: it neither lists the source nor loads anything.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show, per table, its last load, files and rows loaded, open rejects and newest file's age, "
                + "from the ledger that every run and worker shares."})
final class StatusCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    @Mixin
    ManifestOption manifestOption;

    @Mixin
    TableOption tableOption;

    @Mixin
    OutputOption output;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Manifest manifest = manifestOption.load();
        List<TableSpec> tables = manifestOption.tables(manifest, tableOption.names);
        List<TableHistory> histories = new ArrayList<>();
        Instant now;
        try (LoadSession session = LoadSession.open(manifest, manifestOption.directory())) {
            PostgresLedger ledger = session.warehouse().ledger();
            ledger.prepare();
            now = Instant.now();
            tables.forEach(table -> histories.add(ledger.history(table.name())));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            OutputOption.print(json(histories, now), out);
        } else {
            print(histories, now, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(List<TableHistory> histories, Instant now, PrintWriter out) {
        TerminalTable table = new TerminalTable("TABLE", "LAST LOAD", "RUN", "FILES", "ROWS", "LAST FILES",
                "LAST ROWS", "OPEN REJECTS", "NEWEST FILE").alignRight(3, 4, 5, 6, 7);
        List<String> lines = new ArrayList<>();
        for (TableHistory history : histories) {
            TableHistory.Outcome load = history.lastLoad();
            table.add(history.table(), load == null ? "never loaded" : TIME.format(load.at()) + " (" + age(load.at(),
                    now) + " ago)", load == null ? "-" : load.runId(), history.filesLoaded(), history.rowsLoaded(),
                    load == null ? "-" : load.files(), load == null ? "-" : load.rowsLoaded(),
                    history.openRejects(), history.newestFileAt() == null ? "-"
                            : age(history.newestFileAt(), now) + " old");
            TableHistory.Outcome last = history.lastRun();
            if (last != null && last.error() != null) {
                lines.add("error: " + history.table() + ": the last run, " + last.runId() + " at "
                        + TIME.format(last.at()) + ", failed (" + last.errorKind() + "): " + last.error());
            }
            if (history.loadingRun() != null) {
                lines.add("note: " + history.table() + ": being loaded now by run " + history.loadingRun());
            }
            if (history.openRejects() > 0) {
                lines.add("note: " + history.table() + ": " + history.openRejects() + " rejected row(s) not yet dealt "
                        + "with: lakeload rejects --table " + history.table());
            }
        }
        table.print(out);
        lines.forEach(out::println);
    }

    private static String age(Instant at, Instant now) {
        Duration age = Duration.between(at, now);
        return Durations.format(age.isNegative() ? Duration.ZERO : age);
    }

    /** {@code {"checkedAt", "tables": [{"name", "lastLoad", "lastRun", "filesLoaded", ...}]}}. */
    private static ObjectNode json(List<TableHistory> histories, Instant now) {
        ObjectNode root = OutputOption.object();
        root.put("checkedAt", now.toString());
        ArrayNode tables = root.putArray("tables");
        for (TableHistory history : histories) {
            ObjectNode node = tables.addObject();
            node.put("name", history.table());
            node.put("loaded", history.lastLoad() != null);
            outcome(node, "lastLoad", history.lastLoad());
            outcome(node, "lastRun", history.lastRun());
            node.put("filesLoaded", history.filesLoaded());
            node.put("rowsLoaded", history.rowsLoaded());
            node.put("openRejects", history.openRejects());
            node.put("newestFile", history.newestFile());
            node.put("newestFileAt", history.newestFileAt() == null ? null : history.newestFileAt().toString());
            node.put("newestFileAgeSeconds", history.newestFileAt() == null ? null
                    : Math.max(0, Duration.between(history.newestFileAt(), now).toSeconds()));
            node.put("loadingRun", history.loadingRun());
        }
        return root;
    }

    private static void outcome(ObjectNode table, String field, TableHistory.Outcome outcome) {
        if (outcome == null) {
            table.putNull(field);
            return;
        }
        table.putObject(field).put("runId", outcome.runId()).put("at", outcome.at().toString())
                .put("status", outcome.status()).put("files", outcome.files())
                .put("rowsLoaded", outcome.rowsLoaded()).put("error", outcome.error())
                .put("errorKind", outcome.errorKind());
    }
}
