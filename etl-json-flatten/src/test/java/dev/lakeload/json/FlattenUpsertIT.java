package dev.lakeload.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.source.Compression;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.postgres.PostgresWarehouse;
import dev.lakeload.testkit.files.TestFiles;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child tables of {@code arrays: table} follow their parent in {@code mode: upsert} and {@code mode: cdc}. */
class FlattenUpsertIT {
    @TempDir
    Path lake;

    private TestDatabase db;

    @BeforeEach
    void setUp() {
        db = PostgresServer.shared().newDatabase("flatten_upsert");
    }

    /** Writes a file of documents, one per line after its _id, as DMS quotes them. */
    private void documents(String key, String... idsAndDocuments) {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < idsAndDocuments.length; i += 2) {
            csv.append(idsAndDocuments[i]).append(",\"").append(idsAndDocuments[i + 1].replace("\"", "\"\""))
                    .append("\"\n");
        }
        TestFiles.write(lake.resolve("mongo/devices/" + key), csv.toString());
    }

    private TableResult load() {
        return load(LoadMode.UPSERT);
    }

    private TableResult load(LoadMode mode) {
        return load(mode, "text");
    }

    private TableResult load(LoadMode mode, String keyType) {
        TableSpec devices = TableSpec.builder("devices", "mongo/devices/")
                .format(new CsvFormat(false, ',', '"', "", Compression.AUTO, List.of("_id", "_doc")))
                .column("_id", keyType).primaryKey(List.of("_id")).mode(mode)
                .transformer(() -> new JsonFlattener(FlattenOptions.DEFAULTS.withArrays(ArrayMode.TABLE))).build();
        return new PostgresWarehouse(db.dataSource(), "public").pipeline(new LocalFolderSource(lake))
                .run(List.of(devices)).tables().get(0);
    }

    private List<List<String>> tags() {
        return db.query("SELECT _id, _index::text, value FROM devices__tags ORDER BY _id, _index");
    }

    @Test
    void upsertingAParentReplacesItsChildrenAlsoWhenItsArrayBecameEmptyOrAbsent() {
        documents("LOAD00000001.csv",
                "1", "{\"name\": \"a\", \"tags\": [\"x\", \"y\"]}",
                "2", "{\"name\": \"b\", \"tags\": [\"z\"]}",
                "3", "{\"name\": \"c\", \"tags\": [\"q\"]}",
                "4", "{\"name\": \"d\", \"tags\": [\"k\"]}");
        assertThat(load().status()).isEqualTo(TableStatus.LOADED);

        // Document 1 twice in one load: only the last one's children stay. 2's array is empty, 3 has none.
        documents("20260101-101500123.csv",
                "1", "{\"name\": \"a2\", \"tags\": [\"v\", \"w\", \"u\"]}",
                "2", "{\"name\": \"b2\", \"tags\": []}",
                "3", "{\"name\": \"c2\"}",
                "1", "{\"name\": \"a3\", \"tags\": [\"w\"]}");
        TableResult again = load();

        assertThat(again.status()).isEqualTo(TableStatus.LOADED);
        assertThat(db.query("SELECT _id, name FROM devices ORDER BY _id")).containsExactly(
                List.of("1", "a3"), List.of("2", "b2"), List.of("3", "c2"), List.of("4", "d"));
        assertThat(tags()).containsExactly(List.of("1", "0", "w"), List.of("4", "0", "k"));

        // A load in which no document has the array at all: no child relation is staged, the children still go.
        documents("20260101-111500000.csv", "4", "{\"name\": \"d2\"}");
        assertThat(load().status()).isEqualTo(TableStatus.LOADED);
        assertThat(tags()).containsExactly(List.of("1", "0", "w"));

        // A re-delivered document: the same children again, no unique violation on the child's key.
        documents("20260101-121500000.csv", "1", "{\"name\": \"a3\", \"tags\": [\"w\"]}");
        assertThat(load().status()).isEqualTo(TableStatus.LOADED);
        assertThat(tags()).containsExactly(List.of("1", "0", "w"));
    }

    @Test
    void aChangeDataDeleteDeletesTheParentAndItsChildren() {
        documents("LOAD00000001.csv",
                "1", "{\"name\": \"a\", \"tags\": [\"x\", \"y\"]}",
                "2", "{\"name\": \"b\", \"tags\": [\"z\"]}",
                "3", "{\"name\": \"c\", \"tags\": [\"q\"]}");
        assertThat(load(LoadMode.CDC).status()).isEqualTo(TableStatus.LOADED);

        // DMS change rows: Op first; a delete carries the key only.
        TestFiles.write(lake.resolve("mongo/devices/20260101-101500123.csv"),
                "D,1,\nU,2,\"{\"\"name\"\": \"\"b2\"\", \"\"tags\"\": [\"\"w\"\"]}\"\n");
        TableResult changes = load(LoadMode.CDC);

        assertThat(changes.status()).as(changes.error()).isEqualTo(TableStatus.LOADED);
        assertThat(db.query("SELECT _id, name FROM devices ORDER BY _id")).containsExactly(
                List.of("2", "b2"), List.of("3", "c"));
        assertThat(tags()).containsExactly(List.of("2", "0", "w"), List.of("3", "0", "q"));
    }

    @Test
    void childrenFollowAParentWhoseKeyIsNotText() {
        documents("LOAD00000001.csv",
                "1", "{\"name\": \"a\", \"tags\": [\"x\", \"y\"]}",
                "2", "{\"name\": \"b\", \"tags\": [\"z\"]}");
        assertThat(load(LoadMode.CDC, "bigint").status()).isEqualTo(TableStatus.LOADED);

        // The child table's copy of the key is text; a bigint parent key still finds its children.
        TestFiles.write(lake.resolve("mongo/devices/20260101-101500123.csv"),
                "D,1,\nU,2,\"{\"\"name\"\": \"\"b2\"\", \"\"tags\"\": [\"\"w\"\"]}\"\n");
        TableResult changes = load(LoadMode.CDC, "bigint");

        assertThat(changes.status()).as(changes.error()).isEqualTo(TableStatus.LOADED);
        assertThat(db.query("SELECT _id::text, name FROM devices ORDER BY _id")).containsExactly(List.of("2", "b2"));
        assertThat(tags()).containsExactly(List.of("2", "0", "w"));
    }
}
