package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lakeload validate} refuses what {@code run} would refuse, without a database or a source. */
class ValidateCommandTest {
    @TempDir
    Path dir;

    private CliRun validate(String tables) throws IOException {
        Path manifest = dir.resolve("lakeload.yaml");
        Files.writeString(manifest, """
                source:
                  local: { path: lake }
                target:
                  postgres: { url: "jdbc:postgresql://127.0.0.1:1/none" }
                tables:
                """ + tables);
        return CliRun.of("validate", manifest.toString());
    }

    @Test
    void aPrefixLeavingTheSourceIsRefused() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: ../secret/
                    columns: [ { name: id, type: bigint } ]
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 6 (tables[0])", "from '../secret/' must not contain '..'");
    }

    @Test
    void aTypeCarryingAClauseIsRefused() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: shop/orders/
                    columns: [ { name: id, type: 'text default pg_sleep(5)' } ]
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("column 'id' has an invalid type 'text default pg_sleep(5)'");
    }

    @Test
    void anAliasIsRefusedWithItsPlaceInsteadOfReadAsText() throws IOException {
        CliRun scalar = validate("""
                  - name: orders
                    from: &p shop/orders/
                    columns: [ { name: id, type: bigint } ]
                  - name: orders_copy
                    from: *p
                    columns: [ { name: id, type: bigint } ]
                """);

        assertThat(scalar.exitCode()).isEqualTo(2);
        assertThat(scalar.err()).contains("line 10, column 11: YAML alias '*p' is not supported");

        CliRun list = validate("""
                  - name: orders
                    from: shop/orders/
                    columns: &cols [ { name: id, type: bigint } ]
                  - name: orders_copy
                    from: shop/orders_copy/
                    columns: *cols
                """);

        assertThat(list.exitCode()).isEqualTo(2);
        assertThat(list.err()).contains("line 11, column 14: YAML alias '*cols' is not supported");
    }

    @Test
    void anAliasWithoutAnchorIsRefusedToo() throws IOException {
        CliRun run = validate("""
                  - name: orders
                    from: *p
                    columns: [ { name: id, type: bigint } ]
                """);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 7, column 11: YAML alias '*p'");
    }
}
