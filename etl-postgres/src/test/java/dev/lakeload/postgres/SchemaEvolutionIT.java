package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.SchemaEvolution;
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

/** Columns that come and go at the source, with a header: matched by name, and each schemaEvolution policy. */
class SchemaEvolutionIT {
    private static final CsvFormat HEADER = new CsvFormat(true, ',', '"', "", Compression.AUTO, List.of());

    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "evolution");
        fixture.write("shop/orders/LOAD00000001.csv", "id,note,amount\n1,a,1.00\n");
        fixture.write("shop/orders/LOAD00000002.csv", "amount,id\n2.00,2\n");
    }

    private static TableSpec.Builder orders(SchemaEvolution policy) {
        return TableSpec.builder("orders", "shop/orders/").format(HEADER).schemaEvolution(policy)
                .column("id", "bigint").column("note", "text").column("amount", "numeric(12,2)")
                .primaryKey(List.of("id"));
    }

    private List<List<String>> orders(String columns) {
        return fixture.db.query("SELECT " + columns + " FROM orders ORDER BY id");
    }

    @Test
    void headerColumnsMatchByNameAndOneAFileLacksLoadsAsNull() {
        assertThat(fixture.load(orders(SchemaEvolution.FAIL).build()).status()).isEqualTo(TableStatus.LOADED);

        assertThat(orders("id::text, note, amount::text")).containsExactly(Arrays.asList("1", "a", "1.00"),
                Arrays.asList("2", null, "2.00"));
    }

    @Test
    void aNewHeaderColumnFailsTheTableByDefaultNamingTheFileAndThePolicies() {
        fixture.load(orders(SchemaEvolution.FAIL).build());
        fixture.write("shop/orders/LOAD00000003.csv", "id,note,amount,channel\n3,c,3.00,web\n");

        TableResult result = fixture.load(orders(SchemaEvolution.FAIL).build());

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains("shop/orders/LOAD00000003.csv", "channel",
                "schemaEvolution: addColumns");
        assertThat(orders("id::text")).containsExactly(List.of("1"), List.of("2"));
    }

    @Test
    void addColumnsAddsANewHeaderColumnAsTextOrItsDeclaredTypeAndRecordsTheChange() {
        fixture.load(orders(SchemaEvolution.FAIL).build());
        fixture.write("shop/orders/LOAD00000003.csv", "id,note,amount,channel,coupon\n3,c,3.00,web,X1\n");

        TableResult result = fixture.load(orders(SchemaEvolution.ADD_COLUMNS).column("coupon", "varchar(8)").build());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.notes()).contains("added column orders.coupon", "added column orders.channel");
        assertThat(orders("id::text, channel, coupon")).containsExactly(Arrays.asList("1", null, null),
                Arrays.asList("2", null, null), Arrays.asList("3", "web", "X1"));
        assertThat(fixture.db.query("SELECT target_table, change, column_name, column_type "
                + "FROM lakeload.schema_changes WHERE change = 'added column' ORDER BY column_name")).containsExactly(
                List.of("public.orders", "added column", "channel", "text"),
                List.of("public.orders", "added column", "coupon", "varchar(8)"));
    }

    @Test
    void addColumnsStillRefusesANameThatDiffersFromAColumnOnlyInCase() {
        fixture.load(orders(SchemaEvolution.FAIL).build());
        fixture.write("shop/orders/LOAD00000003.csv", "ID,note,amount\n3,c,3.00\n");

        TableResult result = fixture.load(orders(SchemaEvolution.ADD_COLUMNS).build());

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains("shop/orders/LOAD00000003.csv", "column ID", "did you mean 'id'",
                "fix the header").doesNotContain("schemaEvolution");
        assertThat(fixture.columnsOf("orders")).containsExactly("id", "note", "amount");
    }

    @Test
    void ignoreLeavesANewHeaderColumnOutWithANote() {
        fixture.load(orders(SchemaEvolution.FAIL).build());
        fixture.write("shop/orders/LOAD00000003.csv", "id,channel,note,amount\n3,web,c,3.00\n");

        TableResult result = fixture.load(orders(SchemaEvolution.IGNORE).build());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.notes()).anySatisfy(note -> assertThat(note).startsWith("ignored column orders.channel"));
        assertThat(fixture.columnsOf("orders")).containsExactly("id", "note", "amount");
        assertThat(orders("id::text, note")).contains(List.of("3", "c"));
        assertThat(fixture.db.queryValue("SELECT count(*) FROM lakeload.schema_changes "
                + "WHERE change = 'added column'")).isEqualTo("0");
    }

    private static TableSpec.Builder headerless(SchemaEvolution policy) {
        return TableSpec.builder("events", "shop/events/").schemaEvolution(policy)
                .column("id", "bigint").column("note", "text");
    }

    @Test
    void withoutAHeaderAnExtraFieldFailsNamingTheFirstFileAndAColumnDeclaredAtTheEndIsAdded() {
        fixture.write("shop/events/LOAD00000001.csv", "1,a\n");
        fixture.load(headerless(SchemaEvolution.FAIL).build());
        fixture.write("shop/events/LOAD00000002.csv", "2,b,web\n");
        fixture.write("shop/events/LOAD00000003.csv", "3,c,app\n");

        TableResult refused = fixture.load(headerless(SchemaEvolution.FAIL).build());
        assertThat(refused.status()).isEqualTo(TableStatus.FAILED);
        assertThat(refused.error()).contains("shop/events/LOAD00000002.csv", "line 1",
                "declare it at the end of columns and set schemaEvolution: addColumns");

        TableResult added = fixture.load(headerless(SchemaEvolution.ADD_COLUMNS).column("channel", "text").build());
        assertThat(added.status()).isEqualTo(TableStatus.LOADED);
        assertThat(added.notes()).contains("added column events.channel");
        fixture.write("shop/events/LOAD00000004.csv", "4,d\n");
        assertThat(fixture.load(headerless(SchemaEvolution.ADD_COLUMNS).column("channel", "text").build())
                .status()).isEqualTo(TableStatus.LOADED);

        assertThat(fixture.db.query("SELECT id::text, note, channel FROM events ORDER BY id")).containsExactly(
                Arrays.asList("1", "a", null), Arrays.asList("2", "b", "web"), Arrays.asList("3", "c", "app"),
                Arrays.asList("4", "d", null));
        assertThat(fixture.db.query("SELECT target_table, column_name, column_type FROM lakeload.schema_changes "
                + "WHERE change = 'added column'")).containsExactly(List.of("public.events", "channel", "text"));
    }

    @Test
    void withoutAHeaderIgnoreLeavesExtraFieldsOutWithANote() {
        fixture.write("shop/events/LOAD00000001.csv", "1,a\n2,b,web\n");

        TableResult result = fixture.load(headerless(SchemaEvolution.IGNORE).build());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.notes()).contains("1 record(s) in shop/events/LOAD00000001.csv had more fields than the "
                + "columns [id, note] (first: line 2); the extra ones were left out (schemaEvolution: ignore)");
        assertThat(fixture.db.query("SELECT id::text, note FROM events ORDER BY id")).containsExactly(
                List.of("1", "a"), List.of("2", "b"));
        assertThat(fixture.columnsOf("events")).containsExactly("id", "note");
    }
}
