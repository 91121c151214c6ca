package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.RewritePolicy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.LoadPipeline;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.transform.RowTransformer;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 7: a file is known by its location and content, so no rows are doubled or silently left out. */
class FileLedgerIT {
    private static final String KEY = "shop/orders/LOAD00000001.csv";

    @TempDir
    Path lake;

    private TestDatabase db;

    @BeforeEach
    void setUp() {
        db = PostgresServer.shared().newDatabase("ledger");
    }

    private TableResult run(TableSpec table) {
        return run(new LocalFolderSource(lake), table);
    }

    private TableResult run(LocalFolderSource source, TableSpec table) {
        RunReport report = new PostgresWarehouse(db.dataSource(), "public").pipeline(source).run(List.of(table));
        return report.tables().get(0);
    }

    private static TableSpec orders(RewritePolicy policy) {
        return orders().rewritePolicy(policy).build();
    }

    private static TableSpec.Builder orders() {
        return TableSpec.builder("orders", "shop/orders/").column("id", "bigint").column("note", "text");
    }

    private Path write(String key, String content) throws IOException {
        Path file = lake.resolve(key);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** Lets the file system's coarse clock (one scheduler tick, at most 10 ms) move on before the next write. */
    private static void nextTick() throws InterruptedException {
        Thread.sleep(25);
    }

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTouchedFileIsNotLoadedAgainEvenUnderLoadAndTheLedgerHasWhatWasRead() throws Exception {
        Path file = write(KEY, "1,a\n");
        assertThat(run(orders(RewritePolicy.LOAD)).status()).isEqualTo(TableStatus.LOADED);
        nextTick();

        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        TableResult touched = run(orders(RewritePolicy.LOAD));

        assertThat(touched.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(touched.notes()).anySatisfy(note -> assertThat(note).contains("touched", KEY));
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("1");
        assertThat(db.query("SELECT location, file_key, content_sha256, size_bytes, rows_read, disposition "
                + "FROM lakeload.files")).containsExactly(List.of("file:" + lake.toAbsolutePath().resolve(KEY), KEY,
                sha256("1,a\n"), "4", "1", "loaded"));
        // The new stamp is recorded, so the next run neither reads the file nor notes it again.
        assertThat(run(orders(RewritePolicy.LOAD)).notes()).isEmpty();
    }

    @Test
    void newContentOfTheSameSizeBehindARestoredModificationTimeIsARewrite() throws Exception {
        Path file = write(KEY, "1,a\n");
        FileTime modified = Files.getLastModifiedTime(file);
        run(orders(RewritePolicy.FAIL));
        nextTick();

        write(KEY, "2,b\n");
        Files.setLastModifiedTime(file, modified);
        TableResult result = run(orders(RewritePolicy.FAIL));

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains("rewritten in place", KEY);
        assertThat(db.query("SELECT id, note FROM orders")).containsExactly(List.of("1", "a"));
    }

    @Test
    void aFileAppendedToWhileItIsReadFailsItsTableAndIsNotRecorded() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            csv.append(i).append(",row ").append(i).append('\n');
        }
        Path file = write(KEY, csv.toString());
        RowTransformer appendOnFirstRow = new RowTransformer() {
            private boolean appended;

            @Override
            public void transform(Row row, RowSink out) {
                if (!appended) {
                    appended = true;
                    try {
                        Files.writeString(file, "100000,appended\n", StandardOpenOption.APPEND);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                out.accept(row);
            }
        };

        TableResult result = run(orders().transformer(() -> appendOnFirstRow).build());

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).contains(KEY + ": the file changed while it was being read (1577780 bytes "
                + "when listed, 1577796 now)");
        assertThat(db.tables("public")).isEmpty();
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("0");
    }

    @Test
    void movingTheRootDoesNotLoadAnyFileAgain() throws IOException {
        write(KEY, "1,a\n");
        assertThat(run(orders(RewritePolicy.LOAD)).status()).isEqualTo(TableStatus.LOADED);

        TableResult moved = run(new LocalFolderSource(lake.resolve("shop")),
                TableSpec.builder("orders", "orders/").column("id", "bigint").column("note", "text")
                        .rewritePolicy(RewritePolicy.LOAD).build());

        assertThat(moved.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("1");
    }

    @Test
    void aFileRewrittenFromAToBAndBackToALoadsEveryVersionUnderLoad() throws Exception {
        Path file = write(KEY, "1,A\n");
        FileTime modifiedA = Files.getLastModifiedTime(file);
        assertThat(run(orders(RewritePolicy.LOAD)).status()).isEqualTo(TableStatus.LOADED);
        nextTick();
        write(KEY, "1,B\n");
        assertThat(run(orders(RewritePolicy.LOAD)).status()).isEqualTo(TableStatus.LOADED);
        nextTick();

        write(KEY, "1,A\n");
        Files.setLastModifiedTime(file, modifiedA); // as a sync tool restoring A would
        TableResult back = run(orders(RewritePolicy.LOAD));

        assertThat(back.error()).isNull();
        assertThat(back.status()).isEqualTo(TableStatus.LOADED);
        assertThat(back.notes()).anySatisfy(note -> assertThat(note).contains("rewritten since loaded (load)"));
        assertThat(db.query("SELECT note FROM orders ORDER BY ctid"))
                .containsExactly(List.of("A"), List.of("B"), List.of("A"));
        assertThat(db.query("SELECT content_sha256 FROM lakeload.files ORDER BY entry_id"))
                .containsExactly(List.of(sha256("1,A\n")), List.of(sha256("1,B\n")), List.of(sha256("1,A\n")));
    }

    @Test
    void skippedContentIsRememberedWhenThePolicyIsBackToFail() throws Exception {
        write(KEY, "1,A\n");
        run(orders(RewritePolicy.FAIL));
        nextTick();
        write(KEY, "1,B\n");

        TableResult skipped = run(orders(RewritePolicy.SKIP));
        TableResult failAgain = run(orders(RewritePolicy.FAIL));

        assertThat(skipped.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(skipped.notes()).anySatisfy(note -> assertThat(note).contains("rewritten since loaded (skip)"));
        assertThat(failAgain.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(db.query("SELECT note FROM orders")).containsExactly(List.of("A"));
        assertThat(db.query("SELECT disposition, rows_read, content_sha256 FROM lakeload.files ORDER BY entry_id"))
                .containsExactly(List.of("loaded", "1", sha256("1,A\n")), List.of("skipped", "0", sha256("1,B\n")));
    }

    @Test
    void aFileAnotherRunRecordedWhileThisOneStagedItIsNotLoadedTwice() throws IOException {
        write(KEY, "1,a\n");
        // Runs that claim tables never meet like this (the other one would wait for the claim): these claim
        // nothing, so that the ledger's own check is what keeps the file from loading twice.
        PostgresWarehouse warehouse = new PostgresWarehouse(db.dataSource(), "public");
        LoadPipeline unclaimed = new LoadPipeline(new LocalFolderSource(lake), warehouse.stagingLoader(),
                warehouse.promoter(), warehouse.ledger());
        RowTransformer otherRunMeanwhile = new RowTransformer() {
            @Override
            public void transform(Row row, RowSink out) {
                assertThat(unclaimed.run(List.of(orders(RewritePolicy.FAIL))).tables().get(0).status())
                        .isEqualTo(TableStatus.LOADED);
                out.accept(row);
            }
        };

        TableResult result = unclaimed.run(List.of(orders().transformer(() -> otherRunMeanwhile).build())).tables().get(0);

        assertThat(result.status()).isEqualTo(TableStatus.FAILED);
        assertThat(result.error()).startsWith(KEY + ": run ").contains("recorded it as loaded since this run");
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("1");
    }

    @Test
    void aLedgerOfLakeload01IsUpgradedInPlaceAndItsFilesStayLoaded() throws Exception {
        Path file = write(KEY, "1,a\n");
        String oldStamp = "4-" + Long.toHexString(Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS));
        db.execute("CREATE TABLE orders (id bigint, note text); INSERT INTO orders VALUES (1, 'a')");
        db.execute("""
                CREATE SCHEMA lakeload;
                CREATE TABLE lakeload.runs (run_id text PRIMARY KEY, started_at timestamptz NOT NULL,
                    finished_at timestamptz, source text, succeeded boolean);
                CREATE TABLE lakeload.files (target_table text NOT NULL, file_key text NOT NULL,
                    version_tag text NOT NULL, size_bytes bigint NOT NULL, rows_read bigint NOT NULL,
                    loaded_at timestamptz NOT NULL DEFAULT now(), run_id text NOT NULL,
                    PRIMARY KEY (target_table, file_key, version_tag));
                INSERT INTO lakeload.runs VALUES ('r1', now(), now(), 's3://bucket/dms/', true),
                                                 ('r2', now(), now(), '%s', true);
                INSERT INTO lakeload.files VALUES
                    ('public.items', 'shop/items/LOAD00000001.csv', 'etag1', 10, 1, now() - interval '1 hour', 'r1'),
                    ('public.orders', '%s', '%s', 4, 1, now(), 'r2');
                """.formatted(lake.toAbsolutePath(), KEY, oldStamp));

        TableResult upgraded = run(orders(RewritePolicy.FAIL));

        assertThat(upgraded.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("1");
        assertThat(db.query("SELECT entry_id, location, content_sha256 FROM lakeload.files ORDER BY entry_id"))
                .containsExactly(Arrays.asList("1", "s3://bucket/dms/shop/items/LOAD00000001.csv", null),
                        List.of("2", "file:" + lake.toAbsolutePath().resolve(KEY), sha256("1,a\n")));
        nextTick();
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));
        TableResult touched = run(orders(RewritePolicy.FAIL));
        assertThat(touched.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(touched.notes()).anySatisfy(note -> assertThat(note).contains("touched"));
        write("shop/orders/LOAD00000002.csv", "2,b\n");
        assertThat(run(orders(RewritePolicy.FAIL)).status()).isEqualTo(TableStatus.LOADED);
        assertThat(db.queryValue("SELECT max(entry_id) FROM lakeload.files")).isEqualTo("3");
    }
}
