package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.ErrorKind;
import dev.lakeload.core.pipeline.LoadPipeline;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.pipeline.TableStatus;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.RowSink;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.transform.RowTransformer;
import dev.lakeload.testkit.files.TestFiles;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs promoting the same table at the same time: the table's advisory lock lets one promote at a time, and the
 * later one finds the files recorded since it planned them, so no file is loaded twice. The runs claim no tables
 * (which would keep them from staging at once): this is the guarantee that holds without claims.
 */
class ConcurrentRunsIT {
    private static final int SECONDS = 60;

    @TempDir
    Path lake;

    @Test
    void twoRunsOfTheSameFilesLoadThemOnceAndTheLaterOneFailsSayingWhy() throws Exception {
        TestDatabase db = PostgresServer.shared().newDatabase("concurrent");
        TestFiles.write(lake.resolve("shop/orders/LOAD00000001.csv"), "1,a\n2,b\n");
        TestFiles.write(lake.resolve("shop/orders/LOAD00000002.csv"), "3,c\n");
        // Both runs have planned and staged the same files before either promotes.
        CyclicBarrier bothStaged = new CyclicBarrier(2);
        TableSpec orders = TableSpec.builder("orders", "shop/orders/").column("id", "bigint").column("note", "text")
                .transformer(() -> new MeetBeforePromotion(bothStaged)).build();
        PostgresWarehouse warehouse = new PostgresWarehouse(db.dataSource(), "public");
        Callable<TableResult> run = () -> new LoadPipeline(new LocalFolderSource(lake), warehouse.stagingLoader(),
                warehouse.promoter(), warehouse.ledger()).run(List.of(orders)).tables().get(0);

        List<TableResult> results = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<TableResult>> runs = List.of(threads.submit(run), threads.submit(run));
            for (Future<TableResult> result : runs) {
                results.add(result.get(SECONDS, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(results).extracting(TableResult::status).containsExactlyInAnyOrder(TableStatus.LOADED,
                TableStatus.FAILED);
        TableResult later = results.stream().filter(r -> r.status() == TableStatus.FAILED).findFirst().orElseThrow();
        assertThat(later.error()).startsWith("shop/orders/LOAD00000001.csv: run ")
                .contains("recorded it as loaded since this run planned its load; nothing was loaded now");
        assertThat(later.errorKind()).isEqualTo(ErrorKind.DATA);
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("3");
        assertThat(db.query("SELECT file_key, count(*) FROM lakeload.files GROUP BY file_key ORDER BY file_key"))
                .containsExactly(List.of("shop/orders/LOAD00000001.csv", "1"),
                        List.of("shop/orders/LOAD00000002.csv", "1"));
        assertThat(db.tables("lakeload")).containsExactlyInAnyOrder("columns", "files", "rejects", "run_tables",
                "runs", "schema_changes");
    }

    /** Passes rows on, and at the end of staging waits (boundedly) until the other run has staged too. */
    private record MeetBeforePromotion(CyclicBarrier barrier) implements RowTransformer {
        @Override
        public void transform(Row row, RowSink out) {
            out.accept(row);
        }

        @Override
        public void end(RowSink out) {
            try {
                barrier.await(SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the other run", e);
            } catch (BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException("the other run did not stage within " + SECONDS + " s", e);
            }
        }
    }
}
