package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakeload.core.DataException;
import dev.lakeload.core.config.DirectCopy;
import dev.lakeload.core.config.Freshness;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.config.VanishedFiles;
import dev.lakeload.core.pipeline.FreshnessVerdict;
import dev.lakeload.core.pipeline.LoadPipeline;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.pipeline.VanishedFile;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.core.transform.RowTransformer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is silent, against the real database: every record read is loaded, rejected, dropped or merged, and a
 * load that cannot account for one fails; files that vanished are reported; freshness is judged at an injected now.
 */
@Tag("reliability")
class AlertingIT {
    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "alerting");
    }

    private static TableSpec.Builder orders() {
        return TableSpec.builder("orders", "shop/orders/").column("id", "bigint").column("note", "text")
                .primaryKey(List.of("id"));
    }

    /** Drops the records whose note is {@code drop}, rejects those whose note is {@code bad}. */
    private static final RowTransformer FILTER = (row, out) -> {
        if ("bad".equals(row.get(1))) {
            out.reject(row, "note", row.get(1), "not a note");
        } else if (!"drop".equals(row.get(1))) {
            out.accept(row);
        }
    };

    @Test
    void appendAccountsForEveryRecordAsLoadedRejectedOrDropped() {
        fixture.write("shop/orders/LOAD00000001.csv", "1,a\n2,drop\n3,bad\n4,x\n");
        fixture.write("shop/orders/LOAD00000002.csv", "5,12\n6,drop\n");

        TableResult result = fixture.load(orders().transformer(() -> FILTER).maxRejects(5).build());

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(List.of(result.rowsRead(), result.rowsLoaded(), result.rowsRejected(), result.rowsDropped(),
                result.rowsMerged())).containsExactly(6L, 3L, 1L, 2L, 0L);
        assertThat(fixture.db.queryValue("SELECT count(*) FROM orders")).isEqualTo("3");
        assertThat(fixture.db.query("SELECT rows_read::text, rows_loaded::text, rows_rejected::text, "
                + "rows_dropped::text, rows_merged::text FROM lakeload.run_tables"))
                .containsExactly(List.of("6", "3", "1", "2", "0"));
    }

    @Test
    void upsertCountsRowsALaterRowOfTheirKeyWonOverOrThatChangeNothingAsMerged() {
        fixture.write("shop/orders/LOAD00000001.csv", "1,a\n2,b\n");
        assertThat(fixture.load(orders().mode(LoadMode.UPSERT).build()).rowsLoaded()).isEqualTo(2);
        // 1,a changes nothing; 2,c is superseded by 2,d in the same file; 3 is new.
        fixture.write("shop/orders/LOAD00000002.csv", "1,a\n2,c\n2,d\n3,e\n");

        TableResult result = fixture.load(orders().mode(LoadMode.UPSERT).build());

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(List.of(result.rowsRead(), result.rowsLoaded(), result.rowsRejected(), result.rowsDropped(),
                result.rowsMerged())).containsExactly(4L, 2L, 0L, 0L, 2L);
        assertThat(fixture.db.query("SELECT id::text, note FROM orders ORDER BY id")).containsExactly(
                List.of("1", "a"), List.of("2", "d"), List.of("3", "e"));
    }

    @Test
    void cdcCountsADeleteOfAKeyTheTableDoesNotHaveAsMerged() {
        TableSpec cdc = orders().mode(LoadMode.CDC).build();
        fixture.write("shop/orders/LOAD00000001.csv", "1,a\n2,b\n");
        assertThat(fixture.load(cdc).rowsLoaded()).isEqualTo(2);
        fixture.write("shop/orders/20261201-100000000.csv", "U,1,x\nD,2,\nD,9,\n");

        TableResult result = fixture.load(cdc);

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        // U,1 updates and D,2 deletes a row; D,9 finds nothing to delete.
        assertThat(List.of(result.rowsRead(), result.rowsLoaded(), result.rowsMerged())).containsExactly(3L, 2L, 1L);
        assertThat(fixture.db.query("SELECT id::text, note FROM orders")).containsExactly(List.of("1", "x"));
    }

    @Test
    void manyUpdatesOfKeysTheTableLacksAreCountedAndTheFirstNamed() {
        // Keys 1 to 50,000, then the odd ones up to 40,000 deleted; then updates of the 20,000 deleted keys (the
        // key changed at the source, or the insert was lost) among as many inserts of new keys.
        TableSpec cdc = orders().mode(LoadMode.CDC).build();
        StringBuilder full = new StringBuilder();
        StringBuilder deletes = new StringBuilder();
        StringBuilder changes = new StringBuilder();
        for (int id = 1; id <= 50_000; id++) {
            full.append(id).append(",a\n");
            if (id % 2 == 1 && id < 40_000) {
                deletes.append("D,").append(id).append(",\n");
                changes.append("U,").append(id).append(",back\nI,").append(100_000 + id).append(",new\n");
            }
        }
        fixture.write("shop/orders/LOAD00000001.csv", full.toString());
        fixture.write("shop/orders/20261201-100000000.csv", deletes.toString());
        assertThat(fixture.load(cdc).rowsLoaded()).isEqualTo(30_000);
        fixture.write("shop/orders/20261201-110000000.csv", changes.toString());

        TableResult result = fixture.load(cdc);

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsLoaded()).isEqualTo(40_000);
        assertThat(result.notes()).singleElement().asString().startsWith("20000 update(s) of a key the table did not "
                + "have").contains("First 5: id=1 (shop/orders/20261201-110000000.csv, line 1); id=3 "
                + "(shop/orders/20261201-110000000.csv, line 3)");
        assertThat(fixture.db.query("SELECT count(*)::text FROM orders WHERE note = 'back'"))
                .containsExactly(List.of("20000"));
    }

    @Test
    void aTriggerThatSkipsRowsFailsTheTableInsteadOfLosingThemSilently() {
        // The direct copy (the default) compares each file's rows with the count COPY reports.
        assertATriggerThatSkipsRowsFails(orders().build(), "shop/orders/LOAD00000001.csv: rows do not reconcile: "
                + "3 row(s) were copied into public.orders and the database wrote 2", "trigger on the table");
    }

    @Test
    void aTriggerThatSkipsStagedRowsFailsTheTableToo() {
        assertATriggerThatSkipsRowsFails(orders().directCopy(DirectCopy.NEVER).build(), "rows do not reconcile: 3 "
                + "staged row(s) were to be inserted into public.orders (mode append) and the database wrote 2",
                "trigger or rule");
    }

    private void assertATriggerThatSkipsRowsFails(TableSpec orders, String... message) {
        fixture.db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, note text)");
        fixture.db.execute("CREATE FUNCTION skip_drafts() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN IF NEW.note = 'draft' THEN RETURN NULL; END IF; RETURN NEW; END $$");
        fixture.db.execute("CREATE TRIGGER skip_drafts BEFORE INSERT ON orders FOR EACH ROW "
                + "EXECUTE FUNCTION skip_drafts()");
        fixture.write("shop/orders/LOAD00000001.csv", "1,a\n2,draft\n3,c\n");

        TableResult result = fixture.load(orders);

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains(message);
        assertThat(fixture.db.queryValue("SELECT count(*) FROM orders")).isEqualTo("0");
        assertThat(fixture.db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("0");
    }

    @Test
    void aFileWhoseRecordsAreNotAllInStagingFailsThePromotionNamingIt() {
        PostgresWarehouse warehouse = new PostgresWarehouse(fixture.db.dataSource(), "public");
        warehouse.ledger().prepare();
        TableSpec table = orders().build();
        String key = "shop/orders/LOAD00000001.csv";
        try (StagedLoad staged = warehouse.stagingLoader().open(table, "r1")) {
            staged.beginFile(new SourceFile(key, "file:/lake/" + key, 8, "v1", Instant.now()), null);
            staged.accept(new Row(Schema.ofNames(List.of("id", "note")), new String[] {"1", "a"}, key, 1));
            // The reader said 3 records, none dropped: two never reached the database.
            staged.endFile(3, 0, new FileContent(8, "0".repeat(64)));
            staged.finish();

            assertThatThrownBy(() -> warehouse.promoter().promote(table, staged, "r1"))
                    .isInstanceOf(DataException.class)
                    .hasMessageStartingWith(key + ": records do not reconcile: 3 read, 0 dropped by transformers, "
                            + "so 3 should be in staging as rows or rejects, and the database has 1");
        }
        assertThat(fixture.db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("0");
    }

    @Test
    void vanishedFilesAreReportedWithWhenTheyLoadedAndFailTheTableOnlyUnderFail() throws IOException {
        fixture.write("shop/orders/LOAD00000001.csv", "1,a\n");
        fixture.write("shop/orders/LOAD00000002.csv", "2,b\n");
        fixture.load(orders().build());
        Files.delete(lake.resolve("shop/orders/LOAD00000001.csv"));
        fixture.write("shop/orders/LOAD00000003.csv", "3,c\n");

        TableResult failed = fixture.load(orders().vanishedFiles(VanishedFiles.FAIL).build());
        assertThat(failed.status()).isEqualTo(TableStatus.FAILED);
        assertThat(failed.error()).contains("1 loaded file(s) are no longer in ", "shop/orders/LOAD00000001.csv "
                + "(loaded 20", "vanishedFiles: fail", "vanishedFiles: warn");
        assertThat(fixture.db.queryValue("SELECT count(*) FROM orders")).isEqualTo("2");

        TableResult warned = fixture.load(orders().build());
        assertThat(warned.status()).isEqualTo(TableStatus.LOADED);
        assertThat(warned.vanished()).singleElement().satisfies(gone -> {
            assertThat(gone.key()).isEqualTo("shop/orders/LOAD00000001.csv");
            assertThat(gone.loadedAt()).isBefore(Instant.now());
            assertThat(gone.runId()).isNotBlank();
        });
        assertThat(fixture.db.queryValue("SELECT files_vanished FROM lakeload.run_tables WHERE status = 'loaded' "
                + "AND files = 1")).isEqualTo("1");
        // Append keeps the rows of a vanished file.
        assertThat(fixture.db.queryValue("SELECT count(*) FROM orders")).isEqualTo("3");
    }

    @Test
    void aWholeAppendTableVanishedIsReportedNotMistakenForAnEmptyPrefix() throws IOException {
        fixture.write("shop/orders/LOAD00000001.csv", "1,a\n");
        fixture.load(orders().build());
        Files.delete(lake.resolve("shop/orders/LOAD00000001.csv"));

        TableResult result = fixture.load(orders().build());

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(result.vanished()).extracting(VanishedFile::key).containsExactly("shop/orders/LOAD00000001.csv");
        assertThat(fixture.db.queryValue("SELECT count(*) FROM orders")).isEqualTo("1");
    }

    @Test
    void freshnessIsJudgedAtTheInjectedNowOnAFailedTableToo() {
        fixture.write("shop/orders/20261201-060000000.csv", "1,a\n");
        fixture.write("shop/orders/20261202-090000000.csv", "2,b,extra\n");
        PostgresWarehouse warehouse = new PostgresWarehouse(fixture.db.dataSource(), "public");
        Clock noon = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
        TableSpec table = orders().freshness(new Freshness(Duration.ofHours(2), Duration.ofDays(1))).build();

        TableResult result = new LoadPipeline(new LocalFolderSource(lake), warehouse.stagingLoader(),
                warehouse.promoter(), warehouse.ledger()).withClock(noon).run(List.of(table)).tables().get(0);

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.freshness().level()).isEqualTo(FreshnessVerdict.Level.STALE);
        assertThat(result.freshness().newestKey()).isEqualTo("shop/orders/20261202-090000000.csv");
        assertThat(result.freshness().age()).isEqualTo(Duration.ofHours(3));
        assertThat(fixture.db.queryValue("SELECT freshness FROM lakeload.run_tables")).isEqualTo("stale");
    }
}
