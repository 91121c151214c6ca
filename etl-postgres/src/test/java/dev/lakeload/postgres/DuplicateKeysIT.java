package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A row whose key a unique constraint refuses is a reject that names the key and where its other copy is, counted
 * against maxRejects, in one run and across runs.
 */
class DuplicateKeysIT {
    @TempDir
    Path lake;

    private LoadFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new LoadFixture(lake, "dupes");
    }

    private static TableSpec.Builder items() {
        return TableSpec.builder("items", "shop/items/").column("id", "bigint").column("name", "text")
                .primaryKey(List.of("id"));
    }

    @Test
    void aKeyTwiceInOneLoadKeepsTheFirstAndRejectsTheLaterCopy() {
        fixture.write("shop/items/LOAD00000001.csv", "1,a\n2,b\n");
        fixture.write("shop/items/LOAD00000002.csv", "3,c\n01,z\n");

        TableResult failed = fixture.load(items().build());

        assertThat(failed.status()).isEqualTo(TableStatus.FAILED);
        assertThat(failed.error()).startsWith("shop/items/LOAD00000002.csv, line 2, column id: duplicate key (id)=(1)"
                + ": also in this load at shop/items/LOAD00000001.csv, line 1 (value: '01'); 1 row(s) could not be "
                + "loaded and maxRejects is 0");
        assertThat(fixture.db.tables("public")).isEmpty();

        TableResult loaded = fixture.load(items().maxRejects(1).build());

        assertThat(loaded.status()).isEqualTo(TableStatus.LOADED);
        assertThat(loaded.rowsLoaded()).isEqualTo(3);
        assertThat(loaded.rowsRejected()).isEqualTo(1);
        assertThat(fixture.db.query("SELECT id, name FROM items ORDER BY id")).containsExactly(
                List.of("1", "a"), List.of("2", "b"), List.of("3", "c"));
        assertThat(fixture.rejects()).containsExactly(List.of("shop/items/LOAD00000002.csv", "2", "id", "01",
                "duplicate key (id)=(1): also in this load at shop/items/LOAD00000001.csv, line 1"));
    }

    @Test
    void aKeyLoadedByAnEarlierRunIsAlreadyInTheTable() {
        fixture.write("shop/items/LOAD00000001.csv", "1,a\n");
        assertThat(fixture.load(items().build()).status()).isEqualTo(TableStatus.LOADED);
        fixture.write("shop/items/LOAD00000002.csv", "1,z\n2,b\n");

        TableResult failed = fixture.load(items().build());

        assertThat(failed.status()).isEqualTo(TableStatus.FAILED);
        assertThat(failed.error()).contains("shop/items/LOAD00000002.csv, line 1, column id: duplicate key (id)=(1): "
                + "already in public.items");

        TableResult loaded = fixture.load(items().maxRejects(1).build());

        assertThat(loaded.rowsLoaded()).isEqualTo(1);
        assertThat(fixture.db.query("SELECT id, name FROM items ORDER BY id")).containsExactly(
                List.of("1", "a"), List.of("2", "b"));
        assertThat(fixture.db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("2");
    }

    @Test
    void anyUniqueConstraintCountsAndItsColumnsAreNamed() {
        fixture.db.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, tenant text, email text, "
                + "UNIQUE (tenant, email))");
        fixture.write("crm/accounts/LOAD00000001.csv", "1,t1,ann@example.com\n2,t2,ann@example.com\n"
                + "3,t1,ann@example.com\n4,t1,\n5,t1,\n");

        TableResult result = fixture.load(TableSpec.builder("accounts", "crm/accounts/").column("id", "bigint")
                .column("tenant", "text").column("email", "text").maxRejects(5).build());

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.db.query("SELECT id FROM accounts ORDER BY id")).containsExactly(
                List.of("1"), List.of("2"), List.of("4"), List.of("5"));
        assertThat(fixture.rejects()).containsExactly(List.of("crm/accounts/LOAD00000001.csv", "3", "tenant, email",
                "t1, ann@example.com", "duplicate key (tenant, email)=(t1, ann@example.com): also in this load at "
                        + "crm/accounts/LOAD00000001.csv, line 1"));
    }

    @Test
    void duplicatesAndValuesThatDoNotConvertAreFoundTogether() {
        fixture.write("shop/items/LOAD00000001.csv", "1,a\n");
        fixture.write("shop/items/LOAD00000002.csv", "1,b\ny,c\n4,d\n");

        TableResult result = fixture.load(items().maxRejects(2).build());

        assertThat(result.status()).as(result.error()).isEqualTo(TableStatus.LOADED);
        assertThat(fixture.db.query("SELECT id, name FROM items ORDER BY id")).containsExactly(
                List.of("1", "a"), List.of("4", "d"));
        assertThat(fixture.rejects()).extracting(r -> r.get(1) + " " + r.get(2) + ": " + r.get(4)).containsExactly(
                "1 id: duplicate key (id)=(1): also in this load at shop/items/LOAD00000001.csv, line 1",
                "2 id: not a valid bigint: invalid input syntax for type bigint: \"y\"");
    }
}
