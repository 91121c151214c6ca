package dev.lakeload.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a run's outcome: a table for people, JSON for machines. */
final class RunSummary {
    private static final int ERROR_CHARS = 300;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunSummary() {
    }

    static void print(RunReport report, PrintWriter out) {
        int width = Math.max(5, report.tables().stream().mapToInt(t -> t.name().length()).max().orElse(5));
        String row = "%-" + width + "s  %-10s  %5s  %10s  %11s  %8s  %7s%n";
        out.printf(Locale.ROOT, row, "TABLE", "STATUS", "FILES", "ROWS READ", "ROWS LOADED", "REJECTED",
                "SECONDS");
        for (TableResult table : report.tables()) {
            out.printf(Locale.ROOT, row, table.name(), table.status().label(), table.files(), table.rowsRead(),
                    table.rowsLoaded(), table.rowsRejected(), String.format(Locale.ROOT, "%.2f", table.seconds()));
        }
        for (TableResult table : report.tables()) {
            table.notes().forEach(note -> out.println("note: " + table.name() + ": " + note));
            if (table.error() != null) {
                out.println("error: " + table.name() + ": " + table.error());
            }
        }
        out.println(headline(report));
    }

    private static String headline(RunReport report) {
        long failed = report.tables().stream().filter(t -> t.error() != null).count();
        return "run " + report.runId() + ": " + (failed == 0 ? "all " + report.tables().size()
                + " table(s) ok" : failed + " of " + report.tables().size() + " table(s) failed");
    }

    /** The report as JSON: {@code {"runId", "tables": [{"name", "status", ...}]}}. */
    static String json(RunReport report) throws JsonProcessingException {
        return JSON.writeValueAsString(tree(report)) + System.lineSeparator();
    }

    /**
     * The body of a webhook notification: the {@linkplain #json report} plus a Slack-compatible {@code text}, the
     * headline and one line per failed table with its error kind and error (cut at {@value #ERROR_CHARS}
     * characters: chat messages have limits, and the full error is in the JSON).
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
        ArrayNode tables = root.putArray("tables");
        for (TableResult table : report.tables()) {
            ObjectNode node = tables.addObject();
            node.put("name", table.name());
            node.put("status", table.status().label());
            node.put("files", table.files());
            node.put("rowsRead", table.rowsRead());
            node.put("rowsLoaded", table.rowsLoaded());
            node.put("rowsRejected", table.rowsRejected());
            node.put("seconds", Math.round(table.seconds() * 1000) / 1000.0);
            node.put("error", table.error());
            node.put("errorKind", table.errorKind() == null ? null : table.errorKind().label());
            table.notes().forEach(node.putArray("notes")::add);
        }
        return root;
    }
}
