package dev.lakeload.core.pipeline;

import dev.lakeload.core.config.Durations;
import dev.lakeload.core.config.Freshness;
import dev.lakeload.core.source.DmsFileOrder;
import dev.lakeload.core.source.SourceFile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How fresh a table's files are against its {@link Freshness} limits: the age of its newest file. A file's time is
 * the time in its name for a DMS change file (UTC, when DMS wrote the changes), else its last modification in the
 * source (S3 LastModified). A stale table is a verdict beside its status: it may well have loaded.
 *
 * @param level fresh, stale (past {@code warnAfter}) or error (past {@code errorAfter})
 * @param newestKey the newest file's key; null when the table has no files
 * @param newestAt the newest file's time; null when the table has no files
 * @param age how old the newest file was when checked; null when the table has no files (older than any limit)
 * @param limits the table's limits
 */
public record FreshnessVerdict(Level level, String newestKey, Instant newestAt, Duration age, Freshness limits) {
    public FreshnessVerdict {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(limits, "limits");
    }

    /** How a table's age compares with its limits. */
    public enum Level {
        /** Within {@code warnAfter} (or no warning limit). */
        FRESH,
        /** Past {@code warnAfter}: reported, the run still exits 0. */
        STALE,
        /** Past {@code errorAfter}: the run fails although the table may have loaded. */
        ERROR;

        /** The name used in reports: {@code fresh}, {@code stale}, {@code error}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Judges a table's listed files at {@code now}.
     *
     * @param folder the table's prefix as a folder, stripped from keys to read DMS change times
     */
    public static FreshnessVerdict of(Freshness limits, List<SourceFile> files, String folder, Instant now) {
        SourceFile newest = null;
        Instant newestAt = null;
        for (SourceFile file : files) {
            Instant at = timeOf(file, folder);
            if (newestAt == null || at.isAfter(newestAt)) {
                newest = file;
                newestAt = at;
            }
        }
        if (newest == null) {
            return new FreshnessVerdict(limits.errorAfter() != null ? Level.ERROR : Level.STALE, null, null, null,
                    limits);
        }
        Duration age = Duration.between(newestAt, now);
        Level level = past(age, limits.errorAfter()) ? Level.ERROR
                : past(age, limits.warnAfter()) ? Level.STALE : Level.FRESH;
        return new FreshnessVerdict(level, newest.key(), newestAt, age, limits);
    }

    private static Instant timeOf(SourceFile file, String folder) {
        Instant named = DmsFileOrder.changeTime(file.key().substring(folder.length()));
        return named != null ? named : file.lastModified();
    }

    private static boolean past(Duration age, Duration limit) {
        return limit != null && age.compareTo(limit) > 0;
    }

    /** What an operator reads: the newest file, its age and the limit it passed. */
    public String describe() {
        Duration limit = level == Level.ERROR ? limits.errorAfter() : limits.warnAfter();
        String passed = level == Level.FRESH ? "" : ", past " + (level == Level.ERROR ? "errorAfter " : "warnAfter ")
                + Durations.format(limit);
        if (newestKey == null) {
            return "no files at all" + passed + " (is the DMS task still replicating this table?)";
        }
        return "newest file " + newestKey + " is from " + newestAt + ", " + Durations.format(age.isNegative()
                ? Duration.ZERO : age) + " old" + passed
                + (level == Level.FRESH ? "" : " (is the DMS task still replicating this table?)");
    }
}
