package dev.lakeload.cli;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.LoadListener;
import dev.lakeload.core.pipeline.TableResult;
import dev.lakeload.core.source.SourceFile;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Shows how far a run's loads are, built on the pipeline's events: on a terminal ({@link Mode#LIVE}) a line
 * redrawn in place with each loading table's bytes and rows done, rate and ETA; elsewhere ({@link Mode#PLAIN},
 * cron, Kubernetes) the same as a plain line per loading table every interval. In both, a table that loaded files
 * ends with a line of what it did. Bytes are as stored (compressed files by their compressed size), against the
 * sizes the source listed.
 *
 * <p>Thread-safe: tables may load on several threads; a daemon thread of its own draws. {@link #close()} stops it
 * and clears the live line, before the summary is printed. Does not close {@code out}.
 */
final class ProgressDisplay implements LoadListener, AutoCloseable {
    /** How progress is shown. */
    enum Mode {
        /** A line redrawn in place, for a terminal. */
        LIVE,
        /** A plain line per loading table every interval, for logs. */
        PLAIN
    }

    private static final String CLEAR_LINE = "\r\u001b[K";

    private final Mode mode;
    private final PrintWriter out;
    private final Map<String, TableProgress> loading = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final int width = terminalWidth();
    private boolean drawn;

    ProgressDisplay(Mode mode, PrintWriter out, Duration interval) {
        this.mode = mode;
        this.out = out;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lakeload-progress");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        ticker.scheduleAtFixedRate(this::draw, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void tableStarted(String runId, TableSpec table, int files, long bytes) {
        // A retried attempt starts over, as its counts do.
        if (files > 0) {
            loading.put(table.name(), new TableProgress(table.name(), files, bytes, System.nanoTime()));
        }
    }

    @Override
    public void fileProgress(String runId, String table, SourceFile file, long rows, long bytes) {
        TableProgress progress = loading.get(table);
        if (progress != null) {
            progress.reading(rows, bytes);
        }
    }

    @Override
    public void fileStaged(String runId, String table, SourceFile file, long rows, long bytes) {
        TableProgress progress = loading.get(table);
        if (progress != null) {
            progress.staged(rows, bytes);
        }
    }

    @Override
    public void tableFinished(String runId, TableResult result) {
        TableProgress progress = loading.remove(result.name());
        if (progress != null) {
            print(progress.finished(result));
        }
    }

    /** Draws the loading tables now: redraws the live line, or prints a plain line for each. */
    synchronized void draw() {
        List<String> lines = new ArrayList<>();
        long now = System.nanoTime();
        loading.values().forEach(progress -> lines.add(progress.describe(now)));
        if (lines.isEmpty()) {
            return;
        }
        if (mode == Mode.LIVE) {
            // A line longer than the terminal wraps, and a carriage return then redraws only its last part.
            String line = String.join("  |  ", lines);
            out.print(CLEAR_LINE + (line.length() < width ? line : line.substring(0, width - 2) + "…"));
            drawn = true;
        } else {
            lines.forEach(line -> out.println("progress: " + line));
        }
        out.flush();
    }

    /** Prints a line that stays, under the live line if there is one. */
    private synchronized void print(String line) {
        clear();
        out.println((mode == Mode.PLAIN ? "progress: " : "") + line);
        out.flush();
    }

    private void clear() {
        if (drawn) {
            out.print(CLEAR_LINE);
            drawn = false;
        }
    }

    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        clear();
        out.flush();
    }

    /** One table's load so far; its counts change on the loading thread and are read by the drawing one. */
    private static final class TableProgress {
        private final String table;
        private final int files;
        private final long totalBytes;
        private final long started;
        private int filesDone;
        private long rowsDone;
        private long bytesDone;
        private long rowsOfFile;
        private long bytesOfFile;
        private long stagedAt;

        TableProgress(String table, int files, long totalBytes, long started) {
            this.table = table;
            this.files = files;
            this.totalBytes = totalBytes;
            this.started = started;
        }

        synchronized void reading(long rows, long bytes) {
            rowsOfFile = rows;
            bytesOfFile = bytes;
        }

        synchronized void staged(long rows, long bytes) {
            filesDone++;
            rowsDone += rows;
            bytesDone += bytes;
            rowsOfFile = 0;
            bytesOfFile = 0;
            if (filesDone == files) {
                stagedAt = System.nanoTime();
            }
        }

        synchronized String describe(long now) {
            if (filesDone == files) {
                // Promotion gives no progress of its own: say how long it has taken so far.
                return String.format(Locale.ROOT, "%s: promoting  %s, %,d rows, for %s", table, bytes(bytesDone),
                        rowsDone, duration((now - stagedAt) / 1e9));
            }
            long bytes = bytesDone + bytesOfFile;
            double seconds = (now - started) / 1e9;
            double rate = seconds > 0 ? bytes / seconds : 0;
            String eta = rate > 0 ? duration(Math.max(0, totalBytes - bytes) / rate) : "?";
            return String.format(Locale.ROOT, "%s: file %d/%d  %s of %s (%d%%)  %,d rows  %s/s  ETA %s", table,
                    filesDone + 1, files, bytes(bytes), bytes(totalBytes),
                    totalBytes == 0 ? 100 : Math.min(100, bytes * 100 / totalBytes), rowsDone + rowsOfFile,
                    bytes((long) rate), eta);
        }

        synchronized String finished(TableResult result) {
            double seconds = (System.nanoTime() - started) / 1e9;
            return String.format(Locale.ROOT, "%s: %s, %d of %d file(s), %s, %,d rows read in %s (%s/s)", table,
                    result.status().label(), filesDone, files, bytes(bytesDone), rowsDone, duration(seconds),
                    bytes(seconds > 0 ? (long) (bytesDone / seconds) : bytesDone));
        }
    }

    /** The terminal's width as shells export it ({@code COLUMNS}), else 80. */
    private static int terminalWidth() {
        try {
            return Math.max(20, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** {@code 512 B}, {@code 1.5 KB}, {@code 12.3 MB}, {@code 4.0 GB} (powers of 1024). */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** {@code 0.4s}, {@code 42s}, {@code 3m05s}, {@code 2h07m}. */
    static String duration(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long whole = Math.round(seconds);
        if (whole < 60) {
            return whole + "s";
        }
        if (whole < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", whole / 60, whole % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", whole / 3600, whole / 60 % 60);
    }
}
