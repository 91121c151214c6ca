package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.source.SourceFile;

/**
 * Claims tables for runs, so that two runs (or two workers) never load one table at once: a run claims a table
 * before planning it and holds the claim until the table's load has ended (planned, staged, promoted or failed).
 * A table another run holds is waited for, within a bound the implementation is given, and is then left to that
 * run ({@link TableStatus#BUSY}).
 *
 * <p>A table split between workers by file is claimed {@linkplain #claimShared shared} instead: workers that
 * split it hold it together (a run loading it whole waits for all of them), and each claims the files it loads
 * ({@link Claim#tryClaimFile}) so that no two stage one file at once. The files that must then apply in order (a
 * {@code cdc} table's change files) are applied by one of them at a time, under {@link Claim#tryClaimOrdered}.
 *
 * <p>Claims are a courtesy that spares duplicate work and errors; exactly-once loading does not rest on them (the
 * ledger refuses a file recorded since it was planned). Implementations are thread-safe.
 */
public interface TableClaims {
    /** No claims: every table is loaded at once, as when a single process owns the database. */
    TableClaims NONE = (table, runId) -> Claim.HELD;

    /**
     * Claims {@code table} for run {@code runId}, waiting within the implementation's bound while another run holds
     * it. The caller closes the result, held or not.
     *
     * @throws dev.lakeload.core.LakeloadException when the claim cannot be made (the database is unreachable)
     */
    Claim claim(TableSpec table, String runId);

    /**
     * Claims {@code table} as {@link #claim} does, but without waiting: a table another run holds is left to it at
     * once. A worker passes over held tables this way and visits them again, waiting, once it has loaded the rest.
     */
    default Claim tryClaim(TableSpec table, String runId) {
        return claim(table, runId);
    }

    /**
     * Claims {@code table} together with other runs that split it by file, waiting as {@link #claim} does while a
     * run that loads it whole holds it. The files to load are then claimed one by one on the result.
     */
    default Claim claimShared(TableSpec table, String runId) {
        return claim(table, runId);
    }

    /**
     * One run's claim on one table, or the news that another run holds it. Closing it releases the claim.
     */
    interface Claim extends AutoCloseable {
        /** A held claim that needs no release. */
        Claim HELD = () -> null;

        /**
         * Null when this run holds the table; otherwise who does, as a clause for the report (for example "run
         * 20261125t220501_3fa9c2 (pid 4242, connected at 22:05:01 UTC) was loading it for longer than this run
         * waits (600 s)").
         */
        String heldBy();

        /**
         * What the claim saw the load wait on, to add to {@code failure}'s message when the wait caused it (a lock
         * timeout: which lock, and who held it); empty otherwise.
         */
        default String explain(RuntimeException failure) {
            return "";
        }

        /**
         * Claims one file of a {@linkplain #claimShared shared} table for this run, unless another run holds it;
         * held until {@link #releaseFiles} or {@link #close}. True when this run holds it now.
         */
        default boolean tryClaimFile(SourceFile file) {
            return true;
        }

        /**
         * Claims the right to apply the ordered files of a {@linkplain #claimShared shared} table (a {@code cdc}
         * table's change files) for this run, unless another run holds it; held until {@link #releaseFiles} or
         * {@link #close}. True when this run holds it now.
         *
         * <p>A claim of its own rather than the table's exclusive claim: the runs that split the table hold that
         * shared while they load their batches, so an exclusive claim would wait for every one of them to leave
         * the table, and a shared claim cannot become exclusive without letting another run in between.
         */
        default boolean tryClaimOrdered() {
            return true;
        }

        /** Releases every file claim this claim holds, and the claim on the ordered files. */
        default void releaseFiles() {
        }

        @Override
        default void close() {
        }
    }
}
