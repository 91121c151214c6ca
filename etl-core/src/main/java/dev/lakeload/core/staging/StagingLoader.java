package dev.lakeload.core.staging;

import dev.lakeload.core.config.TableSpec;
import java.util.Optional;

/**
 * Bulk-loads rows into all-text staging tables, one load of one table at a time. Staging keeps every value as the
 * exact source text plus the row's origin (file, line), so that typing, rejects and ordering are decided
 * afterwards in set-based SQL by the {@link dev.lakeload.core.promote.Promoter}.
 *
 * <p>Implementations are thread-safe: several tables may be staged at once, each through its own
 * {@link StagedLoad}.
 */
public interface StagingLoader {
    /**
     * Creates the staging area for one load of {@code table}. The caller owns the result and must close it, on
     * success and on failure alike; closing drops every staging table it made.
     *
     * @param runId the run's id, part of every staging table name so that concurrent runs never collide and a
     *     crashed run's leftovers are recognisable
     */
    StagedLoad open(TableSpec table, String runId);

    /**
     * A load that writes {@code table}'s rows straight into the target table, in the transaction in which the
     * {@link dev.lakeload.core.promote.Promoter} then records its files, when this loader can and the table asks
     * for it ({@link dev.lakeload.core.config.DirectCopy#AUTO}). Its lifecycle is {@link StagedLoad}'s, but any of
     * its calls up to and including the promotion may throw {@link StagingRequired}: the caller then closes it (which
     * rolls back all it wrote) and loads the table again through {@link #open}. Empty (the default) when this loader
     * has no such load for the table.
     */
    default Optional<StagedLoad> openDirect(TableSpec table, String runId) {
        return Optional.empty();
    }
}
