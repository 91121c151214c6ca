package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A column added at the source, seen from the command line: summary, report and ledger name the change. */
class SchemaEvolutionCliIT {
    @TempDir
    Path dir;

    @Test
    void aNewHeaderColumnIsAddedUnderAddColumnsAndListedInTheSummaryTheReportAndTheLedger() throws IOException {
        CliProject project = new CliProject(dir, "cli_evolution");
        project.write("crm/cust/LOAD00000001.csv", "id,name\n1,Ann\n");
        project.writeManifest("""
                - name: cust
                  from: crm/cust/
                  format: { header: true }
                  columns: [ { name: id, type: bigint }, { name: name, type: text } ]
                  schemaEvolution: addColumns
                """);
        assertThat(CliRun.of("run", project.manifest().toString()).exitCode()).isZero();
        project.write("crm/cust/20260101-101500123.csv", "name,id,tier\nBob,2,gold\n");
        Path report = dir.resolve("report.json");

        CliRun run = CliRun.of("run", project.manifest().toString(), "--report", report.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("note: cust: added column cust.tier");
        JsonNode notes = new ObjectMapper().readTree(report.toFile()).get("tables").get(0).get("notes");
        assertThat(notes.toString()).contains("added column cust.tier");
        assertThat(project.db().query("SELECT id::text, name, tier FROM cust ORDER BY id")).containsExactly(
                Arrays.asList("1", "Ann", null), Arrays.asList("2", "Bob", "gold"));
        assertThat(project.db().query("SELECT target_table, change, column_name, column_type "
                + "FROM lakeload.schema_changes ORDER BY changed_at, change")).containsExactly(
                Arrays.asList("public.cust", "created table", null, null),
                List.of("public.cust", "added column", "tier", "text"));
    }
}
