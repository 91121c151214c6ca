package dev.lakeload.postgres;

import dev.lakeload.core.row.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds the staged values that cannot be stored in their target column (the type's input function refuses them, a
 * NULL in a NOT NULL column, a timestamp offset that would be dropped) and records their rows as rejects, each with
 * the reason {@link CastSql#problem} gives: from {@code pg_input_is_valid} on PostgreSQL 16 and later, from a
 * session-local function before 16.
 *
 * <p>The promotion runs this only after a statement failed with a per-value error, so clean loads pay nothing for
 * it. Asking {@link CastSql#problem} of every value costs far more than the load (an exception block per value
 * before PostgreSQL 16; {@code pg_input_is_valid} parses its type name per call), so the staging table is first
 * narrowed to the few blocks that hold suspect values: parts of it, by physical position ({@code ctid} ranges, a
 * TID range scan from PostgreSQL 14), are probed with the insert's own conversions ({@link CastSql#suspect}) under
 * a savepoint, and a part that fails is split again, down to a few blocks. Only those blocks are asked for
 * reasons. A target with a column no cheap condition covers is asked whole.
 *
 * <p>The first {@link #find} stops at the first part with a suspect value: the failed statement stopped at its
 * first bad row, and a load with one bad value then needs no more probes. The second finds the rest. Not
 * thread-safe; lives for one promotion.
 */
final class BadValues {
    /** Parts per probed range, and the size below which a range is asked for reasons without splitting it. */
    private static final int PARTS = 16;
    private static final long LEAF_BLOCKS = 8;

    private final Connection connection;
    private final CastSql cast;
    private final List<String> key;
    private final PromotionRejects rejects;
    /** By staging table: the blocks before this one are searched. */
    private final Map<String, Long> searched = new HashMap<>();
    /** By staging table: the first block of a part searched besides those, where the failed statement stopped. */
    private final Map<String, Long> searchedPart = new HashMap<>();
    /** By target table: rows written to it in this transaction before the last apply. */
    private final Map<String, Long> writtenBefore = new HashMap<>();
    private int searches;

    /**
     * @param key the loaded table's primary key: of a change-data delete ({@code Op} {@code D}) only the key is
     *     used, so only the key's values are checked, since DMS leaves the other fields of a delete empty
     */
    BadValues(Connection connection, CastSql cast, List<String> key, PromotionRejects rejects) {
        this.connection = connection;
        this.cast = cast;
        this.key = key;
        this.rejects = rejects;
    }

    /**
     * Notes how many rows each target's table has had written in this transaction, before an apply: after it
     * fails, the difference says how far its statement got, and the first search starts there.
     */
    void beforeApply(List<StagedTarget> targets) throws SQLException {
        if (writtenBefore.isEmpty()) {
            // A sequential scan of a large table starts where another one of it is (or last reported being, as
            // a parallel scan leaves it), not at block 0: then a statement's progress says nothing of where it
            // stopped. Off for this transaction only; it changes no plan.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT set_config('synchronize_seqscans', 'off', true)");
            }
        }
        for (StagedTarget target : targets) {
            writtenBefore.put(target.table(), written(target));
        }
    }

    /** Whether every staged row was searched: another {@link #find} would find nothing. */
    boolean done() {
        return searches >= 2;
    }

    /**
     * Records rows of {@code targets} with a value that cannot be stored, with one reject per such value: the
     * first time those up to the first part of each staging table that holds one, the second time all others.
     */
    void find(List<StagedTarget> targets) throws SQLException {
        boolean untilFirst = searches++ == 0;
        for (StagedTarget target : targets) {
            find(target, untilFirst);
        }
    }

    /** Records every row of {@code targets} with a value that cannot be stored that no call recorded before. */
    void findAll(List<StagedTarget> targets) throws SQLException {
        while (!done()) {
            find(targets);
        }
    }

    private void find(StagedTarget target, boolean untilFirst) throws SQLException {
        Query checks = new Query();
        List<String> suspects = new ArrayList<>();
        String separator = "";
        boolean changeData = target.relation().schema().indexOf(StagingShape.OP) >= 0;
        for (Column staged : StagingShape.valueColumns(target.relation().schema())) {
            String value = "s." + Sql.ident(staged.name());
            TargetColumn column = target.columns().get(staged.name());
            boolean stagedAsJson = target.relation().jsonColumns().contains(staged.name());
            Query problem = cast.problem(staged, column, value, stagedAsJson);
            String suspect = cast.suspect(staged, column, value, stagedAsJson);
            if (changeData && !key.contains(staged.name())) {
                problem = Query.of("CASE WHEN " + StagingShape.op("s") + " = 'D' THEN NULL ELSE ").add(problem)
                        .sql(" END");
                suspect = suspect == null ? null : "CASE WHEN " + StagingShape.op("s") + " = 'D' THEN false ELSE "
                        + suspect + " END";
            }
            suspects.add(suspect == null ? null : "(" + suspect + ")");
            checks.sql(separator + "(").value(staged.name()).sql(", " + value + ", ").add(problem).sql(")");
            separator = ", ";
        }
        long from = searched.getOrDefault(target.stage(), 0L);
        if (separator.isEmpty() || from == Long.MAX_VALUE) {
            return;
        }
        searched.put(target.stage(), Long.MAX_VALUE);
        String where = "";
        if (!suspects.contains(null)) {
            List<Blocks> narrowed = new ArrayList<>();
            long blocks = blocks(target);
            long step = Math.max(LEAF_BLOCKS, (blocks + PARTS - 1) / PARTS);
            String suspect = String.join(" OR ", suspects);
            Long failedAt = untilFirst ? failedAt(target) : null;
            if (failedAt != null) {
                long start = Math.min(failedAt, blocks - 1) / step * step;
                Blocks part = new Blocks(start, Math.min(start + step, blocks), start + step >= blocks);
                if (holdsSuspect(target.stage(), suspect, part)) {
                    narrow(target.stage(), suspect, part, narrowed);
                    searched.put(target.stage(), 0L);
                    searchedPart.put(target.stage(), start);
                    from = blocks; // the second search takes every other part
                }
            }
            Long skip = searchedPart.get(target.stage());
            for (; from < blocks; from += step) {
                Blocks part = new Blocks(from, Math.min(from + step, blocks), from + step >= blocks);
                if (skip != null && from == skip) {
                    continue;
                }
                if (holdsSuspect(target.stage(), suspect, part)) {
                    narrow(target.stage(), suspect, part, narrowed);
                    if (untilFirst && !part.open()) {
                        searched.put(target.stage(), part.to());
                        break;
                    }
                }
            }
            if (narrowed.isEmpty()) {
                return;
            }
            where = " AND (" + narrowed.stream().map(b -> "(" + b.condition() + ")")
                    .collect(Collectors.joining(" OR ")) + ")";
        }
        rejects.record(target.name(), Query.of("SELECT " + StagingShape.file("s") + ", "
                + StagingShape.line("s") + ", v.column_name, v.raw_value, v.reason FROM " + target.stage()
                + " s CROSS JOIN LATERAL (VALUES ").add(checks)
                .sql(") v(column_name, raw_value, reason) WHERE v.reason IS NOT NULL" + where));
    }

    /** Adds to {@code narrowed} the small ranges of {@code range}, which holds a suspect, that hold one. */
    private void narrow(String stage, String suspect, Blocks range, List<Blocks> narrowed) throws SQLException {
        if (range.size() <= LEAF_BLOCKS) {
            narrowed.add(range);
            return;
        }
        long step = Math.max(LEAF_BLOCKS, (range.size() + PARTS - 1) / PARTS);
        for (long from = range.from(); from < range.to(); from += step) {
            long to = Math.min(from + step, range.to());
            Blocks part = new Blocks(from, to, range.open() && to == range.to());
            if (holdsSuspect(stage, suspect, part)) {
                narrow(stage, suspect, part, narrowed);
            }
        }
    }

    private boolean holdsSuspect(String stage, String suspect, Blocks part) throws SQLException {
        Savepoint beforeProbe = connection.setSavepoint();
        try (PreparedStatement probe = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM " + stage
                + " s WHERE " + part.condition() + " AND (" + suspect + "))");
             ResultSet rs = probe.executeQuery()) {
            rs.next();
            boolean any = rs.getBoolean(1);
            connection.releaseSavepoint(beforeProbe);
            return any;
        } catch (SQLException e) {
            if (!RejectingApply.isValueError(e)) {
                throw e;
            }
            RejectingApply.rollback(connection, beforeProbe, e);
            return true;
        }
    }

    /**
     * The block of the staged row at which the failed apply stopped writing {@code target}, or null when it wrote
     * every row: the statement read the kept rows in physical order, as a sequential scan does, and wrote as many
     * as the server's per-transaction statistics count (they count writes that rolled back). Only a hint of where
     * to probe first: the probe says whether it holds a suspect.
     */
    private Long failedAt(StagedTarget target) throws SQLException {
        Long before = writtenBefore.get(target.table());
        if (before == null) {
            return null;
        }
        try (PreparedStatement row = connection.prepareStatement("SELECT (s.ctid::text::point)[0]::bigint FROM "
                + target.stage() + " s WHERE " + target.kept("s") + " OFFSET ? LIMIT 1")) {
            row.setLong(1, Math.max(0, written(target) - before));
            try (ResultSet rs = row.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Rows inserted or updated in {@code target}'s table in this transaction, also by statements rolled back. */
    private long written(StagedTarget target) throws SQLException {
        try (PreparedStatement count = Query.of("SELECT pg_stat_get_xact_tuples_inserted(").value(target.table())
                .sql("::regclass) + pg_stat_get_xact_tuples_updated(").value(target.table()).sql("::regclass)")
                .prepare(connection);
             ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The staging table's size in blocks, as it is now: no row is staged while the promotion runs. */
    private long blocks(StagedTarget target) throws SQLException {
        try (PreparedStatement size = Query.of("SELECT pg_relation_size(").value(target.stage())
                .sql("::regclass) / current_setting('block_size')::bigint").prepare(connection);
             ResultSet rs = size.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The staging table's blocks {@code from} (inclusive) to {@code to} (exclusive), or to its end when
     * {@code open}.
     */
    private record Blocks(long from, long to, boolean open) {
        long size() {
            return to - from;
        }

        /** A condition on the staged row {@code s} that the server answers with a TID range scan. */
        String condition() {
            return "s.ctid >= '(" + from + ",0)'::tid" + (open ? "" : " AND s.ctid < '(" + to + ",0)'::tid");
        }
    }
}
