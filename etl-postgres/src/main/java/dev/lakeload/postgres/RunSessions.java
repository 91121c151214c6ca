package dev.lakeload.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Marks the sessions of a run: each gets {@code application_name} {@code lakeload run <runId>}, so that another run
 * (and an operator in {@code pg_stat_activity}) can tell which run holds a table or a lock, and the run's lock and
 * statement timeouts.
 */
final class RunSessions {
    private static final String PREFIX = "lakeload run ";

    private RunSessions() {
    }

    /** The {@code application_name} of run {@code runId}'s sessions; run ids are short ASCII, so it is kept whole. */
    static String applicationName(String runId) {
        return PREFIX + runId;
    }

    /** The run whose session has {@code applicationName}, or null when it is not a run's session. */
    static String runOf(String applicationName) {
        return applicationName != null && applicationName.startsWith(PREFIX)
                ? applicationName.substring(PREFIX.length()) : null;
    }

    /**
     * Names {@code connection}'s session after the run and sets its timeouts: for the session, or with
     * {@code local} for the open transaction only (a pooled connection then goes back as it came).
     */
    static void configure(Connection connection, String runId, WaitPolicy waits, boolean local)
            throws SQLException {
        try (PreparedStatement set = connection.prepareStatement("SELECT set_config('application_name', ?, ?), "
                + "set_config('lock_timeout', ?, ?), set_config('statement_timeout', ?, ?)")) {
            set.setString(1, applicationName(runId));
            set.setString(3, waits.lockTimeout().toMillis() + "ms");
            set.setString(5, waits.statementTimeout().toMillis() + "ms");
            for (int flag = 2; flag <= 6; flag += 2) {
                set.setBoolean(flag, local);
            }
            set.executeQuery().close();
        }
    }
}
