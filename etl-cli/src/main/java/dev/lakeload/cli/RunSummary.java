package dev.lakeload.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a run's outcome: a table for people, JSON for machines. */
final class RunSummary {
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
        long failed = report.tables().stream().filter(t -> t.error() != null).count();
        long busy = report.tables().stream().filter(t -> t.status() == TableStatus.BUSY).count();
        out.println("run " + report.runId() + ": " + (failed == 0 ? "all " + report.tables().size()
                + " table(s) ok" : failed + " of " + report.tables().size() + " table(s) failed")
                + (busy == 0 ? "" : ", " + busy + " left busy to another run"));
    }

    /** The report as JSON: {@code {"runId", "tables": [{"name", "status", ...}]}}. */
    static String json(RunReport report) throws JsonProcessingException {
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
        return JSON.writeValueAsString(root) + System.lineSeparator();
    }
}
