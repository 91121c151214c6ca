package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.row.Column;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.transform.RowTransformer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transformer's column that lands in a jsonb column: staged as JSON throughout (every row under a jsonb hint), its
 * values convert plainly, so one that is not JSON is a reject; when the column widened to jsonb after it staged
 * scalars, those convert leniently into JSON strings.
 */
class JsonHintsIT {
    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "jsonhints");
    }

    /** Adds column {@code doc} (source path {@code doc}) holding {@code name}, hinted {@code hints[id - 1]}. */
    private static TableSpec docs(String... hints) {
        return TableSpec.builder("docs", "crm/docs/").column("id", "bigint").column("name", "text").maxRejects(1)
                .transformer(() -> new RowTransformer() {
                    private final Map<String, Schema> outputs = new HashMap<>();

                    @Override
                    public void transform(Row row, RowSink out) {
                        String hint = hints[Integer.parseInt(row.get(0)) - 1];
                        Schema output = outputs.computeIfAbsent(hint,
                                h -> row.schema().withColumn(new Column("doc", h, "doc")));
                        String[] values = Arrays.copyOf(row.copyValues(), output.size());
                        values[values.length - 1] = row.get(1);
                        out.accept(row.withValues(output, values));
                    }
                }).build();
    }

    @Test
    void aColumnStagedAsJsonThroughoutLoadsItsJsonAndRejectsAValueThatIsNot() {
        fixture.write("crm/docs/LOAD00000001.csv", "1,\"[1, 2]\"\n2,\"{\"\"a\"\": true}\"\n3,not json\n");

        TableResult result = fixture.load(docs("jsonb", "jsonb", "jsonb"));

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(fixture.db.query("SELECT id::text, doc::text FROM docs ORDER BY id")).containsExactly(
                List.of("1", "[1, 2]"), List.of("2", "{\"a\": true}"));
        assertThat(fixture.rejects()).hasSize(1);
        assertThat(fixture.rejects().get(0)).startsWith("crm/docs/LOAD00000001.csv", "3", "doc", "not json");
        assertThat(fixture.rejects().get(0).get(4)).startsWith("not a valid jsonb: invalid input syntax");
    }

    @Test
    void aColumnThatHeldScalarsBeforeWideningToJsonbKeepsThemAsJsonStrings() {
        fixture.write("crm/docs/LOAD00000001.csv", "1,plain text\n2,\"[1, 2]\"\n3,42\n");

        TableResult result = fixture.load(docs("text", "jsonb", "jsonb"));

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsRejected()).isZero();
        assertThat(fixture.db.query("SELECT id::text, doc::text FROM docs ORDER BY id")).containsExactly(
                List.of("1", "\"plain text\""), List.of("2", "[1, 2]"), List.of("3", "42"));
    }
}
