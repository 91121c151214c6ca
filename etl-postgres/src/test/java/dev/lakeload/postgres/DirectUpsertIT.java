package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.DirectCopy;
import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upsert} under {@code directCopy: auto} copies into a typed load table and merges from it; each case loads
 * the same lake into two databases, one per setting, and expects the same table, counts, rejects and errors. A
 * statement trigger on the table records which relation each merge read: the load table, or staging's (or the
 * latest rows of either, named after it); and whether
 * it was a plain insert (into an empty table) rather than {@code ON CONFLICT} or {@code MERGE}.
 */
class DirectUpsertIT {
    private static final String TABLE = "CREATE TABLE public.orders (id bigint PRIMARY KEY, note text, "
            + "amount numeric(12,2), created_at timestamp)";

    @TempDir
    Path lake;

    private LoadFixture direct;
    private LoadFixture staged;
    private LoadMode mode = LoadMode.UPSERT;

    @BeforeEach
    void setUp() {
        direct = new LoadFixture(lake, "direct_upsert");
        staged = new LoadFixture(lake, "staged_upsert");
    }

    private TableSpec orders(DirectCopy directCopy) {
        return TableSpec.builder("orders", "shop/orders/").mode(mode)
                .column("id", "bigint").column("note", "text").column("amount", "numeric(12,2)")
                .column("created_at", "timestamp").primaryKey(List.of("id")).maxRejects(5)
                .directCopy(directCopy).build();
    }

    /** Runs {@code sql} in both databases, then adds the trigger that records what each merge read. */
    private void createTables(String sql) {
        for (LoadFixture fixture : List.of(direct, staged)) {
            fixture.db.execute(sql + ";" + """
                    CREATE TABLE public.merges (source text);
                    CREATE FUNCTION public.record_merge() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        INSERT INTO public.merges VALUES (CASE
                            WHEN current_query() LIKE '%"pg_temp"."lakeload_load%' THEN 'load table'
                            WHEN current_query() LIKE '%"stg_%' THEN 'staging'
                            ELSE current_query() END
                            || CASE WHEN current_query() LIKE '%ON CONFLICT%' OR current_query() LIKE 'MERGE %' THEN ''
                                ELSE ', plain insert' END);
                        RETURN NULL;
                    END $$;
                    CREATE TRIGGER record_merge AFTER INSERT ON public.orders
                        FOR EACH STATEMENT EXECUTE FUNCTION public.record_merge();
                    """);
        }
    }

    /** Loads the lake into both databases; returns the direct load's result after checking it equals staging's. */
    private TableResult loadBoth(TableStatus expected) {
        TableResult viaStaging = staged.load(orders(DirectCopy.NEVER));
        TableResult viaDirect = direct.load(orders(DirectCopy.AUTO));
        assertThat(viaDirect.status()).as(String.valueOf(viaDirect.error())).isEqualTo(expected);
        assertThat(List.of(viaDirect.status(), viaDirect.rowsRead(), viaDirect.rowsLoaded(), viaDirect.rowsMerged(),
                viaDirect.rowsRejected())).isEqualTo(List.of(viaStaging.status(), viaStaging.rowsRead(),
                viaStaging.rowsLoaded(), viaStaging.rowsMerged(), viaStaging.rowsRejected()));
        assertThat(String.valueOf(viaDirect.error())).isEqualTo(String.valueOf(viaStaging.error()));
        assertThat(viaDirect.notes()).isEqualTo(viaStaging.notes());
        assertThat(contents(direct)).isEqualTo(contents(staged));
        assertThat(direct.rejects()).isEqualTo(staged.rejects());
        String files = "SELECT file_key, rows_read::text FROM lakeload.files ORDER BY file_key";
        assertThat(direct.db.query(files)).isEqualTo(staged.db.query(files));
        assertThat(direct.db.tables("lakeload")).noneMatch(t -> t.startsWith("stg_") || t.startsWith("rej_"));
        return viaDirect;
    }

    private static List<List<String>> contents(LoadFixture fixture) {
        return fixture.db.query("SELECT id::text, note, amount::text, created_at::text FROM orders ORDER BY id");
    }

    private List<String> merges() {
        return direct.db.query("SELECT source FROM public.merges").stream().map(r -> r.get(0)).toList();
    }

    private List<List<String>> versions() {
        return direct.db.query("SELECT id::text, xmin::text FROM orders ORDER BY id");
    }

