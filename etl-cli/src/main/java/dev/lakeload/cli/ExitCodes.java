package dev.lakeload.cli;

import dev.lakeload.core.pipeline.ErrorKind;
import dev.lakeload.core.pipeline.RunReport;
import dev.lakeload.core.pipeline.TableResult;
import java.util.Comparator;

/**
 * The exit codes of every subcommand, distinct per {@linkplain ErrorKind kind} of failure so that a scheduler can
 * tell "fix the data" from "fix the manifest" from "run again later"; the README and {@code --help} list them.
 */
final class ExitCodes {
    /** Everything succeeded. */
    static final int OK = 0;
    /**
     * Failed for another reason: an internal error, a table past its freshness {@code errorAfter}, folders no table
     * loads under {@code uncoveredFolders: fail}, a webhook that could not be told.
     */
    static final int FAILED = 1;
    /**
     * The manifest or the command line is invalid (also the SQL of {@code db --execute}, when PostgreSQL refuses it),
     * or a table failed on its configuration.
     */
    static final int INVALID = 2;
    /** A table failed on its data: a value, a record or a file that cannot be loaded as it is. */
    static final int DATA = 3;
    /** The source or the database could not be reached, or a passing failure outlasted the retries. */
    static final int UNREACHABLE = 4;

    /** What {@code --help} and the README say, one line per code. */
    static final String[] HELP = {
        "Exit codes:",
        "  0  every table loaded or up to date",
        "  1  other failures: internal errors, stale tables, uncovered folders, --notify",
        "  2  invalid manifest or command line, or a table failed on its configuration",
        "  3  a table failed on its data (the error names file, line and column)",
        "  4  the source or the database could not be reached, or retries ran out",
        "Tables failing for different reasons: the first of 2, 3, 1, 4 (4: run later)."};

    private ExitCodes() {
    }

    /** The exit code of a failure of {@code kind}. */
    static int of(ErrorKind kind) {
        return switch (kind) {
            case CONFIGURATION -> INVALID;
            case DATA -> DATA;
            case UNREACHABLE, TRANSIENT -> UNREACHABLE;
            case INTERNAL -> FAILED;
        };
    }

    /**
     * The exit code of a run: 0 when it passed; else that of its failed tables that most needs a person (4 only
     * when running again later is all every failed table needs); 1 when no table failed but the run has another
     * problem.
     */
    static int of(RunReport report) {
        if (report.passed()) {
            return OK;
        }
        return report.tables().stream().filter(t -> t.errorKind() != null).map(TableResult::errorKind)
                .map(ExitCodes::of).min(Comparator.comparingInt(ExitCodes::urgency)).orElse(FAILED);
    }

    private static int urgency(int code) {
        return switch (code) {
            case INVALID -> 0;
            case DATA -> 1;
            case FAILED -> 2;
            default -> 3;
        };
    }
}
