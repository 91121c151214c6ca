package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lakeload db -e} on the embedded PostgreSQL of a manifest without {@code target.postgres.url}, run in
 * process: the bytes it prints and its exit codes. Each test uses tables of its own, so they run in any order.
 */
class DbCommandIT {
    @TempDir
    static Path dir;

    static Path manifest;

    @BeforeAll
    static void writeManifest() throws IOException {
        manifest = Files.writeString(dir.resolve("lakeload.yaml"), """
                source:
                  local: { path: lake }
                tables:
                  - { name: t, from: t/, columns: [ { name: id, type: bigint } ] }
                """);
    }

    private static CliRun db(String sql) {
        return CliRun.of("db", manifest, "-e", sql);
    }

    @Test
    void valuesAreShownAsStoredWithLineBreaksContinuedAndWideCharactersAligned() {
        CliRun run = db("SELECT id, note, note IS NULL AS is_null FROM (VALUES (1, 'Path C:\\orders\\1006 as is'),"
                + " (2, 'multi' || chr(10) || 'line'), (3, '配送: 午前中' || chr(10) || '玄関前に置いてください'),"
                + " (4, 'Emoji 🎉, tabs' || chr(9) || 'too'), (5, NULL), (6, '')) AS t(id, note) ORDER BY id");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                id  note                       is_null
                1   Path C:\\orders\\1006 as is  f
                2   multi                    + f
                    line
                3   配送: 午前中             + f
                    玄関前に置いてください
                4   Emoji 🎉, tabs  too        f
                5   NULL                       t
                6                              f
                (6 rows)
                """);
    }

    @Test
    void everyStatementShowsItsResultInOrderAsPsqlDoes() {
        CliRun run = db("CREATE TABLE shown (x int); INSERT INTO shown VALUES (1), (2); SELECT x FROM shown ORDER BY x;"
                + " DROP TABLE shown; SELECT 'done' AS b");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("""
                0 row(s) affected

                2 row(s) affected

                x
                1
                2
                (2 rows)

                0 row(s) affected

                b
                done
                (1 row)
                """);
        assertThat(db("SELECT to_regclass('shown') IS NULL AS dropped").out()).isEqualTo("""
                dropped
                t
                (1 row)
                """);
    }

    @Test
    void failingSqlExits2WithOnlyPostgresErrorAndNoneOfItsStatementsTakeEffect() {
        CliRun run = db("CREATE TABLE undone (x int); INSERT INTO undone VALUES (1); SELECT x / 0 FROM undone");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.INVALID).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("lakeload: query failed: ERROR: division by zero" + System.lineSeparator());
        assertThat(db("SELECT to_regclass('undone') IS NULL AS undone").out()).contains("undone\nt\n");

        CliRun typo = db("SELEC 1");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.out()).isEmpty();
        assertThat(typo.err()).startsWith("lakeload: query failed: ERROR: syntax error at or near \"SELEC\"");
    }
}
