package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loads a run's tables, up to a number at once, and gives their results in the tables' order. Tables are first
 * claimed without waiting, so a worker spends its time on tables nobody else loads; those another run held
 * ({@link TableStatus#BUSY}) are visited once more at the end, waiting for them this time, and are then usually
 * {@link TableStatus#UP_TO_DATE} because the other run loaded them.
 *
 * <p>Each call runs its own threads and ends them before returning. Not for concurrent use.
 */
final class TableWorkers {
    /** Loads one table; {@code wait} says whether to wait for a table another run holds. Never throws for it. */
    interface Load {
        TableResult load(TableSpec table, boolean wait);
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;

    /** @param threads how many tables to load at once, at least 1 */
    TableWorkers(int threads) {
        this.threads = threads;
    }

    List<TableResult> loadAll(List<TableSpec> tables, Load load) {
        List<TableResult> results = new ArrayList<>(loadEach(tables, load, false));
        List<Integer> busy = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).status() == TableStatus.BUSY) {
                busy.add(i);
            }
        }
        List<TableResult> again = loadEach(busy.stream().map(tables::get).toList(), load, true);
        for (int i = 0; i < busy.size(); i++) {
            results.set(busy.get(i), again.get(i));
        }
        return results;
    }

    private List<TableResult> loadEach(List<TableSpec> tables, Load load, boolean wait) {
        if (threads == 1 || tables.size() <= 1) {
            return tables.stream().map(table -> load.load(table, wait)).toList();
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        // Daemon threads: should the main thread end by an Error, the process does not stay up for loads whose
        // run is over; their claims and staging go with their connections, and the next run cleans up after them.
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(threads, tables.size()), task -> {
            Thread t = new Thread(task, "lakeload-table-" + pool + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TableResult>> futures = tables.stream()
                    .map(table -> executor.submit(() -> load.load(table, wait))).toList();
            List<TableResult> results = new ArrayList<>();
            for (Future<TableResult> future : futures) {
                results.add(await(future));
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

    private static TableResult await(Future<TableResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading tables", e);
        } catch (ExecutionException e) {
            // A load ends every failure of its table in a result; what escapes it is an Error, such as running
            // out of memory, which ends the run as it would without threads.
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a table's load failed outside its result", e.getCause());
        }
    }
}
