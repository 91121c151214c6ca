package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.DirectCopy;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.LoadListener;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.testkit.files.TestFiles;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.pg.WriteLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code directCopy: auto}: an append load COPYs straight into the table when nothing needs staging, and otherwise
 * ends exactly as the staging path does (same rows, same rejects). Each case loads the same lake into two databases,
 * one per setting; a statement trigger records which statement wrote the rows (COPY, or staging's INSERT).
 */
class DirectCopyIT {
    private static final String TABLE = "CREATE TABLE public.orders (id bigint PRIMARY KEY, note text, "
            + "amount numeric(12,2), created_at timestamp);";

    @TempDir
    Path lake;

    private static TableSpec orders(DirectCopy directCopy) {
        return TableSpec.builder("orders", "shop/orders/")
                .column("id", "bigint").column("note", "text").column("amount", "numeric(12,2)")
                .column("created_at", "timestamp").primaryKey(List.of("id")).maxRejects(5)
                .directCopy(directCopy).build();
    }

    private void write(String key, String content) {
        TestFiles.write(lake.resolve(key), content);
    }

    /** Loads the lake into a new database with the table (and {@code before} run first); returns the database. */
    private TestDatabase load(DirectCopy directCopy, String before, TableStatus expected) {
        TestDatabase db = PostgresServer.shared().newDatabase("direct_" + directCopy.name().toLowerCase());
        db.execute(TABLE + before);
        WriteLog.install(db, "public.orders");
        TableResult result = new PostgresWarehouse(db.dataSource(), "public").pipeline(new LocalFolderSource(lake))
                .run(List.of(orders(directCopy))).tables().get(0);
        assertThat(result.status()).as(String.valueOf(result.error())).isEqualTo(expected);
        return db;
    }

    private static List<List<String>> contents(TestDatabase db) {
        return db.query("SELECT id, note, amount, created_at FROM orders ORDER BY id");
    }

    private static List<List<String>> rejects(TestDatabase db) {
        return db.query("SELECT file_key, line, column_name, raw_value, reason FROM lakeload.rejects "
                + "ORDER BY file_key, line");
    }

    @Test
    void cleanFilesAreCopiedStraightIntoTheTableWithTheirLedgerEntriesOnce() {
        write("shop/orders/LOAD00000001.csv", "1,\"a, \"\"quoted\"\"\",1.50,2026-01-01 10:00:00\n2,,2,\n");
        write("shop/orders/LOAD00000002.csv", "3,\"line\nbreak \\N\",3.005,2026-01-02\n");

        TestDatabase direct = load(DirectCopy.AUTO, "", TableStatus.LOADED);
        TestDatabase staged = load(DirectCopy.NEVER, "", TableStatus.LOADED);

        assertThat(WriteLog.statements(direct)).containsExactly("COPY", "COPY");
        assertThat(WriteLog.statements(staged)).containsExactly("INSERT");
        assertThat(contents(direct)).isEqualTo(contents(staged)).hasSize(3);
        assertThat(direct.query("SELECT file_key, rows_read FROM lakeload.files ORDER BY file_key"))
                .containsExactly(List.of("shop/orders/LOAD00000001.csv", "2"),
                        List.of("shop/orders/LOAD00000002.csv", "1"));
        // The rows and their files committed in one transaction: the files' entries in the transaction itself, the
        // rows in one savepoint per chunk (a file each), whose subtransaction ids come after their parent's.
        assertThat(direct.queryValue("SELECT count(DISTINCT xmin::text) FROM lakeload.files")).isEqualTo("1");
        assertThat(direct.queryValue("SELECT count(DISTINCT o.xmin::text) || ' ' || bool_and(o.xmin::text::bigint "
                + "> f.xmin::text::bigint) FROM orders o, (SELECT DISTINCT xmin FROM lakeload.files) f"))
                .isEqualTo("2 true");
        TableResult again = new PostgresWarehouse(direct.dataSource(), "public")
                .pipeline(new LocalFolderSource(lake)).run(List.of(orders(DirectCopy.AUTO))).tables().get(0);
        assertThat(again.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(direct.queryValue("SELECT count(*) FROM orders")).isEqualTo("3");
    }

    @Test
    void aValueThatDoesNotConvertLoadsThroughStagingWithTheSameRejects() {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n2,b,not a number,\n3,c,3.00,\n");
        write("shop/orders/LOAD00000002.csv", "4,d,4.00,\n");

        assertSameAsStaging("", 3, List.of("shop/orders/LOAD00000001.csv", "2", "amount"));
    }

    @Test
    void progressStartsOverWhenTheLoadGoesBackThroughStaging() {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n");
        write("shop/orders/LOAD00000002.csv", "2,b,not a number,\n");
        TestDatabase db = PostgresServer.shared().newDatabase("direct_progress");
        db.execute(TABLE);
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        LoadListener listener = new LoadListener() {
            @Override
            public void tableStarted(String runId, TableSpec table, int files, long bytes) {
                events.add("started " + files + " files");
            }

            @Override
            public void fileStaged(String runId, String table, SourceFile file, long rows, long bytes) {
                events.add(file.key());
            }
        };

        TableResult result = new PostgresWarehouse(db.dataSource(), "public").pipeline(new LocalFolderSource(lake))
                .listening(listener).run(List.of(orders(DirectCopy.AUTO))).tables().get(0);

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        // The direct copy read the first file, the second refused a value: staging reads both again, from zero.
        assertThat(events).containsExactly("started 2 files", "shop/orders/LOAD00000001.csv", "started 2 files",
                "shop/orders/LOAD00000001.csv", "shop/orders/LOAD00000002.csv");
        assertThat(List.of(result.rowsRead(), result.rowsLoaded(), result.rowsRejected()))
                .containsExactly(2L, 1L, 1L);
    }

    @Test
    void aTakenKeyLoadsThroughStagingWithTheSameRejects() {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n2,b,2.00,\n");

        assertSameAsStaging("INSERT INTO public.orders VALUES (2, 'there', 0, NULL);", 1,
                List.of("shop/orders/LOAD00000001.csv", "2"));
    }

    @Test
    void aTimestampWithAnOffsetLoadsThroughStagingWhichChecksItAgainstTheTableZone() {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00,2026-01-01 10:00:00+02\n2,b,2.00,2026-01-01 10:00:00+00\n");

        assertSameAsStaging("", 1, List.of("shop/orders/LOAD00000001.csv", "1", "created_at"));
    }

    @Test
    void aNulCharacterLoadsThroughStagingWhichRejectsTheRow() {
        write("shop/orders/LOAD00000001.csv", "1,a\0b,1.00,\n2,b,2.00,\n");

        assertSameAsStaging("", 1, List.of("shop/orders/LOAD00000001.csv", "1", "note"));
    }

    @Test
    void theDirectCopysOffsetCheckLeavesToStagingEveryValueTheSqlCheckWouldLookAt() {
        TestDatabase db = PostgresServer.shared().newDatabase("zone_check");
        for (String value : List.of("2026-01-01 10:00:00", "2026-01-01", "2026-01-01 10:00:00.123456", "10:00",
                "2026-01-01 10:00:00+02", "2026-01-01 10:00:00-05", "2026-01-01T10:00:00", "2026-01-01 10:00Z",
                "2026-01-01 10:00 PST", "2026-01-01 10:00:00 Europe/Berlin", "", " ", "-infinity", "1.5",
                "2026-01-01 10:00:00.5-01:30", "01-02-2026", "01-02-2026 10:00")) {
            String sql = db.queryValue("SELECT ('" + value + "' ~ " + CastSql.MAY_HAVE_ZONE + ")::int");
            assertThat(CastSql.mayHaveZone(value)).as(value).isEqualTo(sql.equals("1"));
        }
    }

    /** Both settings leave the same rows and rejects; the direct copy wrote nothing that stayed. */
    private void assertSameAsStaging(String before, int rows, List<String> firstRejectStartsWith) {
        TestDatabase direct = load(DirectCopy.AUTO, before, TableStatus.LOADED);
        TestDatabase staged = load(DirectCopy.NEVER, before, TableStatus.LOADED);

        assertThat(contents(direct)).isEqualTo(contents(staged)).hasSize(rows + (before.isEmpty() ? 0 : 1));
        assertThat(rejects(direct)).isEqualTo(rejects(staged)).hasSize(1);
        assertThat(rejects(direct).get(0)).startsWith(firstRejectStartsWith.toArray(String[]::new));
        assertThat(WriteLog.statements(direct)).isEqualTo(WriteLog.statements(staged)).contains("INSERT")
                .doesNotContain("COPY");
        assertThat(direct.tables("lakeload")).noneMatch(t -> t.startsWith("stg_") || t.startsWith("rej_"));
    }
}
