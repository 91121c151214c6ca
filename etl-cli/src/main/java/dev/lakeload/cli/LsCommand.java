package dev.lakeload.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.ledger.LedgerEntry;
import dev.lakeload.core.pipeline.FileState;
import dev.lakeload.core.pipeline.LoadPipeline;
import dev.lakeload.core.pipeline.PlannedFile;
import dev.lakeload.core.pipeline.TablePlan;
import dev.lakeload.core.pipeline.UncoveredFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code lakeload ls}: what the next run would load, and what is loaded already. Loads and records nothing; files
 * whose stamps changed since they were recorded are read to compare their content.
 */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = "List, per table, the files the next run would load and those already loaded.")
final class LsCommand implements Callable<Integer> {
    private static final String LINE = "  %-9s  %12d  %s%n";

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
        PrintWriter out = spec.commandLine().getOut();
        // With --output json the same listing goes into one document: {"tables": [...], "uncovered": [...]}.
        ObjectNode root = OutputOption.object();
        ArrayNode tablesJson = root.putArray("tables");
        try (LoadSession session = LoadSession.open(manifest, manifestOption.directory())) {
            session.warehouse().ledger().prepare();
            LoadPipeline pipeline = session.pipeline();
            for (TableSpec table : tables) {
                TablePlan plan = pipeline.plan(table);
                Collection<LedgerEntry> recorded = session.warehouse().ledger().latestEntries(table.name()).values();
                List<LedgerEntry> removed = removed(recorded, plan);
                Set<PlannedFile> late = table.mode() == LoadMode.CDC ? Set.copyOf(plan.lateChanges())
                        : Set.of();
                int skipped = plan.in(FileState.SKIPPED).size();
                int vanished = plan.vanished().size();
                ObjectNode node = tablesJson.addObject().put("name", table.name()).put("from", table.from())
                        .put("toLoad", plan.toLoad().size()).put("loaded", plan.in(FileState.LOADED).size())
                        .put("rewritten", plan.in(FileState.REWRITTEN).size()).put("skipped", skipped)
                        .put("vanished", vanished).put("removed", removed.size());
                ArrayNode files = node.putArray("files");
                if (!output.json()) {
                    out.printf("%s (%s): %d to load, %d loaded, %d rewritten since loaded%s%s%s%n", table.name(),
                            table.from(), plan.toLoad().size(), plan.in(FileState.LOADED).size(),
                            plan.in(FileState.REWRITTEN).size(), skipped == 0 ? "" : ", " + skipped + " skipped",
                            vanished == 0 ? "" : ", " + vanished + " vanished",
                            removed.isEmpty() ? "" : ", " + removed.size() + " removed");
                }
                for (PlannedFile planned : plan.files()) {
                    file(files, late.contains(planned) ? "late" : planned.state().label(), planned.file().size(),
                            planned.file().key(), out);
                }
                plan.empty().forEach(empty -> file(files, "empty", 0, empty.key(), out));
                plan.vanished().forEach(gone -> file(files, "vanished", gone.size(), gone.key(), out));
                // A replace table's files whose rows left the table when they were no longer listed.
                removed.forEach(e -> file(files, "removed", e.size(), e.key(), out));
            }
            List<UncoveredFolder> uncovered = manifestOption.coverage(manifest).uncovered(session.source());
            ArrayNode uncoveredJson = root.putArray("uncovered");
            uncovered.forEach(f -> uncoveredJson.addObject().put("folder", f.folder()).put("files", f.files()));
            if (output.json()) {
                OutputOption.print(root, out);
            } else if (!uncovered.isEmpty()) {
                out.printf("uncovered: %d folder(s) look like DMS tables and no table loads them (add a table, "
                        + "or list them under ignore)%n", uncovered.size());
                uncovered.forEach(f -> out.printf("  %-9s  %12s  %s%n", "uncovered", f.files() + " file(s)",
                        f.folder()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Lists one file: a line of text, or an entry of {@code files} with --output json. */
    private void file(ArrayNode files, String state, long size, String key, PrintWriter out) {
        if (output.json()) {
            files.addObject().put("state", state).put("size", size).put("key", key);
        } else {
            out.printf(LINE, state, size, key);
        }
    }

    /** The files {@code recorded} as removed from their table and that are not listed again, by key. */
    private static List<LedgerEntry> removed(Collection<LedgerEntry> recorded, TablePlan plan) {
        Set<String> listed = plan.files().stream().map(f -> f.file().location()).collect(Collectors.toSet());
        return recorded.stream()
                .filter(e -> e.disposition() == LedgerEntry.Disposition.REMOVED && !listed.contains(e.location()))
                .sorted(Comparator.comparing(LedgerEntry::key)).toList();
    }
}
