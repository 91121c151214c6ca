package dev.lakeload.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.row.Row;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnNamingTest {
    private static final String LONG_PREFIX = "a_rather_long_key_name_that_goes_on_and_on_and_on_and_on_and_on_and_on";

    private static List<String> names(Row row) {
        return row.schema().names();
    }

    @Test
    void lowerCasesAndReplacesWhatIsNoLetterOrDigit() {
        Row row = new Flatten().docs("{\"First Name\": 1, \"e-mail\": 2, \"$price\": 3, \"a.b\": 4, \"ÄÖü\": 5, "
                + "\"ключ\": 6, \"🎉party\": 7, \"\": 8, \"9lives\": 9, \"x\\\"y\": 10}").sink.single();

        assertThat(names(row)).containsExactly("first_name", "e_mail", "_price", "a_b", "äöü", "ключ", "_party",
                "_", "_9lives", "x_y");
        assertThat(row.schema().columns()).extracting(Column::sourcePath).containsExactly("First Name", "e-mail",
                "$price", "a\\.b", "ÄÖü", "ключ", "🎉party", "", "9lives", "x\"y");
    }

    @Test
    void keepsTheCaseWhenNotLowerCasing() {
        Row row = new Flatten(FlattenOptions.DEFAULTS.withLowerCase(false).withSeparator("__"))
                .docs("{\"Owner\": {\"firstName\": 1, \"Ä\": 2}}").sink.single();

        assertThat(names(row)).containsExactly("Owner__firstName", "Owner__Ä");
    }

    @Test
    void escapesDotsBracketsAndBackslashesOfKeysInSourcePaths() {
        Row row = new Flatten().docs("{\"v.1\": {\"[x]\": 1, \"a\\\\b\": 2}, \"\": {\"k\": 3}}").sink.single();

        assertThat(row.schema().columns()).extracting(Column::sourcePath)
                .containsExactly("v\\.1.\\[x]", "v\\.1.a\\\\b", ".k");
    }

    @Test
    void tellsApartPathsThatCleanToTheSameNameFirstComeFirstServed() {
        Row row = new Flatten().docs("{\"a\": {\"b\": 1}, \"a_b\": 2, \"A.B\": 3, \"Name\": 4, \"name\": 5, "
                + "\"a_b_2\": 6}").sink.single();

        assertThat(Flatten.values(row)).containsExactly(entry("a_b", "1"), entry("a_b_2", "2"), entry("a_b_3", "3"),
                entry("name", "4"), entry("name_2", "5"), entry("a_b_2_2", "6"));
        assertThat(row.schema().columns()).extracting(Column::sourcePath)
                .containsExactly("a.b", "a_b", "A\\.B", "Name", "name", "a_b_2");
    }

    @Test
    void keepsNamesFromOneDocumentToTheNext() {
        Flatten flatten = new Flatten().docs("{\"name\": 1}", "{\"Name\": 2, \"name\": 3}", "{\"Name\": 4}");

        assertThat(flatten.sink.main()).extracting(Flatten::values).containsExactly(Map.of("name", "1"),
                Map.of("name", "3", "name_2", "2"), Flatten.map("name", null, "name_2", "4"));
    }

    @Test
    void neverNamesAColumnLikeAPostgresSystemColumn() {
        Row row = new Flatten().docs("{\"xmin\": 1, \"xmax\": 2, \"ctid\": 3, \"oid\": 4}").sink.single();

        assertThat(names(row)).containsExactly("xmin_2", "xmax_2", "ctid_2", "oid");
    }

    @Test
    void shortensLongNamesTo63BytesWithAHashOfThePath() {
        String first = LONG_PREFIX + "_first";
        String second = LONG_PREFIX + "_second";
        Row row = new Flatten().docs("{\"" + first + "\": 1, \"" + second + "\": 2, \"short\": 3}").sink.single();

        assertThat(names(row)).hasSize(3).doesNotHaveDuplicates();
        assertThat(names(row).subList(0, 2)).allSatisfy(name -> {
            assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(63);
            assertThat(name).matches(LONG_PREFIX.substring(0, 54) + "_[0-9a-f]{8}");
        });
        assertThat(names(row).get(2)).isEqualTo("short");
        assertThat(Flatten.column(row, names(row).get(0)).sourcePath()).isEqualTo(first);
    }

    @Test
    void countsTheLimitInUtf8BytesAndNeverCutsACharacter() {
        String cyrillic = "ключ".repeat(10); // 40 characters, 80 bytes
        String exactly63 = "я".repeat(31) + "x"; // 63 bytes
        Row row = new Flatten().docs("{\"" + cyrillic + "\": 1, \"" + exactly63 + "\": 2}").sink.single();

        String shortened = names(row).get(0);
        assertThat(shortened.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(63);
        assertThat(shortened).matches("(ключ)+[кюл]*_[0-9a-f]{8}");
        assertThat(shortened).startsWith("ключключ");
        assertThat(names(row).get(1)).isEqualTo(exactly63);
    }

    @Test
    void shortensNumberedNamesToo() {
        String name = "k".repeat(63);
        Row row = new Flatten().docs("{\"" + name + "\": 1, \"" + name.toUpperCase() + "\": 2}").sink.single();

        assertThat(names(row)).containsExactly(name, "k".repeat(61) + "_2");
    }

    @Test
    void reusesTheNamesRecordedInAnEarlierLoad() {
        // What the promoter reports: name, actual column type, and the JSON path recorded when the column was made.
        Map<String, List<Column>> known = Map.of("", List.of(
                new Column("_id", "text", null),
                new Column("name", "text", "name"),
                new Column("name_2", "text", "Name"),
                new Column("total", "numeric", "total"),
                new Column("a_b_7", "bigint", "a.b")));
        Flatten flatten = new Flatten(FlattenOptions.DEFAULTS, Flatten.context(List.of(), known))
                .docs("{\"Name\": \"x\", \"a\": {\"b\": 1}, \"total\": 1.5, \"new\": 2, \"name\": \"y\"}");
        Row row = flatten.sink.single();

        assertThat(Flatten.values(row)).containsExactly(entry("name_2", "x"), entry("a_b_7", "1"),
                entry("total", "1.5"), entry("new", "2"), entry("name", "y"));
        assertThat(Flatten.column(row, "total")).isEqualTo(new Column("total", "numeric", "total"));
    }

    @Test
    void givesNoRecordedNameToANewPathThatCleansToIt() {
        Map<String, List<Column>> known = Map.of("", List.of(new Column("name", "text", "name"),
                new Column("legacy", "text", null)));
        Row row = new Flatten(FlattenOptions.DEFAULTS, Flatten.context(List.of(), known))
                .docs("{\"NAME\": 1, \"Legacy\": 2, \"name\": 3}").sink.single();

        assertThat(Flatten.values(row)).containsExactly(entry("name_2", "1"), entry("legacy_2", "2"),
                entry("name", "3"));
    }

    @Test
    void keepsTheTypeOfAnExistingColumnAndWritesValuesForIt() {
        Map<String, List<Column>> known = Map.of("", List.of(new Column("n", "bigint", "n"),
                new Column("tags", "text", "tags"), new Column("doc", "jsonb", "doc"),
                new Column("u", "bytea", "u")));
        Flatten flatten = new Flatten(FlattenOptions.DEFAULTS.withMaxDepth(1), Flatten.context(List.of(), known))
                .docs("{\"n\": 1.5, \"tags\": [\"a\"], \"doc\": \"s\", \"u\": {\"$uuid\": "
                        + "\"73ffd264-44b3-4c69-90e8-e7d1dfc035d4\"}}", "{\"doc\": {\"k\": nan}}");
        List<Row> rows = flatten.sink.main();

        assertThat(rows.get(0).schema().columns()).extracting(Column::typeHint)
                .containsExactly("bigint", "text", "jsonb", "bytea");
        assertThat(Flatten.values(rows.get(0))).containsExactly(entry("n", "1.5"), entry("tags", "[\"a\"]"),
                entry("doc", "\"s\""), entry("u", "\\x73ffd26444b34c6990e8e7d1dfc035d4"));
        assertThat(rows.get(1).get("doc")).isEqualTo("{\"k\":\"NaN\"}");
    }

    @Test
    void failsWhenAnInputColumnTakesTheNameRecordedForAPath() {
        Map<String, List<Column>> known = Map.of("", List.of(new Column("code", "text", "code")));
        Flatten flatten = new Flatten(FlattenOptions.DEFAULTS, Flatten.context(List.of(), known));

        assertThatThrownBy(() -> flatten.row(Schema.ofNames(List.of("code", "_doc")), "1", "{\"code\": 1}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("input column 'code'")
                .hasMessageContaining("JSON path 'code'");
    }

    @Test
    void failsWhenANewInputSchemaBringsAColumnAPathAlreadyHas() {
        Flatten flatten = new Flatten().docs("{\"_id\": 1}");

        assertThatThrownBy(() -> flatten.row(Flatten.WITH_ID, "1", "{\"_id\": 1}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("input column '_id'");
    }
}
