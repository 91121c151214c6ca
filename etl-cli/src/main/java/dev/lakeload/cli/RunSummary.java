package dev.lakeload.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeload.core.pipeline.FreshnessVerdict;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.pipeline.UncoveredFolder;
import dev.lakeload.core.pipeline.VanishedFile;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints a run's outcome: a table for people, JSON for machines. Both say the same. */
final class RunSummary {
    private static final int ERROR_CHARS = 300;
    private static final ObjectMapper JSON = OutputOption.JSON;

    private RunSummary() {
    }

    static void print(RunReport report, PrintWriter out) {
        TerminalTable summary = new TerminalTable("TABLE", "STATUS", "FILES", "ROWS READ", "ROWS LOADED",
                "REJECTED", "DROPPED", "MERGED", "SECONDS").alignRight(2, 3, 4, 5, 6, 7, 8);
        for (TableResult table : report.tables()) {
            summary.add(table.name(), table.status().label(), table.files(), table.rowsRead(), table.rowsLoaded(),
                    table.rowsRejected(), table.rowsDropped(), table.rowsMerged(),
                    String.format(Locale.ROOT, "%.2f", table.seconds()));
        }
        summary.print(out);
        report.notes().forEach(note -> out.println("note: " + note));
        for (TableResult table : report.tables()) {
            table.notes().forEach(note -> out.println("note: " + table.name() + ": " + note));
            if (!table.vanished().isEmpty()) {
                out.println("warning: " + table.name() + ": " + table.vanished().size() + " loaded file(s) no "
                        + "longer in the source: " + table.vanished().stream().map(VanishedFile::describe)
                        .collect(Collectors.joining(", ")));
            }
            FreshnessVerdict freshness = table.freshness();
            if (freshness != null && freshness.level() != FreshnessVerdict.Level.FRESH) {
                out.println((freshness.level() == FreshnessVerdict.Level.ERROR ? "error" : "warning") + ": "
                        + table.name() + ": stale: " + freshness.describe());
            }
            if (table.error() != null) {
                out.println("error: " + table.name() + ": " + table.error());
            }
        }
        for (UncoveredFolder folder : report.uncovered()) {
            out.println((report.uncoveredFail() ? "error" : "note") + ": run: " + uncovered(folder));
        }
        out.println(headline(report));
    }

    /**
     * What {@code --quiet} prints: only the lines that say why the run did not pass (failed tables, tables past
     * {@code errorAfter}, uncovered folders under {@code uncoveredFolders: fail}) and the headline; nothing when
     * it passed.
     */
    static void printFailures(RunReport report, PrintWriter out) {
        if (report.passed()) {
            return;
        }
        for (TableResult table : report.tables()) {
            if (table.error() != null) {
                out.println("error: " + table.name() + ": " + table.error());
            }
            if (table.staleError()) {
                out.println("error: " + table.name() + ": stale: " + table.freshness().describe());
            }
        }
        if (report.uncoveredFail()) {
            report.uncovered().forEach(folder -> out.println("error: run: " + uncovered(folder)));
        }
        out.println(headline(report));
    }

    private static String headline(RunReport report) {
        long failed = report.tables().stream().filter(t -> t.error() != null).count();
        int problems = report.problems().size();
        long busy = report.tables().stream().filter(t -> t.status() == TableStatus.BUSY).count();
        return "run " + report.runId() + ": " + (failed == 0 ? "all " + report.tables().size()
                + " table(s) ok" : failed + " of " + report.tables().size() + " table(s) failed")
                + (busy == 0 ? "" : ", " + busy + " left busy to another run")
                + (problems > failed ? "; exits " + ExitCodes.of(report) + ": " + String.join("; ",
                        report.problems().subList((int) failed, problems)) : "");
    }

    private static String uncovered(UncoveredFolder folder) {
        return "folder " + folder.folder() + " holds " + folder.files() + " DMS file(s) and no table loads it; "
                + "add a table for it, or list it under ignore";
    }

    /** The report as JSON: {@code {"runId", "passed", "problems", "tables": [{"name", "status", ...}]}}. */
    static String json(RunReport report) throws JsonProcessingException {
        return json(report, false);
    }

