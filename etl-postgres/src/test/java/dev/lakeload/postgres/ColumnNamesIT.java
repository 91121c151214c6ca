package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.source.Compression;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged column names match the table's exactly, as quoted identifiers; a name that matches nothing fails the
 * table, naming the closest column, instead of adding a column and leaving the meant one empty.
 */
class ColumnNamesIT {
    private static final CsvFormat HEADER = new CsvFormat(true, ',', '"', "", Compression.AUTO, List.of());

    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "names");
    }

    @Test
    void aHeaderNameThatIsNotDeclaredFailsTheTableNamingTheClosestColumn() {
        fixture.write("crm/cust/LOAD00000001.csv", "id,name,v\n1,Ann,x\n");
        fixture.write("crm/cust/LOAD00000002.csv", "id,nme,v\n2,Bob,y\n");
        TableSpec cust = TableSpec.builder("cust", "crm/cust/").format(HEADER).column("id", "bigint")
                .column("name", "text").column("v", "text").build();

        TableResult result = fixture.load(cust);

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).startsWith("crm/cust/LOAD00000002.csv, line 1, column nme: the header names a column")
                .contains("did you mean 'name'?", "nothing was loaded", "match exactly");
        assertThat(fixture.db.tables("public")).isEmpty();
    }

    @Test
    void aHeaderNameThatTheExistingTableLacksFailsTheTable() {
        fixture.db.execute("CREATE TABLE cust (id bigint, name text, v text)");
        fixture.write("crm/cust/LOAD00000001.csv", "id,nme,v\n1,Ann,x\n");

        TableResult result = fixture.load(TableSpec.builder("cust", "crm/cust/").format(HEADER).build());

        assertThat(result.error()).contains("crm/cust/LOAD00000001.csv, line 1, column nme",
                "is not a column of public.cust", "did you mean 'name'?", "add the column to the table");
        assertThat(fixture.columnsOf("cust")).containsExactly("id", "name", "v");
    }

    @Test
    void declaredNamesInAnotherCaseThanTheExistingTableFailTheTable() {
        fixture.db.execute("CREATE TABLE cust (id bigint, name text)");
        fixture.write("crm/cust/LOAD00000001.csv", "1,Ann\n");

        TableResult result = fixture.load(TableSpec.builder("cust", "crm/cust/").column("ID", "bigint")
                .column("NAME", "text").build());

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains("table cust, columns: 'ID' is not a column of public.cust",
                "did you mean 'id'?", "quoted identifiers");
        assertThat(fixture.columnsOf("cust")).containsExactly("id", "name");
        assertThat(fixture.db.queryValue("SELECT count(*) FROM cust")).isEqualTo("0");
    }

    @Test
    void aFieldNameThatIsNotDeclaredFailsTheTable() {
        fixture.write("crm/cust/LOAD00000001.csv", "I,1,Ann\n");
        TableSpec cust = TableSpec.builder("cust", "crm/cust/").column("id", "bigint").column("name", "text")
                .format(new CsvFormat(false, ',', '"', "", Compression.AUTO, List.of("Op", "id", "name"))).build();

        assertThat(fixture.load(cust).error()).contains("table cust, format.fields: 'Op' is not among the declared "
                + "columns", "declare it in columns");
    }

    @Test
    void aNewTableWithoutDeclaredColumnsIsCreatedFromTheHeaderAndThenHoldsItsNames() {
        fixture.write("crm/cust/LOAD00000001.csv", "id,Name\n1,Ann\n");
        TableSpec cust = TableSpec.builder("cust", "crm/cust/").format(HEADER).build();

        assertThat(fixture.load(cust).status()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.columnsOf("cust")).containsExactly("id", "Name");

        fixture.write("crm/cust/LOAD00000002.csv", "id,name\n2,Bob\n");
        assertThat(fixture.load(cust).error()).contains("crm/cust/LOAD00000002.csv, line 1, column name",
                "did you mean 'Name'?");
        assertThat(fixture.db.query("SELECT id, \"Name\" FROM cust")).containsExactly(List.of("1", "Ann"));
    }

    @Test
    void aColumnNamedLikeAStagingColumnFailsTheTableNamingIt() {
        fixture.write("crm/cust/LOAD00000001.csv", "id,_lakeload_line\n1,7\n");

        TableResult result = fixture.load(TableSpec.builder("cust", "crm/cust/").format(HEADER).build());

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains("column '_lakeload_line'", "reserved", "_lakeload_file",
                "rename it");
        assertThat(fixture.db.tables("public")).isEmpty();
        assertThat(fixture.db.tables("lakeload")).containsExactlyInAnyOrder("columns", "files", "rejects",
                "run_tables", "runs", "schema_changes");
    }

    @Test
    void columnsThatATransformerAddsOnPurposeAreStillAdded() {
        fixture.db.execute("CREATE TABLE cust (id bigint, name text)");
        fixture.write("crm/cust/LOAD00000001.csv", "1,Ann\n");
        TableSpec cust = TableSpec.builder("cust", "crm/cust/").column("id", "bigint").column("name", "text")
                .transformer(() -> new AddsNameLength("integer")).build();

        TableResult result = fixture.load(cust);

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(result.notes()).contains("added column cust.name_length");
        assertThat(fixture.db.query("SELECT id, name, name_length FROM cust")).containsExactly(
                Arrays.asList("1", "Ann", "3"));
    }
}
