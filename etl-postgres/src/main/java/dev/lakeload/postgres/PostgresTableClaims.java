package dev.lakeload.postgres;

import dev.lakeload.core.RetriableException;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.TableClaims;
import dev.lakeload.core.source.SourceFile;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table claims held in PostgreSQL, by a session-level advisory lock per table ({@link PostgresLedger#tryClaim}) on
 * a connection of the claim's own. A claim, in order:
 * <ol>
 *   <li>takes a connection and names its session after the run ({@link RunSessions}), so that a waiting run can
 *       say which run holds the table;</li>
 *   <li>tries the lock every {@link WaitPolicy#pollEvery}, logging who holds it every
 *       {@link WaitPolicy#reportEvery}, until it is free or {@link WaitPolicy#claimWait} has passed: then the table
 *       is left to the holder ({@code busy}) and the connection given back;</li>
 *   <li>while held, watches the run's sessions from this connection every {@code reportEvery} and logs each lock
 *       they wait for and who holds it ({@link LockWaits}); a table that then fails by a lock or statement timeout
 *       is explained with the last such wait;</li>
 *   <li>on close, stops watching, releases the lock and gives the connection back. A run that dies releases it
 *       with its connection.</li>
 * </ol>
 * The claim's connection has a network timeout ({@link #NETWORK_TIMEOUT}): its statements are tiny, so a longer
 * silence means a stalled server or network, which is logged instead of waited for without a word.
 *
 * <p>A {@linkplain #claimShared shared} claim takes the table's lock in shared mode, and the files it loads each by
 * an advisory lock of their own on the claim's connection ({@link PostgresLedger#tryClaimFile}); the right to apply
 * the table's ordered files is the same lock on a location no file has ({@link #ORDERED_FILES}).
 *
 * <p>Thread-safe; each claim holds its own connection, so a run holds one more connection per table it loads.
 */
public final class PostgresTableClaims implements TableClaims {
    /** How long a claim's connection waits for the server to answer one of its short statements. */
    public static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The location whose file claim is the right to apply a split table's ordered files ({@link
     * Claim#tryClaimOrdered}): no file has it, since a file's location names its source ({@code file:},
     * {@code s3://}).
     */
    static final String ORDERED_FILES = "lakeload:ordered files";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTableClaims.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final DataSource dataSource;
    private final PostgresLedger ledger;
    private final WaitPolicy waits;

    /**
     * @param dataSource the target database; each claim holds one of its connections until closed
     * @param ledger the ledger of the target schema, which keys the claims
     * @param waits how long to wait for a claimed table and how often to report waits
     */
    public PostgresTableClaims(DataSource dataSource, PostgresLedger ledger, WaitPolicy waits) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.waits = Objects.requireNonNull(waits, "waits");
    }

    @Override
    public Claim claim(TableSpec table, String runId) {
        return claim(table, runId, waits.claimWait(), false);
    }

    @Override
    public Claim tryClaim(TableSpec table, String runId) {
        return claim(table, runId, Duration.ZERO, false);
    }

    @Override
    public Claim claimShared(TableSpec table, String runId) {
        return claim(table, runId, waits.claimWait(), true);
    }

    private Claim claim(TableSpec table, String runId, Duration wait, boolean shared) {
        String target = ledger.ledgerName(table.name());
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw Sql.translate(e, "claiming " + target + " for this run");
        }
        try {
            connection.setAutoCommit(true);
            connection.setNetworkTimeout(Runnable::run, (int) NETWORK_TIMEOUT.toMillis());
            RunSessions.configure(connection, runId, waits, false);
            String heldBy = await(connection, table.name(), target, wait, shared);
            if (heldBy == null) {
                return new Held(connection, table.name(), target, runId, shared);
            }
            connection.close();
            return () -> heldBy;
        } catch (SQLException e) {
            Sql.closeAfter(connection, e);
            throw Sql.translate(e, "claiming " + target + " for this run");
        } catch (RuntimeException e) {
            Sql.closeAfter(connection, e);
            throw e;
        }
    }

    /** Waits for the claim; null once held, else who held it when the wait ended. */
    private String await(Connection connection, String table, String target, Duration wait, boolean shared)
            throws SQLException {
        long started = System.nanoTime();
        long nextReport = started;
        while (!ledger.tryClaim(connection, table, shared)) {
            PostgresLedger.ClaimHolder holder = ledger.claimHolder(connection, table);
            long now = System.nanoTime();
            long left = wait.toNanos() - (now - started);
            if (left <= 0) {
                return describe(holder) + (wait.isZero() ? " is loading it"
                        : " was loading it for longer than this run waits (" + seconds(wait) + ")");
            }
            if (holder != null && now - nextReport >= 0) {
                LOG.warn("table {}: {} is loading it; waiting up to {} more", target, describe(holder),
                        seconds(Duration.ofNanos(left)));
                nextReport = now + waits.reportEvery().toNanos();
            }
            try {
                Thread.sleep(Math.max(1, Math.min(waits.pollEvery().toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RetriableException("interrupted while waiting to claim " + target, e);
            }
        }
        return null;
    }

    private static String describe(PostgresLedger.ClaimHolder holder) {
        if (holder == null) {
            return "another run";
        }
        String run = RunSessions.runOf(holder.applicationName());
        return (run != null ? "run " + run : "application '" + holder.applicationName() + "'") + " (pid "
                + holder.pid() + (holder.since() == null ? "" : ", connected at " + TIME.format(holder.since())) + ")";
    }

    private static String seconds(Duration duration) {
        return Math.max(0, Math.round(duration.toMillis() / 1000.0)) + " s";
    }

    /** A held claim, watching the run's lock waits until closed. */
    private final class Held implements Claim {
        private final Connection connection;
        private final String table;
        private final String target;
        private final String runId;
        private final boolean shared;
        private final Set<String> files = new LinkedHashSet<>();
        private final ScheduledExecutorService watch;
        private volatile String lastWait;

        Held(Connection connection, String table, String target, String runId, boolean shared) {
            this.connection = connection;
            this.table = table;
            this.target = target;
            this.runId = runId;
            this.shared = shared;
            this.watch = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "lakeload-watch " + target);
                thread.setDaemon(true);
                return thread;
            });
            long every = waits.reportEvery().toMillis();
            watch.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
        }

        @Override
        public String heldBy() {
            return null;
        }

        private void look() {
            try {
                List<String> found = LockWaits.of(connection, runId);
                for (String wait : found) {
                    lastWait = wait;
                    LOG.warn("table {}: {}; lock_timeout ({}) fails the table then", target, wait,
                            waits.lockTimeout().isZero() ? "none set" : seconds(waits.lockTimeout()));
                }
            } catch (SQLException | RuntimeException e) {
                // The watch's statements are tiny: a timeout means the server or the network is stalled.
                LOG.error("table {}: cannot watch its lock waits: {} (a query of the watch unanswered for {} means "
                        + "a stalled server or network)", target, e.getMessage(), seconds(NETWORK_TIMEOUT));
                if (isClosed()) {
                    watch.shutdown();
                }
            }
        }

        private boolean isClosed() {
            try {
                return connection.isClosed();
            } catch (SQLException e) {
                return true;
            }
        }

        @Override
        public String explain(RuntimeException failure) {
            String wait = lastWait;
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                // 55P03: lock_timeout; 57014: statement_timeout (or a cancel)
                if (cause instanceof SQLException sql && wait != null
                        && ("55P03".equals(sql.getSQLState()) || "57014".equals(sql.getSQLState()))) {
                    return "; last seen waiting: " + wait
                            + "; run again once it is released, or raise the lock timeout";
                }
            }
            return "";
        }

        @Override
        public boolean tryClaimFile(SourceFile file) {
            return tryClaim(file.location(), file.key());
        }

        @Override
        public boolean tryClaimOrdered() {
            return tryClaim(ORDERED_FILES, "the change files");
        }

        private boolean tryClaim(String location, String what) {
            try {
                boolean held = ledger.tryClaimFile(connection, table, location);
                if (held) {
                    files.add(location);
                }
                return held;
            } catch (SQLException e) {
                throw Sql.translate(e, "claiming " + what + " of " + target + " for this run");
            }
        }

        @Override
        public void releaseFiles() {
            try {
                for (String location : files) {
                    ledger.releaseFileClaim(connection, table, location);
                }
                files.clear();
            } catch (SQLException e) {
                // Closing the session releases them as well; until then no other run loads these files.
                throw Sql.translate(e, "releasing the file claims on " + target);
            }
        }

        @Override
        public void close() {
            watch.shutdownNow();
            try {
                if (!watch.awaitTermination(NETWORK_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
                    LOG.warn("table {}: the lock watch did not stop", target);
                }
                // Its file claims go with the session closed below.
                ledger.releaseClaim(connection, table, shared);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException e) {
                // Closing the session below releases the claim as well.
                LOG.warn("table {}: releasing the claim failed: {}", target, e.getMessage());
            } finally {
                try {
                    connection.close();
                } catch (SQLException e) {
                    LOG.warn("table {}: closing the claim's connection failed: {}", target, e.getMessage());
                }
            }
        }
    }
}
