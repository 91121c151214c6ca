package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --dry-run}: reports what a run would load and reject, exits as that run would, and leaves the
 * database as it found it (every table, and the rows of each, the ledger's included). The manifest takes its
 * tables' shared keys from {@code defaults:} and one table from an {@code include:}d file.
 */
class DryRunCliIT {
    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;

    @BeforeEach
    void setUp() throws IOException {
        project = new CliProject(dir, "cli_dry_run");
        db = project.db();
        Files.writeString(dir.resolve("more.yaml"), """
                tables:
                  - { name: customers, from: shop/customers/, mode: upsert }
                """);
        project.writeManifest("""
                - name: orders
                  from: shop/orders/
                """, """
                defaults:
                  columns: [ { name: id, type: bigint }, { name: amount, type: "numeric(12,2)" } ]
                  primaryKey: [id]
                  maxRejects: 1
                include: more.yaml
                """);
    }

    /** Every table outside the system schemas, with its row count. */
    private Map<String, String> snapshot() {
        Map<String, String> tables = new LinkedHashMap<>();
        for (List<String> table : db.query("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
                + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' "
                + "ORDER BY 1")) {
            tables.put(table.get(0), db.queryValue("SELECT count(*) FROM " + table.get(0)));
        }
        return tables;
    }

    @Test
    void aDryRunReportsWhatWouldLoadAndBeRejectedAndLeavesNothingBehind() throws IOException {
        project.write("shop/orders/LOAD00000001.csv", "1,1.50\n2,2.00\n");
        project.write("shop/customers/LOAD00000001.csv", "10,3.00\n");
        CliRun first = CliRun.of("run", project.manifest().toString());
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        project.write("shop/orders/LOAD00000002.csv", "3,3.00\n4,not a number\n5,5.00\n");
        project.write("shop/customers/LOAD00000002.csv", "10,4.00\n11,1.00\n");
        Map<String, String> before = snapshot();
        assertThat(before).containsEntry("public.orders", "2").containsEntry("lakeload.files", "2")
                .containsEntry("lakeload.runs", "1");

        Path report = dir.resolve("dry.json");
        CliRun dry = CliRun.of("run", project.manifest().toString(), "--dry-run", "--report", report.toString());

        assertThat(dry.exitCode()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).containsPattern("orders\\s+loaded\\s+1\\s+3\\s+2\\s+1")
                .containsPattern("customers\\s+loaded\\s+1\\s+2\\s+2\\s+0")
                .contains("note: orders: would reject shop/orders/LOAD00000002.csv line 2 column amount "
                        + "(value: 'not a number'): ")
                .contains("dry run: nothing was promoted or recorded; a real run now would pass (exit 0)");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(db.query("SELECT count(*) FROM pg_class WHERE relname LIKE 'stg\\_%' OR relname LIKE 'rej\\_%'"))
                .containsExactly(List.of("0"));
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("dryRun").asBoolean()).isTrue();
        assertThat(json.get("tables").get(0).get("rowsRejected").asLong()).isEqualTo(1);

        project.write("shop/orders/LOAD00000003.csv", "6,bad\n");
        CliRun failing = CliRun.of("run", project.manifest().toString(), "--dry-run");

        // Too many rejects fail the table on its data: exit 3.
        assertThat(failing.exitCode()).as("two rejects exceed maxRejects: 1, so a real run would fail").isEqualTo(3);
        assertThat(failing.out()).contains("error: orders: ", "2 row(s) could not be loaded and maxRejects is 1",
                "a real run now would fail (exit 3)");
        assertThat(snapshot()).isEqualTo(before);

        Files.delete(dir.resolve("lake/shop/orders/LOAD00000003.csv"));
        CliRun real = CliRun.of("run", project.manifest().toString());
        assertThat(real.exitCode()).as(real.out() + real.err()).isZero();
        assertThat(real.out()).containsPattern("orders\\s+loaded\\s+1\\s+3\\s+2\\s+1");
        assertThat(db.queryValue("SELECT string_agg(id || ':' || amount, ',' ORDER BY id) FROM orders"))
                .isEqualTo("1:1.50,2:2.00,3:3.00,5:5.00");
        assertThat(db.queryValue("SELECT string_agg(id || ':' || amount, ',' ORDER BY id) FROM customers"))
                .isEqualTo("10:4.00,11:1.00");
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.rejects")).isEqualTo("1");
    }

    @Test
    void aDryRunOnAFreshDatabaseCreatesNoTargetTable() {
        project.write("shop/orders/LOAD00000001.csv", "1,1.50\n");
        project.write("shop/customers/LOAD00000001.csv", "10,3.00\n");

        CliRun dry = CliRun.of("run", project.manifest().toString(), "--dry-run");

        assertThat(dry.exitCode()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("note: orders: created table public.orders");
        assertThat(db.tables("public")).isEmpty();
        assertThat(snapshot()).as("only the ledger's empty tables, which staging needs").allSatisfy(
                (table, rows) -> assertThat(table + "=" + rows).startsWith("lakeload.").endsWith("=0"));
    }
}
