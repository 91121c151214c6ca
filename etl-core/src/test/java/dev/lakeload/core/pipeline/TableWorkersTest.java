package dev.lakeload.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.core.config.TableSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TableWorkersTest {
    private static final List<TableSpec> TABLES = IntStream.rangeClosed(1, 6)
            .mapToObj(i -> TableSpec.builder("t" + i, "t" + i + "/").column("id", "bigint").build()).toList();

    @Test
    void loadsTablesAtOnceAndGivesResultsInTheirOrder() {
        // Every load waits until three are running: this ends only when three tables load at once.
        CountDownLatch three = new CountDownLatch(3);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<TableResult> results = new TableWorkers(3).loadAll(TABLES, (table, wait) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            three.countDown();
            try {
                assertThat(three.await(10, TimeUnit.SECONDS)).as("three loads at once").isTrue();
                // the later tables finish first, so the order of the results is not the order of finishing
                Thread.sleep(70L - 10L * Integer.parseInt(table.name().substring(1)));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            } finally {
                running.decrementAndGet();
            }
            return result(table, TableStatus.LOADED);
        });

        assertThat(results).extracting(TableResult::name).containsExactly("t1", "t2", "t3", "t4", "t5", "t6");
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void busyTablesAreVisitedOnceMoreAtTheEndWaitingThisTime() {
        List<String> visits = Collections.synchronizedList(new ArrayList<>());
        List<TableResult> results = new TableWorkers(1).loadAll(TABLES, (table, wait) -> {
            visits.add(table.name() + (wait ? " waiting" : ""));
            boolean held = table.name().equals("t2") || table.name().equals("t5");
            return result(table, !held ? TableStatus.LOADED
                    : wait && table.name().equals("t2") ? TableStatus.UP_TO_DATE : TableStatus.BUSY);
        });

        assertThat(visits).containsExactly("t1", "t2", "t3", "t4", "t5", "t6", "t2 waiting", "t5 waiting");
        assertThat(results).extracting(TableResult::status).containsExactly(TableStatus.LOADED,
                TableStatus.UP_TO_DATE, TableStatus.LOADED, TableStatus.LOADED, TableStatus.BUSY, TableStatus.LOADED);
    }

    private static TableResult result(TableSpec table, TableStatus status) {
        return new TableResult(table.name(), status, 0, 0, 0, 0, 0, null, null, List.of());
    }
}