    @Test
    void theLastRowOfAKeyWinsAReplayIsIdempotentAndUnchangedRowsAreNotRewritten() {
        createTables(TABLE);
        // Key 1 twice in one file (1 and 01 are one bigint key), key 5 in two files.
        direct.write("shop/orders/LOAD00000001.csv", "1,first,1.00,2026-01-01 10:00:00\n2,b,2.00,\n"
                + "01,second,1.50,\n5,early,5.00,\n");
        direct.write("shop/orders/LOAD00000002.csv", "5,late,5.50,2026-01-02\n\"3\",\"c, \"\"q\"\"\",3.00,\n");

        TableResult first = loadBoth(TableStatus.LOADED);

        assertThat(List.of(first.rowsRead(), first.rowsLoaded(), first.rowsMerged())).containsExactly(6L, 4L, 2L);
        assertThat(contents(direct)).containsExactly(Arrays.asList("1", "second", "1.50", null),
                Arrays.asList("2", "b", "2.00", null), Arrays.asList("3", "c, \"q\"", "3.00", null),
                List.of("5", "late", "5.50", "2026-01-02 00:00:00"));
        // The table was empty: the plain insert and the merge that found key 1 twice rolled back, the plain insert
        // of the latest rows wrote.
        assertThat(merges()).containsExactly("load table, plain insert");
        List<List<String>> before = versions();

        assertThat(loadBoth(TableStatus.UP_TO_DATE).rowsLoaded()).isZero();

        // DMS re-delivers rows: 1, 3 and 5 as they are, 2 changed, 6 new.
        direct.write("shop/orders/20260101-101500123.csv", "1,second,1.50,\n2,b,2.25,\n5,late,5.50,2026-01-02\n"
                + "3,\"c, \"\"q\"\"\",3.00,\n6,new,6.00,\n");
        TableResult replay = loadBoth(TableStatus.LOADED);

        assertThat(List.of(replay.rowsRead(), replay.rowsLoaded(), replay.rowsMerged())).containsExactly(5L, 2L, 3L);
        assertThat(merges()).containsExactly("load table, plain insert", "load table");
        List<List<String>> after = versions();
        assertThat(after).hasSize(5);
        assertThat(List.of(after.get(0), after.get(2), after.get(3))).isEqualTo(List.of(before.get(0),
                before.get(2), before.get(3)));
        assertThat(after.get(1)).isNotEqualTo(before.get(1));
    }

    @Test
    void ofARepeatedKeyTheLastRowWinsAlsoWhenItEqualsTheRowTheTableHas() {
        createTables(TABLE);
        direct.write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n2,b,2.00,\n");
        loadBoth(TableStatus.LOADED);
        List<List<String>> before = versions();

        // Key 2 changed, then changed back to what the table has: nothing to write for it. Key 1 the other way.
        direct.write("shop/orders/20260101-101500123.csv", "2,changed,9.99,\n1,a,1.00,\n7,new,7.00,\n"
                + "2,b,2.00,\n1,a2,1.10,\n");
        TableResult repeated = loadBoth(TableStatus.LOADED);

        assertThat(List.of(repeated.rowsRead(), repeated.rowsLoaded(), repeated.rowsMerged()))
                .containsExactly(5L, 2L, 3L);
        assertThat(contents(direct)).containsExactly(Arrays.asList("1", "a2", "1.10", null),
                Arrays.asList("2", "b", "2.00", null), Arrays.asList("7", "new", "7.00", null));
        assertThat(versions().get(1)).isEqualTo(before.get(1));
        assertThat(versions().get(0)).isNotEqualTo(before.get(0));
        assertThat(merges()).containsExactly("load table, plain insert", "load table");
    }

    @Test
    void recordsCopiedAsTheyAreAndRowsReadByTheJvmKeepTheirOrderInAFile() {
        createTables(TABLE);
        // Chunks of a few records go as they are; a record of two lines takes one number, fewer than its lines. The
        // quote inside a field makes the JVM read the rest of the file, at its real lines: key 1's last row must
        // still win over the copied ones, and key 2's copied row over the earlier copied one.
        direct.write("shop/orders/LOAD00000001.csv", "1,first,1.00,\n2,\"two\nlines\",2.00,\n1,second,1.10,\n"
                + "3,c,3.00,\n2,\"again\r\ntwo\",2.20,\n4,a\"b,4.00,\n1,third,1.20,\n");
        direct.write("shop/orders/LOAD00000002.csv", "3,c2,3.30,\n5,e,5.00,\n3,c3,3.33,\n");
        int chunkBytes = PostgresDirectLoad.rawChunkBytes;
        PostgresDirectLoad.rawChunkBytes = 40;
        TableResult result;
        try {
            result = loadBoth(TableStatus.LOADED);
        } finally {
            PostgresDirectLoad.rawChunkBytes = chunkBytes;
        }

        assertThat(List.of(result.rowsRead(), result.rowsLoaded(), result.rowsMerged())).containsExactly(10L, 5L,
                5L);
        assertThat(contents(direct)).containsExactly(Arrays.asList("1", "third", "1.20", null),
                Arrays.asList("2", "again\r\ntwo", "2.20", null), Arrays.asList("3", "c3", "3.33", null),
                Arrays.asList("4", "a\"b", "4.00", null), Arrays.asList("5", "e", "5.00", null));
        assertThat(merges()).containsExactly("load table, plain insert");
    }

