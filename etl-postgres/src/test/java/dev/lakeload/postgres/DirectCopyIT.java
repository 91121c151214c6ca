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
 * {@code directCopy: auto}: an append load COPYs straight into the table in chunks; a chunk the copy cannot take
 * loads through staging in the same transaction, and the load ends exactly as the staging path does (same rows,
 * same rejects, same ledger). Each case loads the same lake into two databases, one per setting; a statement
 * trigger records which statement wrote the rows (COPY, or staging's INSERT).
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

    /** Loads with chunks of {@code rows} rows, each a COPY of its own. */
    private static void withChunksOf(int rows, Runnable test) {
        int before = ChunkedCopy.rowsPerChunk;
        ChunkedCopy.rowsPerChunk = rows;
        try {
            test.run();
        } finally {
            ChunkedCopy.rowsPerChunk = before;
        }
    }

    private void write(String key, String content) {
        TestFiles.write(lake.resolve(key), content);
    }

    /** Loads the lake into a new database with the table (and {@code before} run first); returns the database. */
    private TestDatabase load(DirectCopy directCopy, String before, TableStatus expected) {
        return load(directCopy, before, expected, new TableResult[1]);
    }

    /** As {@link #load(DirectCopy, String, TableStatus)}, the table's result in {@code result[0]}. */
    private TestDatabase load(DirectCopy directCopy, String before, TableStatus expected, TableResult[] result) {
        TestDatabase db = PostgresServer.shared().newDatabase("direct_" + directCopy.name().toLowerCase());
        db.execute(TABLE + before);
        WriteLog.install(db, "public.orders");
        result[0] = new PostgresWarehouse(db.dataSource(), "public").pipeline(new LocalFolderSource(lake))
                .run(List.of(orders(directCopy))).tables().get(0);
        assertThat(result[0].status()).as(String.valueOf(result[0].error())).isEqualTo(expected);
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
        // No chunk needed staging: only COPY wrote, and no staging table is left.
        assertThat(direct.tables("lakeload")).noneMatch(t -> t.startsWith("stg_") || t.startsWith("rej_"));
        assertThat(direct.queryValue("SELECT count(*) FROM lakeload.rejects")).isEqualTo("0");
        TableResult again = new PostgresWarehouse(direct.dataSource(), "public")
                .pipeline(new LocalFolderSource(lake)).run(List.of(orders(DirectCopy.AUTO))).tables().get(0);
        assertThat(again.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(direct.queryValue("SELECT count(*) FROM orders")).isEqualTo("3");
    }

    @Test
    void aChunkWithAValueThatDoesNotConvertLoadsThroughStagingWithTheSameRejects() {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n2,b,not a number,\n3,c,3.00,\n");
        write("shop/orders/LOAD00000002.csv", "4,d,4.00,\n");

        // The first file's chunk fails at line 2: lines 1 and 3 are copied again, line 2 goes through staging. The
        // second file's chunk is copied.
        assertSameAsStaging("", 3, List.of("shop/orders/LOAD00000001.csv", "2", "amount"), "COPY", "INSERT",
                "COPY");
    }

    @Test
    void badValuesInSeveralChunksCostTheirChunksAndGiveTheStagingPathsRowsRejectsAndLedger() {
        StringBuilder first = new StringBuilder();
        for (int id = 1; id <= 10; id++) {
            first.append(id).append(",n").append(id).append(',')
                    .append(id == 2 ? "2.x" : id == 8 ? "" : id + ".00").append(',')
                    .append(id == 9 ? "2026-13-01" : "2026-01-01 10:00").append('\n');
        }
        write("shop/orders/LOAD00000001.csv", first.toString());
        write("shop/orders/LOAD00000002.csv", "11,k,11.00,\n12,l,12.00,\n");

        withChunksOf(3, () -> {
            TableResult[] direct = new TableResult[1];
            TableResult[] staged = new TableResult[1];
            TestDatabase directDb = load(DirectCopy.AUTO, "ALTER TABLE orders ALTER amount SET NOT NULL;",
                    TableStatus.LOADED, direct);
            TestDatabase stagedDb = load(DirectCopy.NEVER, "ALTER TABLE orders ALTER amount SET NOT NULL;",
                    TableStatus.LOADED, staged);

            // Chunks: lines 1-3 (a bad amount at 2: 1 and 3 copied again, 2 staged), 4-6, 7-9 (the bad date at 9
            // fails the COPY; 7 and 8 copied again fail at the NULL amount, so all three are staged), 10; 11-12.
            assertThat(WriteLog.statements(directDb)).containsExactly("COPY", "INSERT", "COPY", "INSERT", "COPY",
                    "COPY");
            assertThat(contents(directDb)).isEqualTo(contents(stagedDb)).hasSize(9);
            assertThat(rejects(directDb)).isEqualTo(rejects(stagedDb)).extracting(r -> r.subList(1, 3))
                    .containsExactly(List.of("2", "amount"), List.of("8", "amount"), List.of("9", "created_at"));
            assertThat(rejects(directDb).get(1).get(4)).isEqualTo("NULL in NOT NULL column amount");
            assertThat(ledger(directDb)).isEqualTo(ledger(stagedDb));
            for (TableResult result : List.of(direct[0], staged[0])) {
                assertThat(List.of(result.rowsRead(), result.rowsLoaded(), result.rowsRejected()))
                        .containsExactly(12L, 9L, 3L);
            }
            assertThat(directDb.tables("lakeload")).noneMatch(t -> t.startsWith("stg_") || t.startsWith("rej_"));
        });
    }

    @Test
    void dataThatFailsMostChunksLoadsTheRestThroughStagingWithTheSameRowsAndRejects() {
        // Chunks of two rows, each of the first three with a bad amount; then a NUL, an offset, clean rows.
        write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n2,b,x2,\n3,c,x3,\n4,d,4.00,\n5,e,5.00,\n6,f,x6,\n"
                + "7,g\0,7.00,\n8,h,8.00,\n9,i,9.00,2026-01-01 10:00:00+02\n10,j,10.00,2026-01-01 10:00:00\n");
        write("shop/orders/LOAD00000002.csv", "11,k,11.00,\n12,l,12.00,\n");

        withChunksOf(2, () -> {
            TableResult[] direct = new TableResult[1];
            TableResult[] staged = new TableResult[1];
            TestDatabase directDb = load(DirectCopy.AUTO, "", TableStatus.LOADED, direct);
            TestDatabase stagedDb = load(DirectCopy.NEVER, "", TableStatus.LOADED, staged);

            assertThat(contents(directDb)).isEqualTo(contents(stagedDb)).hasSize(7);
            assertThat(rejects(directDb)).isEqualTo(rejects(stagedDb)).extracting(r -> r.get(1) + " " + r.get(2))
                    .containsExactly("2 amount", "3 amount", "6 amount", "7 note", "9 created_at");
            assertThat(ledger(directDb)).isEqualTo(ledger(stagedDb));
            assertThat(List.of(direct[0].rowsLoaded(), direct[0].rowsRejected())).containsExactly(7L, 5L);
        });
    }

    @Test
    void moreRejectsThanMaxRejectsFailTheTableWithNothingLoadedNamingTheFirst() {
        StringBuilder rows = new StringBuilder();
        for (int id = 1; id <= 20; id++) {
            rows.append(id).append(",n,").append(id % 3 == 0 ? "bad" + id : "1.00").append(",\n");
        }
        write("shop/orders/LOAD00000001.csv", rows.toString());

        withChunksOf(4, () -> {
            TableResult[] direct = new TableResult[1];
            TableResult[] staged = new TableResult[1];
            TestDatabase directDb = load(DirectCopy.AUTO, "", TableStatus.FAILED, direct);
            TestDatabase stagedDb = load(DirectCopy.NEVER, "", TableStatus.FAILED, staged);

            assertThat(direct[0].error()).isEqualTo(staged[0].error()).contains("LOAD00000001.csv", "line 3",
                    "amount", "bad3", "6 row(s) could not be loaded and maxRejects is 5");
            for (TestDatabase db : List.of(directDb, stagedDb)) {
                assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("0");
                assertThat(db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("0");
                assertThat(db.queryValue("SELECT count(*) FROM lakeload.rejects")).isEqualTo("0");
                assertThat(db.tables("lakeload")).noneMatch(t -> t.startsWith("stg_") || t.startsWith("rej_"));
            }
        });
    }

    @Test
    void progressStartsOverWhenTheLoadGoesBackThroughStaging() {
        // Files without rows choose no columns: the direct copy leaves them to staging, which records them.
        write("shop/orders/LOAD00000001.csv", "\n");
        write("shop/orders/LOAD00000002.csv", "\n");
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
        assertThat(events).containsExactly("started 2 files", "shop/orders/LOAD00000001.csv",
                "shop/orders/LOAD00000002.csv", "started 2 files", "shop/orders/LOAD00000001.csv",
                "shop/orders/LOAD00000002.csv");
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("2");
    }

    @Test
    void aTakenKeyCostsItsChunkWithTheSameRejects() {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n2,b,2.00,\n");

        assertSameAsStaging("INSERT INTO public.orders VALUES (2, 'there', 0, NULL);", 1,
                List.of("shop/orders/LOAD00000001.csv", "2"), "INSERT");
    }

    @Test
    void aKeyTakenByAnEarlierChunkOfTheLoadSendsTheLoadThroughStagingWhichNamesTheFirstCopy() {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n2,b,2.00,\n3,c,3.00,\n01,d,4.00,\n");

        withChunksOf(2, () -> assertSameAsStaging("", 3, List.of("shop/orders/LOAD00000001.csv", "4", "id", "01",
                "duplicate key (id)=(1): also in this load at shop/orders/LOAD00000001.csv, line 1"), "INSERT"));
    }

    @Test
    void aTimestampWithAnOffsetGoesThroughStagingWhichChecksItAgainstTheTableZone() {
        write("shop/orders/LOAD00000001.csv", "1,a,1.00,2026-01-01 10:00:00+02\n2,b,2.00,2026-01-01 10:00:00+00\n"
                + "3,c,3.00,2026-01-01 10:00:00\n");

        // Each row whose value may carry an offset ends its chunk there, and that chunk is staged.
        assertSameAsStaging("", 2, List.of("shop/orders/LOAD00000001.csv", "1", "created_at"), "INSERT", "INSERT",
                "COPY");
    }

    @Test
    void aNulCharacterUnderRejectCostsItsChunkWhichRejectsTheRow() {
        write("shop/orders/LOAD00000001.csv", "1,a\0b,1.00,\n2,b,2.00,\n");

        assertSameAsStaging("", 1, List.of("shop/orders/LOAD00000001.csv", "1", "note"), "INSERT", "COPY");
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

    /**
     * Both settings leave the same rows, rejects and ledger; the direct copy wrote with {@code directStatements}
     * (a COPY per clean chunk, an INSERT per staged one) and left no staging table.
     */
    private void assertSameAsStaging(String before, int rows, List<String> firstRejectStartsWith,
                                     String... directStatements) {
        TestDatabase direct = load(DirectCopy.AUTO, before, TableStatus.LOADED);
        TestDatabase staged = load(DirectCopy.NEVER, before, TableStatus.LOADED);

        assertThat(contents(direct)).isEqualTo(contents(staged)).hasSize(rows + (before.isEmpty() ? 0 : 1));
        assertThat(rejects(direct)).isEqualTo(rejects(staged)).hasSize(1);
        assertThat(rejects(direct).get(0)).startsWith(firstRejectStartsWith.toArray(String[]::new));
        assertThat(ledger(direct)).isEqualTo(ledger(staged));
        assertThat(WriteLog.statements(direct)).containsExactly(directStatements);
        assertThat(direct.tables("lakeload")).noneMatch(t -> t.startsWith("stg_") || t.startsWith("rej_"));
    }

    /** The files recorded as loaded, with the rows read of each and its rejects. */
    private static List<List<String>> ledger(TestDatabase db) {
        return db.query("SELECT f.file_key, f.rows_read, f.disposition, (SELECT count(*) FROM lakeload.rejects r "
                + "WHERE r.file_key = f.file_key) FROM lakeload.files f ORDER BY f.file_key");
    }
}
