package dev.lakeload.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.lakeload.core.ConfigException;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.Schema;
import dev.lakeload.testkit.rows.RecordingSink;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonFlattenerTest {
    @Test
    void flattensNestedObjectsIntoColumnsNamedByTheirPath() {
        Row row = new Flatten().docs("{\"_id\": {\"$oid\": \"56e1fc72e0c917e9c4714161\"}, \"owner\": {\"name\": "
                + "\"Ada\", \"address\": {\"city\": \"London\", \"zip\": null}}, \"total\": 12.5}").sink.single();

        assertThat(Flatten.values(row)).containsExactly(entry("_id", "56e1fc72e0c917e9c4714161"),
                entry("owner_name", "Ada"), entry("owner_address_city", "London"), entry("owner_address_zip", null),
                entry("total", "12.5"));
        assertThat(row.schema().columns()).containsExactly(
                new Column("_id", "text", "_id"),
                new Column("owner_name", "text", "owner.name"),
                new Column("owner_address_city", "text", "owner.address.city"),
                new Column("owner_address_zip", null, "owner.address.zip"),
                new Column("total", "double precision", "total"));
    }

    @Test
    void keepsTheInputColumnsBeforeTheFlattenedOnesAndDropsTheDocumentColumn() {
        Flatten flatten = new Flatten().row(Flatten.WITH_ID, "56e1fc72e0c917e9c4714161", "{\"a\": 1}");
        Row row = flatten.sink.single();

        assertThat(row.schema().names()).containsExactly("_id", "a");
        assertThat(row.get("_id")).isEqualTo("56e1fc72e0c917e9c4714161");
        assertThat(row.file()).isEqualTo("LOAD00000001.csv");
        assertThat(row.line()).isEqualTo(1);
    }

    @Test
    void keepsTheDocumentColumnWhenAsked() {
        Flatten flatten = new Flatten(FlattenOptions.DEFAULTS.withKeep(true))
                .row(Flatten.WITH_ID, "1", "{\"a\": 1, \"_doc\": 2}");

        assertThat(Flatten.values(flatten.sink.single())).containsExactly(entry("_id", "1"),
                entry("_doc", "{\"a\": 1, \"_doc\": 2}"), entry("a", "1"), entry("_doc_2", "2"));
    }

    @Test
    void leavesOutTheDocumentsIdWhenDmsExtractedItIntoItsOwnColumn() {
        Flatten flatten = new Flatten()
                .row(Flatten.WITH_ID, "5", "{\"_id\": 5, \"a\": 1}")
                .row(Flatten.WITH_ID, "64b7f0a1c2d3e4f5a6b7c8d1",
                        "{\"_id\": {\"$oid\": \"64b7f0a1c2d3e4f5a6b7c8d1\"}, \"a\": 2, \"b\": {\"_id\": 3}}")
                .row(Flatten.WITH_ID, "{\"k\": 1}", "{\"_id\": {\"k\": 1}, \"a\": 4}");

        assertThat(flatten.sink.main()).extracting(Flatten::values).containsExactly(
                Flatten.map("_id", "5", "a", "1"),
                Flatten.map("_id", "64b7f0a1c2d3e4f5a6b7c8d1", "a", "2", "b__id", "3"),
                Flatten.map("_id", "{\"k\": 1}", "a", "4", "b__id", null));
    }

    @Test
    void keepsTheDocumentsIdWhenTheInputHasNoIdColumn() {
        Flatten flatten = new Flatten().docs("{\"_id\": 5, \"a\": 1}");

        assertThat(Flatten.values(flatten.sink.single())).containsExactly(entry("_id", "5"), entry("a", "1"));
    }

    @Test
    void readsTheDocumentFromTheConfiguredColumn() {
        Schema input = Schema.ofNames(List.of("payload", "note"));
        Flatten flatten = new Flatten(FlattenOptions.DEFAULTS.withColumn("payload")).row(input, "{\"a\": 1}", "x");

        assertThat(Flatten.values(flatten.sink.single())).containsExactly(entry("note", "x"), entry("a", "1"));
    }

    @Test
    void failsTheLoadWhenTheRowsHaveNoDocumentColumn() {
        Flatten flatten = new Flatten();

        assertThatThrownBy(() -> flatten.row(Schema.ofNames(List.of("doc")), "{}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("flatten.column")
                .hasMessageContaining("'_doc'")
                .hasMessageContaining("LOAD00000001.csv");
    }

    @Test
    void growsTheSchemaWhenAKeyFirstAppearsAndReusesItOtherwise() {
        Flatten flatten = new Flatten().docs("{\"a\": 1}", "{\"a\": 2}", "{\"b\": \"x\", \"a\": 3}", "{}",
                "{\"c\": true}");
        List<Row> rows = flatten.sink.main();

        assertThat(rows.get(1).schema()).isSameAs(rows.get(0).schema());
        assertThat(rows.get(2).schema().names()).containsExactly("a", "b");
        assertThat(rows.get(0).schema().isPrefixOf(rows.get(2).schema())).isTrue();
        assertThat(rows.get(3).schema()).isSameAs(rows.get(2).schema());
        assertThat(rows.get(4).schema().names()).containsExactly("a", "b", "c");
        assertThat(rows.get(2).schema().isPrefixOf(rows.get(4).schema())).isTrue();
        assertThat(rows).extracting(Flatten::values).containsExactly(Map.of("a", "1"), Map.of("a", "2"),
                Map.of("a", "3", "b", "x"), Flatten.map("a", null, "b", null),
                Flatten.map("a", null, "b", null, "c", "true"));
    }

    @Test
    void widensATypeInANewSchemaWithTheColumnInPlace() {
        Flatten flatten = new Flatten().docs("{\"n\": 1, \"s\": 1}", "{\"n\": 2.5, \"s\": \"x\"}",
                "{\"n\": {\"$numberDecimal\": \"1.10\"}, \"s\": 2}");
        List<Row> rows = flatten.sink.main();

        assertThat(rows).extracting(row -> Flatten.type(row, "n"))
                .containsExactly("bigint", "double precision", "numeric");
        assertThat(rows).extracting(row -> Flatten.type(row, "s")).containsExactly("bigint", "text", "text");
        assertThat(rows.get(1).schema().names()).isEqualTo(rows.get(0).schema().names());
        assertThat(rows).extracting(row -> row.get("n")).containsExactly("1", "2.5", "1.10");
    }

    @Test
    void widensScalarsMixedWithArraysOrDeepObjectsToJsonb() {
        Flatten flatten = new Flatten(FlattenOptions.DEFAULTS.withMaxDepth(1))
                .docs("{\"t\": \"a\", \"o\": 5}", "{\"t\": [\"a\", 1], \"o\": {\"k\": 1}}", "{\"t\": \"b\", \"o\": 6}");
        List<Row> rows = flatten.sink.main();

        assertThat(rows).extracting(row -> Flatten.type(row, "t")).containsExactly("text", "jsonb", "jsonb");
        assertThat(rows).extracting(row -> Flatten.type(row, "o")).containsExactly("bigint", "jsonb", "jsonb");
        assertThat(rows).extracting(row -> row.get("t")).containsExactly("a", "[\"a\",1]", "\"b\"");
        assertThat(rows).extracting(row -> row.get("o")).containsExactly("5", "{\"k\":1}", "6");
    }

    @Test
    void widensTypesThatShareNoInputSyntaxToText() {
        Flatten flatten = new Flatten().docs(
                "{\"a\": true, \"u\": {\"$uuid\": \"73ffd264-44b3-4c69-90e8-e7d1dfc035d4\"}}",
                "{\"a\": {\"$date\": 0}, \"u\": {\"$binary\": {\"base64\": \"//8=\", \"subType\": \"00\"}}}");
        Row last = flatten.sink.main().get(1);

        assertThat(Flatten.type(last, "a")).isEqualTo("text");
        assertThat(Flatten.type(last, "u")).isEqualTo("text");
        assertThat(Flatten.values(last)).containsExactly(entry("a", "1970-01-01T00:00:00.000Z"),
                entry("u", "\\xffff"));
    }

    @Test
    void givesAPathSeenOnlyAsNullNoTypeUntilAValueComes() {
        Flatten flatten = new Flatten().docs("{\"a\": null}", "{\"a\": {\"$undefined\": true}}", "{\"a\": 7}");
        List<Row> rows = flatten.sink.main();

        assertThat(rows).extracting(row -> Flatten.type(row, "a")).containsExactly(null, null, "bigint");
        assertThat(rows).extracting(row -> row.get("a")).containsExactly(null, null, "7");
    }

    @Test
    void putsAScalarAndTheKeysOfAnObjectAtTheSamePathInSeparateColumns() {
        Flatten flatten = new Flatten().docs("{\"a\": {\"b\": 1}}", "{\"a\": \"flat\"}");

        assertThat(Flatten.values(flatten.sink.main().get(1))).containsExactly(entry("a_b", null),
                entry("a", "flat"));
    }

    @Test
    void keepsObjectsDeeperThanMaxDepthWholeAsJsonb() {
        Row row = new Flatten(FlattenOptions.DEFAULTS.withMaxDepth(2)).docs("{\"a\": {\"b\": {\"c\": {\"d\": 1}, "
                + "\"e\": [1, {\"$date\": 0}], \"f\": {}}, \"g\": 2}, \"h\": {}}").sink.single();

        assertThat(Flatten.values(row)).containsExactly(
                entry("a_b", "{\"c\":{\"d\":1},\"e\":[1,\"1970-01-01T00:00:00.000Z\"],\"f\":{}}"), entry("a_g", "2"));
        assertThat(Flatten.column(row, "a_b")).isEqualTo(new Column("a_b", "jsonb", "a.b"));
    }

    @Test
    void flattensOnlyTopLevelKeysWithMaxDepthOne() {
        Row row = new Flatten(FlattenOptions.DEFAULTS.withMaxDepth(1))
                .docs("{\"a\": {\"b\": 1}, \"c\": {\"$date\": 0}}").sink.single();

        assertThat(Flatten.values(row)).containsExactly(entry("a", "{\"b\":1}"),
                entry("c", "1970-01-01T00:00:00.000Z"));
        assertThat(Flatten.type(row, "c")).isEqualTo("timestamptz");
    }

    @Test
    void keepsTheLastValueOfADuplicatedKey() {
        Row row = new Flatten().docs("{\"a\": 1, \"a\": 2}").sink.single();

        assertThat(Flatten.values(row)).containsExactly(entry("a", "2"));
    }

    @Test
    void rejectsMalformedDocumentsWithTheirOffsetAndGoesOn() {
        Flatten flatten = new Flatten().docs("{\"a\": 1}", "{\"a\": tru}", "{\"a\": 1", "{\"a\": 1} {\"b\": 2}",
                "{\"a\": 1} x", "{\"a\": 3}");

        assertThat(flatten.sink.main()).extracting(row -> row.get("a")).containsExactly("1", "3");
        assertThat(flatten.sink.main().get(1).schema()).isSameAs(flatten.sink.main().get(0).schema());
        assertThat(flatten.sink.rejects).extracting(RecordingSink.Reject::reason).satisfiesExactly(
                reason -> assertThat(reason).startsWith("malformed JSON at offset 6: Unrecognized token 'tru'"),
                reason -> assertThat(reason).isEqualTo("malformed JSON at offset 7: Unexpected end-of-input: expected "
                        + "close marker for Object (start marker at [line: 1, column: 1])"),
                reason -> assertThat(reason)
                        .isEqualTo("malformed JSON at offset 9: more JSON after the end of the document"),
                reason -> assertThat(reason).startsWith("malformed JSON at offset 9: Unrecognized token 'x'"));
        assertThat(flatten.sink.rejects).extracting(RecordingSink.Reject::column).containsOnly("_doc");
        assertThat(flatten.sink.rejects.get(0).rawValue()).isEqualTo("{\"a\": tru}");
        assertThat(flatten.sink.rejects.get(0).origin().line()).isEqualTo(2);
    }

    @Test
    void rejectsDocumentsCutOffInsideArraysWrappersAndDeepObjects() {
        FlattenOptions deepAndTables = FlattenOptions.DEFAULTS.withMaxDepth(1).withArrays(ArrayMode.TABLE);
        Flatten flatten = new Flatten(deepAndTables, Flatten.context(List.of("_id"), Map.of())).docs(
                "{\"a\": [1, 2", "{\"a\": [{\"b\": [1", "{\"a\": {\"$binary\": {\"base64\": \"x\"",
                "{\"a\": {\"b\": {\"c\": [", "{\"a\": {\"$date\": [1, ");

        assertThat(flatten.sink.rows).isEmpty();
        assertThat(flatten.sink.rejects).extracting(RecordingSink.Reject::reason)
                .allSatisfy(reason -> assertThat(reason).contains("Unexpected end-of-input"));
    }

    @Test
    void addsNoColumnForAKeyOfADocumentThatFailsLater() {
        Flatten flatten = new Flatten().docs("{\"early\": 1, \"bad\": }", "{\"a\": 1}");

        assertThat(flatten.sink.single().schema().names()).containsExactly("a");
    }

    @Test
    void rejectsMissingEmptyAndNonObjectDocuments() {
        Flatten flatten = new Flatten();
        flatten.row(Flatten.DOC_ONLY, (String) null);
        flatten.docs("", "  ", "[{\"a\": 1}]", "\"text\"", "12", "null");

        assertThat(flatten.sink.rows).isEmpty();
        assertThat(flatten.sink.rejects).extracting(RecordingSink.Reject::reason).containsExactly("no document",
                "no document", "no document", "not a JSON object: the document is an array",
                "not a JSON object: the document is a string", "not a JSON object: the document is a number",
                "not a JSON object: the document is null");
        assertThat(flatten.sink.rejects.get(0).rawValue()).isNull();
        assertThat(flatten.sink.rejects.get(1).rawValue()).isEmpty();
    }

    @Test
    void readsTheBareNanAndInfOfLegacyLibbsonButNotInsideStrings() {
        Row row = new Flatten().docs("{\"a\": nan, \"b\": [inf, -inf, -nan], \"s\": \"nan inf\", \"n\": null, "
                + "\"info\": \"x\"}").sink.single();

        assertThat(Flatten.values(row)).containsExactly(entry("a", "NaN"),
                entry("b", "[\"Infinity\",\"-Infinity\",\"NaN\"]"), entry("s", "nan inf"), entry("n", null),
                entry("info", "x"));
    }

    @Test
    void reportsTheOffsetInTheOriginalDocumentWhenALegacyDocumentIsMalformed() {
        Flatten flatten = new Flatten().docs("{\"a\": -inf, \"b\": inf, \"c\": ]}");

        assertThat(flatten.sink.rejects).singleElement().extracting(RecordingSink.Reject::reason).asString()
                .startsWith("malformed JSON at offset 27: Unexpected character (']'");
    }

    @Test
    void passesNulInStringsThroughAndCleansItOutOfNames() {
        Row row = new Flatten().docs("{\"s\": \"a\\u0000b\", \"k\\u0000ey\": 1, \"j\": [\"c\\u0000\"]}")
                .sink.single();

        assertThat(Flatten.values(row)).containsExactly(entry("s", "a\0b"), entry("k_ey", "1"),
                entry("j", "[\"c\0\"]"));
        assertThat(Flatten.column(row, "k_ey").sourcePath()).isEqualTo("k\\0ey");
    }

    @Test
    void keepsEmojiAndNonLatinTextInValues() {
        Row row = new Flatten().docs("{\"名前\": \"山田 🎉\", \"emoji\": \"\\ud83d\\ude00\", "
                + "\"j\": [\"Ωmega\", \"\\u00e9\"]}").sink.single();

        assertThat(Flatten.values(row)).containsExactly(entry("名前", "山田 🎉"), entry("emoji", "😀"),
                entry("j", "[\"Ωmega\",\"é\"]"));
    }

    @Test
    void escapesWhatJsonMustEscapeInJsonbText() {
        Row row = new Flatten().docs("{\"j\": [\"q\\\"b\\\\n\\n\\t\\u0001\"], \"k\": {\"$minKey\": 1}}").sink.single();

        assertThat(row.get("j")).isEqualTo("[\"q\\\"b\\\\n\\n\\t\\u0001\"]");
    }

    @Test
    void resetsEverythingAtBegin() {
        Flatten flatten = new Flatten().docs("{\"a\": 1}");
        flatten.flattener.begin(Flatten.context(List.of(), Map.of()));
        flatten.docs("{\"b\": 1}");

        assertThat(flatten.sink.main().get(1).schema().names()).containsExactly("b");
    }

    @Test
    void refusesToTransformBeforeBegin() {
        JsonFlattener flattener = new JsonFlattener(FlattenOptions.DEFAULTS);

        assertThatThrownBy(() -> flattener.transform(new Row(Flatten.DOC_ONLY, new String[] {"{}"}, "f", 1),
                new RecordingSink())).isInstanceOf(IllegalStateException.class);
    }
}
