package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.pg.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database privileges the README's least-privileges section lists, proven by running every mode as a role that
 * has only them: its own {@code lakeload} schema, and CREATE on the target schema, or only the table privileges
 * each mode needs on tables that exist.
 */
@Tag("reliability")
class LeastPrivilegesIT {
    private static final String TABLES = """
            - { name: a, from: s/a/, columns: [ { name: id, type: bigint }, { name: v, type: text } ], mode: append }
            - { name: u, from: s/u/, columns: [ { name: id, type: bigint }, { name: v, type: text } ],
                primaryKey: [id], mode: upsert }
            - { name: r, from: s/r/, columns: [ { name: id, type: bigint }, { name: v, type: text } ], mode: replace }
            - { name: c, from: s/c/, columns: [ { name: id, type: bigint }, { name: v, type: text } ],
                primaryKey: [id], mode: cdc }
            """;

    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;
    private String role;

    @BeforeEach
    void setUp() throws java.io.IOException {
        project = new CliProject(dir, "cli_privileges");
        db = project.db();
        role = ("lakeload_t_role_" + Long.toString(System.nanoTime(), 36)).toLowerCase(Locale.ROOT);
        db.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'pw'");
        db.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC"); // PostgreSQL 15's default, also on 14
        db.execute("CREATE SCHEMA lakeload AUTHORIZATION " + role);
        db.execute("CREATE SCHEMA warehouse");
        db.execute("GRANT USAGE ON SCHEMA warehouse TO " + role);
        for (String table : List.of("a", "u", "r")) {
            project.write("s/" + table + "/LOAD00000001.csv", "1,x\n2,y\n");
        }
        project.write("s/c/LOAD00000001.csv", "1,x\n2,y\n");
        project.write("s/c/20260101-000000000.csv", "U,1,z\nD,2,y\n");
        java.nio.file.Files.writeString(project.manifest(), """
                source:
                  local: { path: lake }
                target:
                  postgres: { url: "%s", user: %s, password: pw, schema: warehouse }
                tables:
                %s""".formatted(db.jdbcUrl(), role, TABLES.indent(2)));
    }

    @AfterEach
    void dropRole() {
        db.execute("DROP OWNED BY " + role);
        db.execute("DROP ROLE " + role);
    }

    private CliRun run() {
        return CliRun.of("run", project.manifest().toString());
    }

    private void changeEveryTable() {
        project.write("s/a/LOAD00000002.csv", "7,q\n");
        project.write("s/u/LOAD00000002.csv", "1,upd\n3,z\n");
        project.write("s/r/LOAD00000001.csv", "1,new\n");
        project.write("s/c/20260102-000000000.csv", "D,1,z\nI,5,f\n");
    }

    private void assertChangesApplied() {
        assertThat(db.query("SELECT id || '=' || v FROM warehouse.a ORDER BY id"))
                .containsExactly(List.of("1=x"), List.of("2=y"), List.of("7=q"));
        assertThat(db.query("SELECT id || '=' || v FROM warehouse.u ORDER BY id"))
                .containsExactly(List.of("1=upd"), List.of("2=y"), List.of("3=z"));
        assertThat(db.query("SELECT id || '=' || v FROM warehouse.r ORDER BY id")).containsExactly(List.of("1=new"));
        assertThat(db.query("SELECT id || '=' || v FROM warehouse.c ORDER BY id")).containsExactly(List.of("5=f"));
    }

    @Test
    void withItsOwnSchemaAndCreateOnTheTargetSchemaItCreatesAndLoadsEveryMode() {
        db.execute("GRANT CREATE ON SCHEMA warehouse TO " + role);

        CliRun first = run();

        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).contains("created table warehouse.a", "created table warehouse.c");
        changeEveryTable();
        CliRun second = run();
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertChangesApplied();
        assertThat(db.queryValue("SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = '" + role + "'"))
                .isEqualTo("f");
    }

    @Test
    void onExistingTablesEachModeNeedsOnlyItsTablePrivileges() {
        db.execute("CREATE TABLE warehouse.a (id bigint, v text)");
        db.execute("CREATE TABLE warehouse.u (id bigint PRIMARY KEY, v text)");
        db.execute("CREATE TABLE warehouse.r (id bigint, v text)");
        db.execute("CREATE TABLE warehouse.c (id bigint PRIMARY KEY, v text)");
        db.execute("GRANT INSERT ON warehouse.a TO " + role);
        db.execute("GRANT INSERT, UPDATE ON warehouse.u TO " + role); // SELECT is missing: upsert needs it
        db.execute("GRANT INSERT, DELETE ON warehouse.r TO " + role);
        db.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON warehouse.c TO " + role);

        CliRun withoutSelect = run();

        assertThat(withoutSelect.exitCode()).isEqualTo(2);
        assertThat(withoutSelect.out()).containsPattern("a\\s+loaded").containsPattern("u\\s+failed")
                .containsPattern("r\\s+loaded").containsPattern("c\\s+loaded")
                .contains("error: u: promoting warehouse.u: ERROR: permission denied for table u (SQLSTATE 42501); "
                        + "grant the role what the README's least privileges list for the table's mode");

        db.execute("GRANT SELECT ON warehouse.u TO " + role);
        changeEveryTable();
        CliRun second = run();

        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertChangesApplied();
    }
}
