package dev.lakeload.cli;

/** The exit codes of every subcommand; the README documents them for cron and Kubernetes. */
final class ExitCodes {
    /** Everything succeeded. */
    static final int OK = 0;
    /**
     * A table failed, or the run could not complete (for example the database was unreachable), whatever the
     * {@linkplain dev.lakeload.core.pipeline.ErrorKind kind} of the failure; the {@code --report} says it.
     */
    static final int FAILED = 1;
    /** The manifest or the command line is invalid. */
    static final int INVALID = 2;

    private ExitCodes() {
    }
}
