package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transformer's type hint reaches {@code CREATE TABLE} and {@code ALTER TABLE} only when it is a type name by the
 * grammar declared column types meet, and a type the server has: anything else fails the table, naming the column
 * and the hint, before any DDL runs.
 */
class TypeHintsIT {
    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "hints");
        fixture.write("crm/cust/LOAD00000001.csv", "1,Ann\n");
    }

    private static TableSpec cust(String hint) {
        return TableSpec.builder("cust", "crm/cust/").column("id", "bigint").column("name", "text")
                .transformer(() -> new AddsNameLength(hint)).build();
    }

    @Test
    void aHintCarryingAStatementIsRefusedBeforeAddingTheColumn() {
        fixture.db.execute("CREATE TABLE cust (id bigint, name text); CREATE TABLE victim (id int)");

        TableResult result = fixture.load(cust("integer; DROP TABLE victim"));

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains("table cust", "a transformer's output", "column 'name_length'",
                "'integer; DROP TABLE victim'", "fix the transformer");
        assertThat(fixture.db.tables("public")).containsExactly("cust", "victim");
        assertThat(fixture.columnsOf("cust")).containsExactly("id", "name");
    }

    @Test
    void aHintWithClausesIsRefusedBeforeCreatingTheTable() {
        TableResult result = fixture.load(cust("integer not null default 42"));

        assertThat(result.error()).contains("column 'name_length'", "'integer not null default 42'");
        assertThat(fixture.db.tables("public")).isEmpty();
    }

    @Test
    void aHintNamingATypeTheServerLacksNamesItAsDeclaredTypesDo() {
        TableResult result = fixture.load(cust("intger"));

        assertThat(result.error()).contains("table cust", "column 'name_length'", "PostgreSQL has no type 'intger'");
        assertThat(fixture.db.tables("public")).isEmpty();
    }

    @Test
    void aValidHintAddsTheColumnWithItsType() {
        fixture.db.execute("CREATE TABLE cust (id bigint, name text)");

        TableResult result = fixture.load(cust("numeric(5, 1)"));

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.db.queryValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                + "WHERE attrelid = 'cust'::regclass AND attname = 'name_length'")).isEqualTo("numeric(5,1)");
        assertThat(fixture.db.query("SELECT id, name, name_length FROM cust")).containsExactly(
                Arrays.asList("1", "Ann", "3.0"));
    }
}
