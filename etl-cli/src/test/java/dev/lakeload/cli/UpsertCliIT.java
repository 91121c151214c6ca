package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.pg.TestDatabase;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mode: upsert} from the command line: the table keeps one row per key, the last one written. */
class UpsertCliIT {
    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;

    @BeforeEach
    void setUp() {
        project = new CliProject(dir, "cli_upsert");
        db = project.db();
    }

    private List<List<String>> customers() {
        return db.query("SELECT id::text, name, city FROM customers ORDER BY id");
    }

    @Test
    void runsKeepOneRowPerKeyAndARunWithoutNewFilesChangesNothing() {
        project.write("crm/customers/LOAD00000001.csv", "1,Ann,Berlin\n2,Bob,Paris\n");
        project.write("crm/customers/20260101-101500123.csv", "2,Bob,Lyon\n3,Cy,Rome\n2,Bob,Nice\n");
        project.writeManifest("""
                - name: customers
                  from: crm/customers/
                  columns: [ { name: id, type: bigint }, { name: name, type: text }, { name: city, type: text } ]
                  primaryKey: [id]
                  mode: upsert
                """);

        CliRun first = CliRun.of("run", project.manifest().toString());

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(customers()).containsExactly(List.of("1", "Ann", "Berlin"), List.of("2", "Bob", "Nice"),
                List.of("3", "Cy", "Rome"));
        assertThat(db.queryValue("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = 'customers'::regclass AND contype = 'p'")).isEqualTo("PRIMARY KEY (id)");

        CliRun again = CliRun.of("run", project.manifest().toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(customers()).containsExactly(List.of("1", "Ann", "Berlin"), List.of("2", "Bob", "Nice"),
                List.of("3", "Cy", "Rome"));

        project.write("crm/customers/20260101-111500000.csv", "1,Ann,\n");
        CliRun third = CliRun.of("run", project.manifest().toString());
        assertThat(third.exitCode()).as(third.out() + third.err()).isZero();
        assertThat(customers()).containsExactly(Arrays.asList("1", "Ann", null), List.of("2", "Bob", "Nice"),
                List.of("3", "Cy", "Rome"));
    }
}