    /** The report as JSON, with {@code "dryRun": true} for a dry run's. */
    static String json(RunReport report, boolean dryRun) throws JsonProcessingException {
        ObjectNode root = tree(report);
        if (dryRun) {
            root.put("dryRun", true);
        }
        return JSON.writeValueAsString(root) + System.lineSeparator();
    }

    /**
     * The body of a webhook notification: the {@linkplain #json report} plus a Slack-compatible {@code text}, the
     * headline and one line per failed or stale table with its error kind and error or its age (errors cut at
     * {@value #ERROR_CHARS} characters: chat messages have limits, and the full error is in the JSON).
     */
    static String notification(RunReport report) throws JsonProcessingException {
        StringBuilder text = new StringBuilder("lakeload ").append(headline(report));
        for (TableResult table : report.tables()) {
            if (table.error() != null) {
                String error = table.error().length() <= ERROR_CHARS ? table.error()
                        : table.error().substring(0, ERROR_CHARS) + "…";
                text.append("\n• ").append(table.name()).append(" (").append(table.errorKind().label())
                        .append("): ").append(error);
            }
            if (table.freshness() != null && table.freshness().level() != FreshnessVerdict.Level.FRESH) {
                text.append("\n• ").append(table.name()).append(" (").append(table.freshness().level().label())
                        .append("): ").append(table.freshness().describe());
            }
        }
        ObjectNode root = tree(report);
        root.put("text", text.toString());
        return JSON.writeValueAsString(root);
    }

    private static ObjectNode tree(RunReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("runId", report.runId());
        root.put("startedAt", report.startedAt().toString());
        root.put("finishedAt", report.finishedAt().toString());
        root.put("succeeded", report.succeeded());
        root.put("passed", report.passed());
        report.problems().forEach(root.putArray("problems")::add);
        ArrayNode uncovered = root.putArray("uncoveredFolders");
        for (UncoveredFolder folder : report.uncovered()) {
            uncovered.addObject().put("folder", folder.folder()).put("files", folder.files());
        }
        ArrayNode tables = root.putArray("tables");
        for (TableResult table : report.tables()) {
            ObjectNode node = tables.addObject();
            node.put("name", table.name());
            node.put("status", table.status().label());
            node.put("files", table.files());
            node.put("rowsRead", table.rowsRead());
            node.put("rowsLoaded", table.rowsLoaded());
            node.put("rowsRejected", table.rowsRejected());
            node.put("rowsDropped", table.rowsDropped());
            node.put("rowsMerged", table.rowsMerged());
            node.put("seconds", Math.round(table.seconds() * 1000) / 1000.0);
            node.put("error", table.error());
            node.put("errorKind", table.errorKind() == null ? null : table.errorKind().label());
            table.notes().forEach(node.putArray("notes")::add);
            freshness(node, table.freshness());
            ArrayNode vanished = node.putArray("vanished");
            for (VanishedFile file : table.vanished()) {
                vanished.addObject().put("key", file.key())
                        .put("loadedAt", file.loadedAt() == null ? null : file.loadedAt().toString())
                        .put("runId", file.runId());
            }
        }
        report.notes().forEach(root.putArray("notes")::add);
        return root;
    }

    private static void freshness(ObjectNode table, FreshnessVerdict verdict) {
        if (verdict == null) {
            table.putNull("freshness");
            return;
        }
        ObjectNode node = table.putObject("freshness");
        node.put("verdict", verdict.level().label());
        node.put("newestFile", verdict.newestKey());
        node.put("newestAt", verdict.newestAt() == null ? null : verdict.newestAt().toString());
        node.put("ageSeconds", verdict.age() == null ? null : verdict.age().toSeconds());
        node.put("warnAfterSeconds", verdict.limits().warnAfter() == null ? null
                : verdict.limits().warnAfter().toSeconds());
        node.put("errorAfterSeconds", verdict.limits().errorAfter() == null ? null
                : verdict.limits().errorAfter().toSeconds());
        node.put("message", verdict.describe());
    }
}
