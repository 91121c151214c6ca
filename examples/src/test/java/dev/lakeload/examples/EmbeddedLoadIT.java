package dev.lakeload.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.pipeline.LoadListener;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.nio.file.Path;
import dev.lakeload.core.source.SourceFile;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The embedding example loads the bundled quickstart lake, masking emails on the way. */
class EmbeddedLoadIT {
    private static final Path LAKE = Path.of("quickstart/lake");

    @Test
    void loadsTheQuickstartLakeWithMaskedEmails() {
        TestDatabase db = PostgresServer.shared().newDatabase("examples");

        List<String> staged = new CopyOnWriteArrayList<>();
        LoadListener listener = new LoadListener() {
            @Override
            public void fileStaged(String runId, String table, SourceFile file, long rows, long bytes) {
                staged.add(table + " " + file.key() + " " + rows);
            }
        };

        RunReport first = EmbeddedLoad.load(LAKE, db.dataSource(), "public", listener);

        assertThat(first.tables()).extracting(t -> t.status()).containsOnly(TableStatus.LOADED);
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("8");
        assertThat(db.query("SELECT email FROM customers WHERE email IS NOT NULL ORDER BY id"))
                .hasSize(5).allMatch(r -> r.get(0).matches("[0-9a-f]{10}@[a-z.]+"));
        assertThat(db.query("SELECT name, postal_code FROM customers WHERE id IN (2, 7) ORDER BY id"))
                .containsExactly(List.of("Zoë O'Brien, Jr.", "D02 X285"), List.of("Leading Zeros Ltd", "02903"));

        assertThat(staged).hasSize(3).anyMatch(line -> line.startsWith("customers shop/customers/LOAD00000001.csv "))
                .filteredOn(line -> line.startsWith("orders ")).extracting(line -> Long.parseLong(line.split(" ")[2]))
                .containsExactly(5L, 3L);

        RunReport second = EmbeddedLoad.load(LAKE, db.dataSource(), "public", listener);
        assertThat(second.tables()).extracting(t -> t.status()).containsOnly(TableStatus.UP_TO_DATE);
        assertThat(staged).hasSize(3);
    }
}
