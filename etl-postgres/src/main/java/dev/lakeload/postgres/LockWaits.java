package dev.lakeload.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run's sessions wait for: each session of the run ({@link RunSessions}) that waits for a lock, the lock,
 * and the sessions holding it ({@code pg_blocking_pids}) with their application, state, query and since when they
 * are in their transaction. Read from another session, since the waiting one cannot answer.
 */
final class LockWaits {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final String SQL = """
            SELECT w.pid, l.mode, CASE WHEN l.relation IS NOT NULL THEN 'relation ' || l.relation::regclass::text
                                       ELSE l.locktype END,
                   extract(epoch FROM clock_timestamp() - w.query_start)::bigint,
                   regexp_replace(left(w.query, 100), '\\s+', ' ', 'g'),
                   b.pid, b.application_name, b.state, b.xact_start, regexp_replace(left(b.query, 100), '\\s+', ' ', 'g')
            FROM pg_stat_activity w
            JOIN pg_locks l ON l.pid = w.pid AND NOT l.granted
            LEFT JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS blocker(pid) ON true
            LEFT JOIN pg_stat_activity b ON b.pid = blocker.pid
            WHERE w.application_name = ? AND w.pid <> pg_backend_pid()
            ORDER BY w.pid, b.pid""";

    private LockWaits() {
    }

    /**
     * One sentence per waiting session of run {@code runId}, for example "session 4242 has waited 6 s for
     * RowExclusiveLock on relation orders (INSERT INTO ...), held by pid 4250 (application 'psql', idle in
     * transaction, in its transaction since 16:20:01 UTC, last query: LOCK TABLE orders IN SHARE MODE)"; empty when
     * none waits.
     */
    static List<String> of(Connection connection, String runId) throws SQLException {
        Map<Integer, StringBuilder> waits = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(SQL)) {
            query.setString(1, RunSessions.applicationName(runId));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int pid = rs.getInt(1);
                    StringBuilder wait = waits.get(pid);
                    if (wait == null) {
                        wait = new StringBuilder("session " + pid + " has waited " + rs.getLong(4) + " s for "
                                + rs.getString(2) + " on " + rs.getString(3) + " (" + rs.getString(5) + "), held by");
                        waits.put(pid, wait);
                    } else {
                        wait.append(" and");
                    }
                    wait.append(rs.getObject(6) == null ? " a session that has just let it go"
                            : blocker(rs.getInt(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9),
                                    rs.getString(10)));
                }
            }
        }
        return waits.values().stream().map(StringBuilder::toString).toList();
    }

    private static String blocker(int pid, String application, String state, Timestamp transactionStart,
                                  String query) {
        String run = RunSessions.runOf(application);
        return " pid " + pid + " (" + (run != null ? "run " + run : "application '" + application + "'") + ", "
                + state + (transactionStart == null ? "" : ", in its transaction since "
                + TIME.format(transactionStart.toInstant())) + ", last query: " + query + ")";
    }
}
