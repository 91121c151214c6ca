package dev.lakeload.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.row.Row;
import dev.lakeload.core.row.Schema;
import dev.lakeload.core.source.FileContent;
import dev.lakeload.core.source.SourceFile;
import dev.lakeload.core.staging.StagedLoad;
import dev.lakeload.testkit.pg.PostgresServer;
import dev.lakeload.testkit.pg.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A promotion whose connection dies reports why it died: the failing rollback that follows is kept as a suppressed
 * exception and never replaces the cause, and nothing of the load is visible.
 */
class PromotionTransactionIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final TableSpec ORDERS = TableSpec.builder("orders", "shop/orders/").column("id", "bigint")
            .column("note", "text").build();

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private TestDatabase db;
    private PostgresWarehouse warehouse;

    @BeforeEach
    void setUp() {
        db = PostgresServer.shared().newDatabase("txn");
        warehouse = new PostgresWarehouse(db.dataSource(), "public");
        warehouse.ledger().prepare();
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
    }

    @Test
    void aPromotionWhoseConnectionIsKilledReportsTheKillNotTheFailedRollback() throws Exception {
        try (StagedLoad staged = stageOneRow(); Connection holder = db.dataSource().getConnection();
             Connection observer = db.dataSource().getConnection()) {
            // Another session holds the table's lock, so the promotion waits for it where the test can find it.
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, "lakeload:public.orders");
                lock.executeQuery().close();
            }
            Future<?> promotion = executor.submit(() -> warehouse.promoter().promote(ORDERS, staged, "r1"));
            terminate(observer, waitingBackend(observer, promotion));

            Throwable failure = failureOf(promotion);

            assertThat(failure).isInstanceOf(LakeloadException.class)
                    .hasMessageContaining("promoting public.orders")
                    .hasMessageContaining("terminating connection due to administrator command");
            // The driver's error is the cause, and the rollback that failed on the dead connection is kept with it.
            assertThat(failure.getCause().getSuppressed()).extracting(Throwable::getMessage)
                    .anyMatch(m -> m.contains("connection has been closed"));
            holder.rollback();
        }
        assertThat(db.tables("public")).isEmpty();
        assertThat(db.queryValue("SELECT count(*) FROM lakeload.files")).isEqualTo("0");
    }

    private StagedLoad stageOneRow() {
        StagedLoad staged = warehouse.stagingLoader().open(ORDERS, "r1");
        String key = "shop/orders/LOAD00000001.csv";
        staged.beginFile(new SourceFile(key, "file:/lake/" + key, 6, "v1", Instant.now()), null);
        staged.accept(new Row(Schema.ofNames(List.of("id", "note")), new String[] {"1", "a"}, key, 1));
        staged.endFile(1, 0, new FileContent(6, "0".repeat(64)));
        staged.finish();
        return staged;
    }

    /**
     * The backend waiting for an advisory lock in this database (asked outside a transaction, which would see one
     * snapshot of the statistics); fails the test after {@link #WAIT}, or when the
     * promotion ended without waiting.
     */
    private static int waitingBackend(Connection connection, Future<?> promotion)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (PreparedStatement query = connection.prepareStatement("SELECT pid FROM pg_stat_activity "
                + "WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
                if (promotion.isDone()) {
                    throw new AssertionError("the promotion ended without waiting for the lock",
                            failureOf(promotion));
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no promotion waited for the table's lock within " + WAIT);
    }

    private static void terminate(Connection connection, int pid) throws SQLException {
        try (PreparedStatement kill = connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
            kill.setInt(1, pid);
            kill.executeQuery().close();
        }
    }

    private static Throwable failureOf(Future<?> promotion) throws InterruptedException {
        try {
            promotion.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("the promotion did not end within " + WAIT, e);
        }
        throw new AssertionError("the promotion succeeded although its connection was killed");
    }
}
