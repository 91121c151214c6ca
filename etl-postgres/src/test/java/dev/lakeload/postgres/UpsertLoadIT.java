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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code mode: upsert} through the whole pipeline: last write wins, unchanged rows stay untouched, rejects. */
class UpsertLoadIT {
    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "upsert");
    }

    private static TableSpec.Builder orders() {
        return TableSpec.builder("orders", "shop/orders/").mode(LoadMode.UPSERT)
                .column("id", "bigint").column("note", "text").column("amount", "numeric(12,2)")
                .primaryKey(List.of("id"));
    }

    private List<List<String>> orderRows() {
        return fixture.db.query("SELECT id::text, note, amount::text FROM orders ORDER BY id");
    }

    @Test
    void theLastRowOfAKeyWinsByFileThenLineInsideOneLoadAndAcrossLoads() {
        // LOAD00000010 comes after LOAD0000000A (hexadecimal), although it sorts before it as text.
        fixture.write("shop/orders/LOAD0000000A.csv", "1,first,1.00\n01,second,2.00\n2,x,1.00\n5,early,5.00\n");
        fixture.write("shop/orders/LOAD00000010.csv", "5,late,5.50\n");
        fixture.write("shop/orders/20260101-101500123.csv", "2,y,2.00\n2,z,3.00\n");

        TableResult first = fixture.load(orders().build());

        assertThat(first.status()).isEqualTo(TableStatus.LOADED);
        assertThat(orderRows()).containsExactly(List.of("1", "second", "2.00"), List.of("2", "z", "3.00"),
                List.of("5", "late", "5.50"));

        fixture.write("shop/orders/20260101-111500000.csv", "1,third,\n3,new,3.00\n");
        assertThat(fixture.load(orders().build()).status()).isEqualTo(TableStatus.LOADED);

        assertThat(orderRows()).containsExactly(Arrays.asList("1", "third", null), List.of("2", "z", "3.00"),
                List.of("3", "new", "3.00"), List.of("5", "late", "5.50"));
    }

    @ParameterizedTest
    @EnumSource(DirectCopy.class)
    void aChangeDataDeleteUsesItsKeyOnlyWhateverItsOtherFieldsHold(DirectCopy directCopy) {
        // DMS may write a delete's other fields empty or as they were; none of them is converted or checked.
        TableSpec cdc = orders().mode(LoadMode.CDC).directCopy(directCopy).build();
        fixture.write("shop/orders/LOAD00000001.csv", "1,a,1.00\n2,b,2.00\n3,c,3.00\n");
        assertThat(fixture.load(cdc).rowsLoaded()).isEqualTo(3);
        fixture.write("shop/orders/20260101-100000000.csv", "D,2,b,not-a-number\nU,3,c2,3.30\nD,1,,\n");

        TableResult result = fixture.load(cdc);

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(orderRows()).containsExactly(List.of("3", "c2", "3.30"));
        assertThat(fixture.rejects()).isEmpty();
    }

    @Test
    void reRunningIsIdempotentAndUnchangedRowsAreNotRewritten() {
        fixture.write("shop/orders/LOAD00000001.csv", "1,a,1.00\n2,b,2.00\n3,c,\n");
        assertThat(fixture.load(orders().build()).rowsLoaded()).isEqualTo(3);
        List<List<String>> loaded = orderRows();
        List<List<String>> versions = fixture.db.query("SELECT id::text, xmin::text FROM orders ORDER BY id");

        TableResult again = fixture.load(orders().build());
        assertThat(again.status()).isEqualTo(TableStatus.UP_TO_DATE);
        assertThat(orderRows()).isEqualTo(loaded);

        // DMS re-delivers rows after a task restart: the same values again, one of them changed, a NULL kept.
        fixture.write("shop/orders/20260101-101500123.csv", "1,a,1.00\n2,b,2.50\n3,c,\n");
        TableResult replay = fixture.load(orders().build());

        assertThat(replay.status()).isEqualTo(TableStatus.LOADED);
        assertThat(replay.rowsLoaded()).isEqualTo(1);
        assertThat(orderRows()).containsExactly(List.of("1", "a", "1.00"), List.of("2", "b", "2.50"),
                Arrays.asList("3", "c", null));
        List<List<String>> after = fixture.db.query("SELECT id::text, xmin::text FROM orders ORDER BY id");
        assertThat(after.get(0)).isEqualTo(versions.get(0));
        assertThat(after.get(1)).isNotEqualTo(versions.get(1));
        assertThat(after.get(2)).isEqualTo(versions.get(2));
    }

    @Test
    void aRepeatedKeyEndsWithItsLastRowWhicheverCopyMatchesTheTable() {
        // A load without rejects merges before looking for repeated keys; a repeat makes it look and merge again.
        fixture.write("shop/orders/LOAD00000001.csv", "1,a,1.00\n2,b,2.00\n");
        fixture.load(orders().build());
        List<List<String>> versions = fixture.db.query("SELECT id::text, xmin::text FROM orders ORDER BY id");

        // Key 1: the first copy is the table's row as it is, the last one changes it. Key 2 is not repeated.
        fixture.write("shop/orders/20260101-101500123.csv", "1,a,1.00\n2,b,2.00\n1,z,9.00\n");
        TableResult lastChanges = fixture.load(orders().build());

        assertThat(lastChanges.status()).as(lastChanges.error()).isEqualTo(TableStatus.LOADED);
        assertThat(lastChanges.rowsLoaded()).isEqualTo(1);
        assertThat(orderRows()).containsExactly(List.of("1", "z", "9.00"), List.of("2", "b", "2.00"));
        List<List<String>> after = fixture.db.query("SELECT id::text, xmin::text FROM orders ORDER BY id");
        assertThat(after.get(1)).isEqualTo(versions.get(1));

        // Key 1 again: the first copy changes the row, the last one is the row as the table has it; key 3 is new
        // twice ("3" and "03" are one bigint key).
        fixture.write("shop/orders/20260101-111500000.csv", "1,q,7.00\n3,c,3.00\n1,z,9.00\n03,c2,3.50\n");
        TableResult lastKeeps = fixture.load(orders().build());

        assertThat(lastKeeps.status()).as(lastKeeps.error()).isEqualTo(TableStatus.LOADED);
        assertThat(orderRows()).containsExactly(List.of("1", "z", "9.00"), List.of("2", "b", "2.00"),
                List.of("3", "c2", "3.50"));
        assertThat(fixture.db.query("SELECT id::text, xmin::text FROM orders WHERE id = 1")).containsExactly(
                after.get(0));
    }

    @Test
    void aValueWrittenDifferentlyIsRewrittenAndTypesWithoutEqualityWork() {
        TableSpec.Builder docs = TableSpec.builder("docs", "shop/docs/").mode(LoadMode.UPSERT)
                .column("id", "bigint").column("amount", "numeric").column("body", "json")
                .primaryKey(List.of("id"));
        fixture.write("shop/docs/LOAD00000001.csv", "1,1.0,\"{\"\"a\"\": 1}\"\n");
        assertThat(fixture.load(docs.build()).status()).isEqualTo(TableStatus.LOADED);

        fixture.write("shop/docs/20260101-101500123.csv", "1,1.00,\"{\"\"a\"\": 1}\"\n");
        TableResult changed = fixture.load(docs.build());

        assertThat(changed.status()).isEqualTo(TableStatus.LOADED);
        assertThat(changed.rowsLoaded()).isEqualTo(1);
        assertThat(fixture.db.query("SELECT amount::text, body::text FROM docs"))
                .containsExactly(List.of("1.00", "{\"a\": 1}"));
    }

    @Test
    void anExistingTableWithoutAUniqueKeyFailsWithTheDdlThatAddsOne() {
        fixture.db.execute("CREATE TABLE orders (id bigint, note text, amount numeric(12,2))");
        fixture.write("shop/orders/LOAD00000001.csv", "1,a,1.00\n");

        TableResult refused = fixture.load(orders().build());

        assertThat(refused.status()).isEqualTo(TableStatus.FAILED);
        assertThat(refused.error()).contains("mode upsert", "public.orders", "nothing was loaded");
        assertThat(fixture.db.queryValue("SELECT count(*) FROM orders")).isEqualTo("0");
        Matcher ddl = Pattern.compile("ALTER TABLE [^;]+;").matcher(refused.error());
        assertThat(ddl.find()).as(refused.error()).isTrue();
        assertThat(refused.error()).contains("CREATE UNIQUE INDEX ON \"public\".\"orders\" (\"id\");");

        fixture.db.execute(ddl.group());
        assertThat(fixture.load(orders().build()).status()).isEqualTo(TableStatus.LOADED);
        assertThat(orderRows()).containsExactly(List.of("1", "a", "1.00"));
    }

    @Test
    void aBadValueIsARejectAndTheOtherRowsMerge() {
        fixture.write("shop/orders/LOAD00000001.csv", "1,a,1.00\n2,b,2.00\n");
        fixture.load(orders().build());
        fixture.write("shop/orders/20260101-101500123.csv", "1,a2,1.50\n2,b2,not-a-number\n3,c,3.00\n");

        TableResult strict = fixture.load(orders().build());
        assertThat(strict.status()).isEqualTo(TableStatus.FAILED);
        assertThat(strict.error()).contains("20260101-101500123.csv", "line 2", "column amount", "not-a-number");
        assertThat(orderRows()).containsExactly(List.of("1", "a", "1.00"), List.of("2", "b", "2.00"));

        TableResult lenient = fixture.load(orders().maxRejects(1).build());

        assertThat(lenient.status()).isEqualTo(TableStatus.LOADED);
        assertThat(lenient.rowsRejected()).isEqualTo(1);
        assertThat(orderRows()).containsExactly(List.of("1", "a2", "1.50"), List.of("2", "b", "2.00"),
                List.of("3", "c", "3.00"));
    }

    @Test
    void aRejectedRowDoesNotSupersedeAnEarlierRowOfItsKey() {
        // The rows superseded by a later row of their key are found once per apply: after the retry without the
        // rejects, line 1 is again the last row of key 1. A key that does not convert fails that search too.
        fixture.write("shop/orders/LOAD00000001.csv", "1,a,1.00\n1,a2,not-a-number\nx,c,3.00\n2,b,2.00\n");

        TableResult result = fixture.load(orders().maxRejects(2).build());

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(orderRows()).containsExactly(List.of("1", "a", "1.00"), List.of("2", "b", "2.00"));
        assertThat(fixture.rejects()).extracting(r -> r.subList(1, 4)).containsExactly(
                List.of("2", "amount", "not-a-number"), List.of("3", "id", "x"));
    }

    @Test
    void aKeyTakenInAnotherUniqueIndexIsARejectButAMergedKeyIsNot() {
        fixture.db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, note text UNIQUE, amount numeric(12,2))");
        fixture.db.execute("INSERT INTO orders VALUES (1, 'a', 1), (2, 'b', 2)");
        fixture.write("shop/orders/LOAD00000001.csv", "1,b,1.00\n2,b2,2.00\n3,c,3.00\n");

        TableResult result = fixture.load(orders().maxRejects(1).build());

        assertThat(result.status()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.rejects()).singleElement().satisfies(reject -> {
            assertThat(reject.subList(0, 3)).containsExactly("shop/orders/LOAD00000001.csv", "1", "note");
            assertThat(reject.get(4)).contains("duplicate key (note)=(b): already in public.orders");
        });
        assertThat(orderRows()).containsExactly(List.of("1", "a", "1.00"), List.of("2", "b2", "2.00"),
                List.of("3", "c", "3.00"));
    }
}
