package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.LoadMode;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.LoadPipeline;
import dev.lakeload.core.pipeline.Sharing;
import dev.lakeload.core.pipeline.TableClaims.Claim;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.source.LocalFolderSource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code cdc} table split by file on a real server: while another run holds one of its full-load files, a run
 * loads the others and leaves the change files; once the full load is all in, the change files apply in order.
 */
class CdcSplitIT {
    private static final TableSpec CUSTOMERS = TableSpec.builder("customers", "crm/customers/")
            .column("id", "bigint").column("name", "text").primaryKey(List.of("id")).mode(LoadMode.CDC).build();

    @TempDir
    Path lake;

    @Test
    void changeFilesWaitWhileAnotherRunHoldsAFullLoadFileAndApplyInOrderOnceItIsLoaded() {
        LoadFixture fixture = new LoadFixture(lake, "cdc_split");
        fixture.write("crm/customers/LOAD00000001.csv", "1,Ann\n2,Bob\n");
        fixture.write("crm/customers/LOAD00000002.csv", "3,Cy\n");
        fixture.write("crm/customers/LOAD00000003.csv", "4,Dee\n");
        fixture.write("crm/customers/20260101-100000000.csv", "U,1,Ann2\nD,3,\n");
        fixture.write("crm/customers/20260101-110000000.csv", "I,3,Cy2\nD,1,\nU,2,Bob2\n");
        PostgresWarehouse warehouse = new PostgresWarehouse(fixture.db.dataSource(), "public");
        LocalFolderSource source = new LocalFolderSource(lake);
        LoadPipeline pipeline = warehouse.pipeline(source).sharing(new Sharing(1, 1));

        TableResult first;
        try (Claim other = warehouse.claims().claimShared(CUSTOMERS, "20261202t160000_aaaaaa")) {
            assertThat(other.tryClaimFile(source.list("crm/customers/LOAD00000002.csv").get(0))).isTrue();

            first = pipeline.run(List.of(CUSTOMERS)).tables().get(0);
        }

        assertThat(first.status()).isEqualTo(TableStatus.LOADED);
        assertThat(first.files()).isEqualTo(2);
        assertThat(first.notes()).contains("2 change file(s) wait until every full-load file is loaded, 1 still "
                + "held by other runs (from crm/customers/LOAD00000002.csv): the run that loads the last applies "
                + "them, else the next run");
        assertThat(fixture.db.query("SELECT id::text, name FROM customers ORDER BY id"))
                .containsExactly(List.of("1", "Ann"), List.of("2", "Bob"), List.of("4", "Dee"));
        assertThat(fixture.db.query("SELECT file_key FROM lakeload.files ORDER BY file_key")).containsExactly(
                List.of("crm/customers/LOAD00000001.csv"), List.of("crm/customers/LOAD00000003.csv"));

        TableResult next = pipeline.run(List.of(CUSTOMERS)).tables().get(0);

        assertThat(next.status()).isEqualTo(TableStatus.LOADED);
        assertThat(next.files()).isEqualTo(3);
        assertThat(fixture.db.query("SELECT id::text, name FROM customers ORDER BY id"))
                .containsExactly(List.of("2", "Bob2"), List.of("3", "Cy2"), List.of("4", "Dee"));
        assertThat(fixture.db.query("SELECT file_key, count(*)::text FROM lakeload.files GROUP BY file_key "
                + "ORDER BY file_key")).hasSize(5).allSatisfy(row -> assertThat(row.get(1)).isEqualTo("1"));
        // The change files in one promotion, after the last full-load file's.
        assertThat(fixture.db.queryValue("SELECT count(DISTINCT loaded_at) FROM lakeload.files "
                + "WHERE file_key LIKE '%/2026%'")).isEqualTo("1");
        assertThat(fixture.db.queryValue("SELECT min(loaded_at) FILTER (WHERE file_key LIKE '%/2026%') > "
                + "max(loaded_at) FILTER (WHERE file_key LIKE '%/LOAD%') FROM lakeload.files")).isEqualTo("t");
    }
}
