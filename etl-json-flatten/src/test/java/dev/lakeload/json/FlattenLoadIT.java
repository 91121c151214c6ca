package dev.lakeload.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.CsvFormat;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.NulPolicy;
import dev.lakeload.core.config.RewritePolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.source.Compression;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.postgres.PostgresWarehouse;
import dev.lakeload.testkit.pg.LimitedDataSource;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flattened documents loaded into a real PostgreSQL: evolution, stable names, child tables, rejects. */
class FlattenLoadIT {
    private static final CsvFormat DMS_DOCUMENTS =
            new CsvFormat(false, ',', '"', "", Compression.AUTO, List.of("_id", "_doc"));

    @TempDir
    Path lake;

    private TestDatabase db;
    private int files;

    @BeforeEach
    void setUp() {
        db = PostgresServer.shared().newDatabase("flatten");
    }

    /** Writes the next full-load file of the collection: one document per line, as DMS quotes them. */
    private void documents(String... idsAndDocuments) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < idsAndDocuments.length; i += 2) {
            csv.append(idsAndDocuments[i]).append(",\"").append(idsAndDocuments[i + 1].replace("\"", "\"\""))
                    .append("\"\n");
        }
        Path file = lake.resolve("mongo/devices/LOAD%08X.csv".formatted(++files));
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv);
    }

    private TableSpec.Builder devices(FlattenOptions options) {
        return TableSpec.builder("devices", "mongo/devices/").format(DMS_DOCUMENTS)
                .column("_id", "text").primaryKey(List.of("_id"))
                .transformer(() -> new JsonFlattener(options));
    }

    private TableResult load(TableSpec spec) {
        return load(spec, db.dataSource());
    }

    private TableResult load(TableSpec spec, DataSource dataSource) {
        List<TableResult> tables = new PostgresWarehouse(dataSource, "public")
                .pipeline(new LocalFolderSource(lake)).run(List.of(spec)).tables();
        return tables.get(0);
    }

    private String type(String table, String column) {
        return db.queryValue("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                + table + "'::regclass AND attname = '" + column + "'");
    }

    @Test
    void aKeyFirstSeenInALaterFileAddsAColumnAndIsReported() throws IOException {
        documents("1", "{\"name\": \"a\", \"owner\": {\"city\": \"Berlin\"}, \"installed\": {\"$date\": 0}}");
        TableResult first = load(devices(FlattenOptions.DEFAULTS).build());
        assertThat(first.status()).isEqualTo(TableStatus.LOADED);
        assertThat(type("devices", "installed")).isEqualTo("timestamp with time zone");

        documents("2", "{\"name\": \"b\", \"owner\": {\"city\": \"Paris\", \"zip\": \"75001\"}, \"level\": 3}");
        TableResult second = load(devices(FlattenOptions.DEFAULTS).build());

        assertThat(second.status()).isEqualTo(TableStatus.LOADED);
        assertThat(second.notes()).contains("added column devices.owner_zip", "added column devices.level");
        assertThat(type("devices", "level")).isEqualTo("bigint");
        assertThat(db.query("SELECT _id, name, owner_city, owner_zip, level, installed IS NULL FROM devices "
                + "ORDER BY _id")).containsExactly(
                Arrays.asList("1", "a", "Berlin", null, null, "f"),
                Arrays.asList("2", "b", "Paris", "75001", "3", "t"));
    }

    @Test
    void columnNamesStayTheSameAcrossRunsWhenKeysCollide() throws IOException {
        documents("1", "{\"Name\": \"first\"}");
        load(devices(FlattenOptions.DEFAULTS).build());
        documents("2", "{\"name\": \"second\", \"Name\": \"third\"}");

        assertThat(load(devices(FlattenOptions.DEFAULTS).build()).status()).isEqualTo(TableStatus.LOADED);

        assertThat(db.query("SELECT column_name, source_path FROM lakeload.columns ORDER BY column_name"))
                .containsExactly(List.of("name", "Name"), List.of("name_2", "name"));
        assertThat(db.query("SELECT _id, name, name_2 FROM devices ORDER BY _id")).containsExactly(
                Arrays.asList("1", "first", null), Arrays.asList("2", "third", "second"));
    }

    @Test
    void aValueThatNoLongerFitsItsColumnIsARejectWithTheReason() throws IOException {
        documents("1", "{\"n\": 5}");
        load(devices(FlattenOptions.DEFAULTS).build());
        documents("2", "{\"n\": \"five\"}", "3", "{\"n\": 7}");

        TableResult strict = load(devices(FlattenOptions.DEFAULTS).build());
        assertThat(strict.status()).isEqualTo(TableStatus.FAILED);
        assertThat(strict.error()).contains("LOAD00000002.csv", "line 1", "column n", "bigint", "five");

        TableResult lenient = load(devices(FlattenOptions.DEFAULTS).maxRejects(1).build());
        assertThat(lenient.status()).isEqualTo(TableStatus.LOADED);
        assertThat(lenient.rowsRejected()).isEqualTo(1);
        assertThat(db.query("SELECT _id, n FROM devices ORDER BY _id")).containsExactly(List.of("1", "5"),
                List.of("3", "7"));
        assertThat(db.query("SELECT column_name, raw_value FROM lakeload.rejects WHERE target_table = "
                + "'public.devices'")).contains(List.of("n", "five"));
        assertThat(type("devices", "n")).isEqualTo("bigint");
    }

    @Test
    void malformedDocumentsAreRejectedAndTheRestLoads() throws IOException {
        documents("1", "{\"a\": 1}", "2", "{\"a\": ", "3", "[1, 2]", "4", "{\"a\": 4}");

        TableResult result = load(devices(FlattenOptions.DEFAULTS).maxRejects(5).build());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(db.query("SELECT line, column_name, raw_value FROM lakeload.rejects ORDER BY line"))
                .containsExactly(List.of("2", "_doc", "{\"a\": "), List.of("3", "_doc", "[1, 2]"));
        assertThat(db.queryValue("SELECT reason FROM lakeload.rejects WHERE line = 2")).contains("malformed JSON");
    }

    @Test
    void nulInsideJsonStringsFollowsTheTablesPolicy() throws IOException {
        documents("1", "{\"s\": \"a\\u0000b\", \"t\": \"ok\"}", "2", "{\"s\": \"fine\"}");

        TableResult rejected = load(devices(FlattenOptions.DEFAULTS).maxRejects(1).build());
        assertThat(rejected.rowsRejected()).isEqualTo(1);
        assertThat(db.queryValue("SELECT column_name || ': ' || raw_value FROM lakeload.rejects"))
                .isEqualTo("s: a\\u0000b");
        assertThat(db.query("SELECT _id, s FROM devices")).containsExactly(List.of("2", "fine"));

        db.execute("DROP TABLE devices; TRUNCATE lakeload.files");
        TableResult stripped = load(devices(FlattenOptions.DEFAULTS).nulPolicy(NulPolicy.STRIP).build());
        assertThat(stripped.rowsLoaded()).isEqualTo(2);
        assertThat(stripped.notes()).anyMatch(n -> n.contains("NUL characters removed"));
        assertThat(db.queryValue("SELECT s FROM devices WHERE _id = '1'")).isEqualTo("ab");
    }

    @Test
    void arraysStayJsonbAndAScalarSeenBeforeAnArrayBecomesAJsonString() throws IOException {
        documents("1", "{\"tags\": \"single\"}", "2", "{\"tags\": [\"a\", {\"$numberLong\": \"7\"}]}");

        assertThat(load(devices(FlattenOptions.DEFAULTS).build()).status()).isEqualTo(TableStatus.LOADED);

        assertThat(type("devices", "tags")).isEqualTo("jsonb");
        assertThat(db.query("SELECT _id, tags::text, jsonb_typeof(tags) FROM devices ORDER BY _id")).containsExactly(
                List.of("1", "\"single\"", "string"), List.of("2", "[\"a\", 7]", "array"));
    }

    @Test
    void arraysAsChildTablesAreReplacedWhenTheirParentLoadsAgain() throws IOException {
        // An existing parent table without a key constraint, so append mode can take the same document twice.
        db.execute("CREATE TABLE devices (_id text, name text)");
        FlattenOptions tables = FlattenOptions.DEFAULTS.withArrays(ArrayMode.TABLE);
        documents("1", "{\"name\": \"a\", \"tags\": [\"x\", \"y\"], \"sensors\": [{\"kind\": \"t\", \"v\": 1.5}]}",
                "2", "{\"name\": \"b\", \"tags\": [\"z\"]}");
        assertThat(load(devices(tables).build()).status()).isEqualTo(TableStatus.LOADED);
        assertThat(db.query("SELECT _id, _index, value FROM devices__tags ORDER BY _id, _index")).containsExactly(
                List.of("1", "0", "x"), List.of("1", "1", "y"), List.of("2", "0", "z"));
        assertThat(type("devices__sensors", "v")).isEqualTo("double precision");

        documents("1", "{\"name\": \"a2\", \"tags\": [\"w\"], \"sensors\": []}");
        TableResult again = load(devices(tables).rewritePolicy(RewritePolicy.LOAD).build());

        assertThat(again.status()).isEqualTo(TableStatus.LOADED);
        assertThat(db.query("SELECT _id, _index, value FROM devices__tags ORDER BY _id, _index")).containsExactly(
                List.of("1", "0", "w"), List.of("2", "0", "z"));
        assertThat(db.queryValue("SELECT count(*) FROM devices__sensors")).isEqualTo("1");
    }

    @Test
    void aReplacedParentTableTakesItsChildTablesAlongAlsoWhenItsArraysAreGone() throws IOException {
        FlattenOptions tables = FlattenOptions.DEFAULTS.withArrays(ArrayMode.TABLE);
        documents("1", "{\"name\": \"a\", \"tags\": [\"x\", \"y\"], \"sensors\": [{\"v\": 1.5}]}",
                "2", "{\"name\": \"b\", \"tags\": [\"z\"]}");
        documents("3", "{\"name\": \"c\", \"tags\": [\"q\"]}");
        assertThat(load(devices(tables).mode(LoadMode.REPLACE).build()).status()).isEqualTo(TableStatus.LOADED);

        // The first file now has document 1 without arrays and no document 2; the second file is gone.
        Files.writeString(lake.resolve("mongo/devices/LOAD00000001.csv"), "1,\"{\"\"name\"\": \"\"a2\"\"}\"\n");
        Files.delete(lake.resolve("mongo/devices/LOAD00000002.csv"));
        TableResult replaced = load(devices(tables).mode(LoadMode.REPLACE).build());

        assertThat(replaced.status()).isEqualTo(TableStatus.LOADED);
        assertThat(db.query("SELECT _id, name FROM devices")).containsExactly(List.of("1", "a2"));
        assertThat(db.query("SELECT (SELECT count(*) FROM devices__tags), (SELECT count(*) FROM devices__sensors)"))
                .containsExactly(List.of("0", "0"));
    }

    @Test
    void documentsWithSeveralArraysLoadThroughAPoolOfThreeConnections() throws IOException {
        documents("1", "{\"tags\": [\"a\", \"b\"], \"sensors\": [{\"t\": 1}], \"owners\": [\"x\"]}",
                "2", "{\"tags\": [\"c\"], \"sensors\": [{\"t\": 2}, {\"t\": 3}], \"owners\": []}",
                "3", "{\"tags\": [\"d\"], broken");
        LimitedDataSource pool = new LimitedDataSource(db.dataSource(), 3);

        TableResult result = load(devices(FlattenOptions.DEFAULTS.withArrays(ArrayMode.TABLE)).maxRejects(1)
                .build(), pool);

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(db.query("SELECT (SELECT count(*) FROM devices__tags), (SELECT count(*) FROM devices__sensors), "
                + "(SELECT count(*) FROM devices__owners)")).containsExactly(List.of("3", "3", "1"));
        // One is the run's for its life (its liveness lock), one the table's claim for the whole load. Four staging
        // tables and the rejects' share the third, given back before promotion takes one.
        assertThat(pool.mostOpen()).isEqualTo(3);
        assertThat(pool.open()).isZero();
        assertThat(pool.givenBackInTransaction()).isZero();
    }

    @Test
    void aFailedLoadGivesEveryConnectionBackOutsideATransactionAndDropsItsStaging() throws IOException {
        documents("1", "{\"tags\": [\"a\"], \"sensors\": [{\"t\": 1}]}", "2", "{broken");
        LimitedDataSource pool = new LimitedDataSource(db.dataSource(), 3);

        TableResult result = load(devices(FlattenOptions.DEFAULTS.withArrays(ArrayMode.TABLE)).build(), pool);

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains("LOAD00000001.csv", "line 2");
        assertThat(pool.open()).isZero();
        assertThat(pool.givenBackInTransaction()).isZero();
        assertThat(db.tables("lakeload")).containsExactlyInAnyOrder("columns", "files", "rejects", "run_tables",
                "runs", "schema_changes");
    }
}
