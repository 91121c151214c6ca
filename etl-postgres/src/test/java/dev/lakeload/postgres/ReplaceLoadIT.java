package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.config.VanishedFiles;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.pipeline.VanishedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mode: replace}: the table becomes exactly the rows of the files under its prefix, atomically. */
class ReplaceLoadIT {
    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "replace");
    }

    private static TableSpec.Builder orders() {
        return TableSpec.builder("orders", "shop/orders/").mode(LoadMode.REPLACE)
                .column("id", "bigint").column("note", "text").primaryKey(List.of("id"));
    }

    private static String rows(int from, int to, String note) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> i + "," + note + "\n").collect(Collectors.joining());
    }

    private List<List<String>> ordersById() {
        return fixture.db.query("SELECT id::text, note FROM orders ORDER BY id");
    }

    @Test
    void readersCountingInALoopSeeTheOldOrTheNewRowsNeverAnEmptyOrPartialTable() throws Exception {
        fixture.write("shop/orders/LOAD00000001.csv", rows(1, 12_000, "old"));
        assertThat(fixture.load(orders().build()).status()).isEqualTo(TableStatus.LOADED);
        fixture.write("shop/orders/LOAD00000001.csv", rows(1, 11_000, "new"));
        fixture.write("shop/orders/LOAD00000002.csv", rows(20_001, 24_000, "new"));

        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger counts = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(fixture.db.jdbcUrl(), fixture.db.user(),
                    fixture.db.password());
                 Statement statement = connection.createStatement()) {
                statement.execute("SET statement_timeout = '20s'");
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (!stop.get() && System.nanoTime() < deadline) {
                    try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM orders")) {
                        rs.next();
                        seen.add(rs.getLong(1));
                        counts.incrementAndGet();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                failure.set(e);
            }
        }, "replace-reader");
        reader.start();
        try {
            while (counts.get() < 5 && reader.isAlive()) {
                Thread.sleep(5);
            }
            TableResult result = fixture.load(orders().build());
            assertThat(result.status()).isEqualTo(TableStatus.LOADED);
            assertThat(result.rowsLoaded()).isEqualTo(15_000);
            int after = counts.get();
            while (counts.get() < after + 5 && reader.isAlive()) {
                Thread.sleep(5);
            }
        } finally {
            stop.set(true);
            reader.join(30_000);
        }
        assertThat(reader.isAlive()).isFalse();
        assertThat(failure.get()).isNull();
        assertThat(seen).containsExactlyInAnyOrder(12_000L, 15_000L);
        assertThat(fixture.db.queryValue("SELECT count(*) FROM orders WHERE note = 'new'")).isEqualTo("15000");
    }

    @Test
    void theTableKeepsItsIndexGrantCommentAndDependentView() {
        fixture.write("shop/orders/LOAD00000001.csv", "1,a\n2,b\n");
        fixture.load(orders().build());
        String role = "replace_reader_" + Long.toHexString(System.nanoTime());
        fixture.db.execute("CREATE INDEX orders_by_note ON orders (note)");
        fixture.db.execute("CREATE ROLE " + role);
        fixture.db.execute("GRANT SELECT ON orders TO " + role);
        fixture.db.execute("COMMENT ON TABLE orders IS 'the shop''s orders'");
        fixture.db.execute("CREATE VIEW order_notes AS SELECT id, note FROM orders");
        String oid = fixture.db.queryValue("SELECT 'orders'::regclass::oid::text");
        try {
            fixture.write("shop/orders/LOAD00000001.csv", "3,c\n");

            assertThat(fixture.load(orders().build()).status()).isEqualTo(TableStatus.LOADED);

            assertThat(fixture.db.query("SELECT id::text, note FROM order_notes")).containsExactly(List.of("3", "c"));
            assertThat(fixture.db.queryValue("SELECT 'orders'::regclass::oid::text")).isEqualTo(oid);
            assertThat(fixture.db.queryValue("SELECT count(*) FROM pg_indexes WHERE tablename = 'orders' "
                    + "AND indexname = 'orders_by_note'")).isEqualTo("1");
            assertThat(fixture.db.queryValue("SELECT has_table_privilege('" + role + "', 'orders', 'SELECT')"))
                    .isEqualTo("t");
            assertThat(fixture.db.queryValue("SELECT obj_description('orders'::regclass, 'pg_class')"))
                    .isEqualTo("the shop's orders");
        } finally {
            fixture.db.execute("DROP VIEW order_notes");
            fixture.db.execute("REVOKE ALL ON orders FROM " + role);
            fixture.db.execute("DROP ROLE " + role);
        }
    }

    @Test
    void aRemovedFileTakesItsRowsAlongAndAnUnchangedFolderIsUpToDateWithoutARewrite() throws IOException {
        fixture.write("shop/orders/LOAD00000001.csv", "1,a\n2,b\n");
        fixture.write("shop/orders/LOAD00000002.csv", "3,c\n");
        assertThat(fixture.load(orders().build()).rowsLoaded()).isEqualTo(3);

        Files.delete(lake.resolve("shop/orders/LOAD00000002.csv"));
        TableResult removed = fixture.load(orders().build());

        assertThat(removed.status()).isEqualTo(TableStatus.LOADED);
        assertThat(removed.notes()).contains("no longer listed, rows removed: shop/orders/LOAD00000002.csv");
        assertThat(ordersById()).containsExactly(List.of("1", "a"), List.of("2", "b"));
        assertThat(fixture.db.query("SELECT DISTINCT ON (file_key) file_key, disposition FROM lakeload.files "
                + "ORDER BY file_key, entry_id DESC")).containsExactly(
                List.of("shop/orders/LOAD00000001.csv", "loaded"), List.of("shop/orders/LOAD00000002.csv", "removed"));

        List<List<String>> versions = fixture.db.query("SELECT id::text, xmin::text FROM orders ORDER BY id");
        TableResult again = fixture.load(orders().build());
        assertThat(again.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(fixture.db.query("SELECT id::text, xmin::text FROM orders ORDER BY id")).isEqualTo(versions);

        fixture.write("shop/orders/LOAD00000002.csv", "3,back\n");
        assertThat(fixture.load(orders().build()).status()).isEqualTo(TableStatus.LOADED);
        assertThat(ordersById()).containsExactly(List.of("1", "a"), List.of("2", "b"), List.of("3", "back"));
        assertThat(fixture.load(orders().build()).status()).isEqualTo(TableStatus.UP_TO_DATE);
    }

    @Test
    void aRewrittenFileReplacesTheTableAndOnlyKeysTakenInThisLoadAreRejects() {
        fixture.write("shop/orders/LOAD00000001.csv", "1,a\n2,b\n");
        fixture.load(orders().build());
        fixture.write("shop/orders/LOAD00000001.csv", "1,a2\n2,b2\n");
        fixture.write("shop/orders/LOAD00000002.csv", "2,b3\n4,d\n");

        TableResult result = fixture.load(orders().maxRejects(1).build());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(result.notes()).contains("rewritten since loaded: shop/orders/LOAD00000001.csv");
        assertThat(ordersById()).containsExactly(List.of("1", "a2"), List.of("2", "b2"), List.of("4", "d"));
        assertThat(fixture.rejects()).singleElement().satisfies(reject -> {
            assertThat(reject.subList(0, 3)).containsExactly("shop/orders/LOAD00000002.csv", "1", "id");
            assertThat(reject.get(4)).contains("also in this load at shop/orders/LOAD00000001.csv, line 2");
        });
    }

    @Test
    @Tag("reliability")
    void anEmptiedPrefixFailsTheTableKeepingItsRowsUnlessVanishedFilesRemoveThenEmptiesIt() throws IOException {
        fixture.write("shop/orders/LOAD00000001.csv", "1,a\n");
        fixture.load(orders().build());
        Files.delete(lake.resolve("shop/orders/LOAD00000001.csv"));

        for (TableResult refused : List.of(fixture.load(orders().build()),
                fixture.load(orders().allowEmpty(true).build()))) {
            assertThat(refused.status()).isEqualTo(TableStatus.FAILED);
            assertThat(refused.error()).contains("every file of this replace table is gone",
                    "shop/orders/LOAD00000001.csv (loaded ", "vanishedFiles: remove");
            assertThat(refused.vanished()).extracting(VanishedFile::key)
                    .containsExactly("shop/orders/LOAD00000001.csv");
        }
        assertThat(ordersById()).containsExactly(List.of("1", "a"));

        TableResult emptied = fixture.load(orders().vanishedFiles(VanishedFiles.REMOVE).build());
        assertThat(emptied.status()).isEqualTo(TableStatus.LOADED);
        assertThat(emptied.notes()).contains("no longer listed, rows removed: shop/orders/LOAD00000001.csv");
        assertThat(ordersById()).isEmpty();
        // Emptied, its prefix is one without files, which only allowEmpty makes fine.
        assertThat(fixture.load(orders().vanishedFiles(VanishedFiles.REMOVE).build()).error())
                .startsWith("no files under 'shop/orders/'");
        TableResult after = fixture.load(orders().vanishedFiles(VanishedFiles.REMOVE).allowEmpty(true).build());
        assertThat(after.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(after.vanished()).isEmpty();
    }
}