    @Test
    void aValueTheLoadTableRefusesLoadsThroughStagingWithItsReject() {
        assertLoadsThroughStagingWithAReject(TABLE, "1,a,1.00,\n2,b,not a number,\n3,c,3.00,\n", "amount");
    }

    @Test
    void aRowTheTargetRefusesAtTheMergeLoadsThroughStagingWithItsReject() {
        // The load table has no NOT NULL: the merge itself fails, and staging finds the row.
        assertLoadsThroughStagingWithAReject(TABLE.replace("note text", "note text NOT NULL"),
                "1,a,1.00,\n2,,2.00,\n3,c,3.00,\n", "note");
    }

    /** The file's line 2 is refused: loaded through staging, the same rows and reject as {@code never}. */
    private void assertLoadsThroughStagingWithAReject(String table, String file, String column) {
        createTables(table);
        direct.write("shop/orders/LOAD00000001.csv", file);

        TableResult result = loadBoth(TableStatus.LOADED);

        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(direct.rejects().get(0)).startsWith("shop/orders/LOAD00000001.csv", "2", column);
        assertThat(merges()).containsExactly("staging, plain insert");
    }

    @Test
    void aTableWithoutAUniqueKeyFailsWithTheSameDdlAsThroughStaging() {
        createTables("CREATE TABLE public.orders (id bigint, note text, amount numeric(12,2), created_at timestamp)");
        direct.write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n");

        TableResult refused = loadBoth(TableStatus.FAILED);

        assertThat(refused.error()).contains("ALTER TABLE \"public\".\"orders\" ADD PRIMARY KEY (\"id\");");
        assertThat(direct.db.queryValue("SELECT count(*) FROM orders")).isEqualTo("0");
        assertThat(direct.db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("0");
    }

    @Test
    void aCreatedTableGetsTheKeyAsItsPrimaryKey() {
        direct.write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n1,b,2.00,\n");

        TableResult created = loadBoth(TableStatus.LOADED);

        assertThat(List.of(created.rowsLoaded(), created.rowsMerged())).containsExactly(1L, 1L);
        String primaryKey = "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'public.orders'"
                + "::regclass AND contype = 'p'";
        assertThat(direct.db.queryValue(primaryKey)).isEqualTo("PRIMARY KEY (id)")
                .isEqualTo(staged.db.queryValue(primaryKey));
        String changes = "SELECT target_table, change FROM lakeload.schema_changes ORDER BY 1, 2";
        assertThat(direct.db.query(changes)).isEqualTo(staged.db.query(changes)).hasSize(1);
    }

    @Test
    void changeDataAppliesFromTheLoadTableAsFromStaging() {
        mode = LoadMode.CDC;
        createTables(TABLE);
        direct.write("shop/orders/LOAD00000001.csv", "1,a,1.00,\n2,b,2.00,\n3,c,3.00,\n4,d,4.00,\n");
        assertThat(loadBoth(TableStatus.LOADED).rowsLoaded()).isEqualTo(4);

        // In one file: an update, an insert then an update of the same key, a delete with only its key, an insert
        // re-delivered as it is. In the next: a delete of the key inserted before, an update of a key the table
        // never had, an insert of the key deleted before.
        direct.write("shop/orders/20260101-100000000.csv", "U,1,a2,1.10,\nI,5,e,5.00,\nD,2,,,\nU,5,e2,5.50,\n"
                + "I,3,c,3.00,\n");
        direct.write("shop/orders/20260101-110000000.csv", "D,5,,,\nU,9,z,9.00,2026-01-01 10:00:00\n"
                + "I,2,b again,2.00,\n");
        TableResult changes = loadBoth(TableStatus.LOADED);

        assertThat(contents(direct)).containsExactly(Arrays.asList("1", "a2", "1.10", null),
                Arrays.asList("2", "b again", "2.00", null), Arrays.asList("3", "c", "3.00", null),
                Arrays.asList("4", "d", "4.00", null), List.of("9", "z", "9.00", "2026-01-01 10:00:00"));
        assertThat(changes.rowsRead()).isEqualTo(8);
        assertThat(changes.notes()).anySatisfy(note -> assertThat(note).contains("id=9",
                "20260101-110000000.csv, line 2"));
        // The full load went into the empty table by a plain insert; the changes merged.
        assertThat(merges()).containsExactly("load table, plain insert", "load table");
    }
}
