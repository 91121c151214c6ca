package dev.lakeload.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.transform.TransformContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArrayModesTest {
    private static final FlattenOptions TABLE = FlattenOptions.DEFAULTS.withArrays(ArrayMode.TABLE);
    private static final String ORDER = "{\"_id\": {\"$oid\": \"56e1fc72e0c917e9c4714161\"}, \"tags\": [\"a\", \"b\"], "
            + "\"items\": [{\"sku\": \"A\", \"qty\": 1}, {\"sku\": \"B\", \"qty\": 2, \"opts\": [1, {\"$date\": 0}]}],"
            + " \"none\": [], \"owner\": {\"Phones\": [{\"n\": \"1\"}]}, \"total\": 3}";
    private static final String ID = "56e1fc72e0c917e9c4714161";

    private static Flatten table(Map<String, List<Column>> known) {
        return new Flatten(TABLE, Flatten.context(List.of("_id"), known));
    }

    @Test
    void keepsArraysWholeAsJsonbByDefault() {
        Row row = new Flatten().docs(ORDER).sink.single();

        assertThat(Flatten.values(row)).containsExactly(entry("_id", ID), entry("tags", "[\"a\",\"b\"]"),
                entry("items", "[{\"sku\":\"A\",\"qty\":1},{\"sku\":\"B\",\"qty\":2,"
                        + "\"opts\":[1,\"1970-01-01T00:00:00.000Z\"]}]"),
                entry("none", "[]"), entry("owner_phones", "[{\"n\":\"1\"}]"), entry("total", "3"));
        assertThat(Flatten.column(row, "tags")).isEqualTo(new Column("tags", "jsonb", "tags"));
    }

    @Test
    void putsEachElementInAChildRowAfterItsParent() {
        Flatten flatten = table(Map.of()).docs(ORDER);

        assertThat(flatten.sink.rows).extracting(row -> row.schema().relation())
                .containsExactly("", "tags", "tags", "items", "items", "owner_phones");
        assertThat(Flatten.values(flatten.sink.single())).containsExactly(entry("_id", ID), entry("total", "3"));
        assertThat(flatten.sink.relation("tags")).extracting(Flatten::values).containsExactly(
                Map.of("_id", ID, "_index", "0", "value", "a"), Map.of("_id", ID, "_index", "1", "value", "b"));
        assertThat(flatten.sink.relation("items")).extracting(Flatten::values).containsExactly(
                Flatten.map("_id", ID, "_index", "0", "sku", "A", "qty", "1", "opts", null),
                Flatten.map("_id", ID, "_index", "1", "sku", "B", "qty", "2",
                        "opts", "[1,\"1970-01-01T00:00:00.000Z\"]"));
        assertThat(flatten.sink.relation("owner_phones")).extracting(Flatten::values)
                .containsExactly(Map.of("_id", ID, "_index", "0", "n", "1"));
        assertThat(flatten.sink.rows).extracting(Row::line).containsOnly(1L);
        assertThat(flatten.sink.rows).extracting(Row::file).containsOnly("LOAD00000001.csv");
    }

    @Test
    void describesChildColumnsWithTheirTypesAndPaths() {
        Flatten flatten = table(Map.of()).docs(ORDER);

        assertThat(flatten.sink.relation("items").get(1).schema().columns()).containsExactly(
                new Column("_id", "text", null),
                new Column("_index", "bigint", "items"),
                new Column("sku", "text", "items[].sku"),
                new Column("qty", "bigint", "items[].qty"),
                new Column("opts", "jsonb", "items[].opts"));
        assertThat(flatten.sink.relation("tags").get(0).schema().columns()).contains(
                new Column("value", "text", "tags[]"));
        assertThat(flatten.sink.relation("owner_phones").get(0).schema().column(1))
                .isEqualTo(new Column("_index", "bigint", "owner.Phones"));
    }

    @Test
    void reusesChildSchemasAndGrowsThem() {
        Flatten flatten = table(Map.of()).docs("{\"_id\": 1, \"t\": [{\"a\": 1}, {\"a\": 2}]}",
                "{\"_id\": 2, \"t\": [{\"b\": 1}]}");
        List<Row> rows = flatten.sink.relation("t");

        assertThat(rows.get(1).schema()).isSameAs(rows.get(0).schema());
        assertThat(rows.get(2).schema().names()).containsExactly("_id", "_index", "a", "b");
        assertThat(rows.get(0).schema().isPrefixOf(rows.get(2).schema())).isTrue();
    }

    @Test
    void takesTheKeyFromAnInputColumn() {
        Flatten flatten = table(Map.of()).row(Flatten.WITH_ID, "k1", "{\"t\": [true]}");

        assertThat(flatten.sink.relation("t")).extracting(Flatten::values)
                .containsExactly(Map.of("_id", "k1", "_index", "0", "value", "true"));
    }

    @Test
    void mixesScalarAndObjectElementsAndKeepsNestedArraysAsJsonb() {
        Flatten flatten = table(Map.of()).docs("{\"_id\": 1, \"m\": [5, {\"value\": 6, \"_index\": 7, \"_id\": 8}, "
                + "[1, [2]], null, {}]}");

        assertThat(flatten.sink.relation("m")).extracting(Flatten::values).containsExactly(
                Flatten.map("_id", "1", "_index", "0", "value", "5", "value_2", null, "_index_2", null, "_id_2", null),
                Flatten.map("_id", "1", "_index", "1", "value", null, "value_2", "6", "_index_2", "7", "_id_2", "8"),
                Flatten.map("_id", "1", "_index", "2", "value", "[1,[2]]", "value_2", null, "_index_2", null,
                        "_id_2", null),
                Flatten.map("_id", "1", "_index", "3", "value", null, "value_2", null, "_index_2", null, "_id_2", null),
                Flatten.map("_id", "1", "_index", "4", "value", null, "value_2", null, "_index_2", null,
                        "_id_2", null));
        assertThat(Flatten.type(flatten.sink.relation("m").get(4), "value")).isEqualTo("jsonb");
    }

    @Test
    void emitsNoChildRowForAnEmptyArray() {
        Flatten flatten = table(Map.of()).docs("{\"_id\": 1, \"e\": []}");

        assertThat(flatten.sink.rows).hasSize(1);
        assertThat(flatten.sink.single().schema().names()).containsExactly("_id");
    }

    @Test
    void namesChildRelationsLikeColumnsAndTellsThemApart() {
        Flatten flatten = table(Map.of()).docs("{\"_id\": 1, \"a\": {\"b\": [1]}, \"a_b\": [2], \"A.B\": [3]}");

        assertThat(flatten.sink.rows).extracting(row -> row.schema().relation())
                .containsExactly("", "a_b", "a_b_2", "a_b_3");
    }

    @Test
    void reusesTheChildTablesOfAnEarlierLoad() {
        Map<String, List<Column>> known = Map.of(
                "", List.of(new Column("_id", "bigint", "_id")),
                "tags", List.of(new Column("_id", "numeric", null), new Column("_index", "bigint", "labels"),
                        new Column("value", "text", "labels[]")));
        Flatten flatten = table(known).docs("{\"_id\": 1, \"tags\": [\"x\"], \"labels\": [\"y\"]}");

        assertThat(flatten.sink.rows).extracting(row -> row.schema().relation())
                .containsExactly("", "tags_2", "tags");
        assertThat(flatten.sink.relation("tags").get(0).schema().columns()).containsExactly(
                new Column("_id", "numeric", null), new Column("_index", "bigint", "labels"),
                new Column("value", "text", "labels[]"));
        assertThat(flatten.sink.relation("tags_2").get(0).schema().column(0))
                .isEqualTo(new Column("_id", "bigint", null));
    }

    @Test
    void followsTheTypeOfTheParentKey() {
        Flatten flatten = table(Map.of()).docs("{\"_id\": 1, \"t\": [1]}", "{\"_id\": \"x\", \"t\": [2]}");
        List<Row> rows = flatten.sink.relation("t");

        assertThat(rows).extracting(row -> Flatten.type(row, "_id")).containsExactly("bigint", "text");
        assertThat(rows.get(0).schema().isPrefixOf(rows.get(1).schema())).isTrue();
    }

    @Test
    void needsAPrimaryKeyForChildTables() {
        JsonFlattener flattener = new JsonFlattener(TABLE);

        assertThatThrownBy(() -> flattener.begin(Flatten.context(List.of(), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("flatten.arrays: table orders needs primaryKey");
    }

    @Test
    void refusesAPrimaryKeyNamedLikeTheIndexColumn() {
        JsonFlattener flattener = new JsonFlattener(TABLE);

        assertThatThrownBy(() -> flattener.begin(Flatten.context(List.of("_index"), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("_index");
    }

    @Test
    void refusesATableNameThatLeavesNoRoomForChildTableNames() {
        JsonFlattener flattener = new JsonFlattener(TABLE);
        String table = "t".repeat(52);

        assertThatThrownBy(() -> flattener.begin(new TransformContext(table,
                List.of("id"), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flatten.arrays");
        new JsonFlattener(FlattenOptions.DEFAULTS).begin(new TransformContext(table,
                List.of(), Map.of()));
    }

    @Test
    void shortensChildRelationNamesToFitNextToTheTableName() {
        String table = "t".repeat(40); // leaves 21 bytes for the relation
        Flatten flatten = new Flatten(TABLE, new TransformContext(table, List.of("id"),
                Map.of())).docs("{\"id\": 1, \"a_long_array_name_indeed\": [1]}");

        String relation = flatten.sink.rows.get(1).schema().relation();
        assertThat(relation).matches("a_long_array_[0-9a-f]{8}");
        assertThat(table.length() + 2 + relation.length()).isEqualTo(63);
    }
}
