package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.source.SourceFile;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of a pipeline as one: passes each event to every listener in order, and logs and goes on past one
 * that throws, so that no listener can break a load or keep the others from hearing. Immutable and thread-safe.
 */
final class LoadListeners implements LoadListener {
    private static final Logger LOG = LoggerFactory.getLogger(LoadListeners.class);

    static final LoadListeners NONE = new LoadListeners(List.of());

    private final List<LoadListener> listeners;

    private LoadListeners(List<LoadListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** These listeners and {@code listener} after them. */
    LoadListeners and(LoadListener listener) {
        List<LoadListener> more = new ArrayList<>(listeners);
        more.add(listener);
        return new LoadListeners(more);
    }

    private void emit(String event, Consumer<LoadListener> call) {
        for (LoadListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed on {} (the load goes on): {}", listener.getClass().getName(), event,
                        e.toString(), e);
            }
        }
    }

    @Override
    public void runStarted(String runId, List<TableSpec> tables) {
        emit("runStarted", l -> l.runStarted(runId, tables));
    }

    @Override
    public void tableStarted(String runId, TableSpec table, int files, long bytes) {
        emit("tableStarted", l -> l.tableStarted(runId, table, files, bytes));
    }

    @Override
    public void fileProgress(String runId, String table, SourceFile file, long rows, long bytes) {
        emit("fileProgress", l -> l.fileProgress(runId, table, file, rows, bytes));
    }

    @Override
    public void fileStaged(String runId, String table, SourceFile file, long rows, long bytes) {
        emit("fileStaged", l -> l.fileStaged(runId, table, file, rows, bytes));
    }

    @Override
    public void rowsRejected(String runId, String table, long rows) {
        emit("rowsRejected", l -> l.rowsRejected(runId, table, rows));
    }

    @Override
    public void tableFinished(String runId, TableResult result) {
        emit("tableFinished", l -> l.tableFinished(runId, result));
    }

    @Override
    public void runFinished(RunReport report) {
        emit("runFinished", l -> l.runFinished(report));
    }
}
