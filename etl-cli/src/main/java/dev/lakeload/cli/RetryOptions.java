package dev.lakeload.cli;

import dev.lakeload.core.pipeline.RetryPolicy;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code run} options that say how a table's load is retried after a transient database error. */
final class RetryOptions {
    /** The longest wait between attempts, unless {@code --retry-backoff} asks for a longer first one. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    @Option(names = "--retries", paramLabel = "N", defaultValue = "4",
            description = "Load a table again up to N times after a transient database error (a lost connection, "
                    + "a serialization failure or deadlock, a server shutting down). Default: ${DEFAULT-VALUE}.")
    int retries;

    @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Wait before the first retry (500ms, 2s, 1m), doubling up to 30s for the next ones. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration backoff;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    RetryPolicy policy() {
        if (retries < 0) {
            throw new ParameterException(command.commandLine(), "--retries must be 0 or more, not " + retries);
        }
        return new RetryPolicy(retries + 1, backoff, backoff.compareTo(MAX_BACKOFF) > 0 ? backoff : MAX_BACKOFF);
    }
}
