package dev.lakeload.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code run} options that say how progress is shown on stderr while tables load. */
final class ProgressOptions {
    private static final Duration LIVE_INTERVAL = Duration.ofMillis(200);
    private static final Duration PLAIN_INTERVAL = Duration.ofSeconds(10);

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "How to show progress on stderr: live (a line redrawn in place), plain (a line per loading "
                    + "table every --progress-interval, for logs), off, or auto: live on a terminal, plain "
                    + "elsewhere, off with --quiet. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--progress-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often progress is shown: default 10s for plain lines, 200ms for the live line.")
    Duration interval;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The display these options ask for, writing to {@code err}; null when progress is off. */
    ProgressDisplay open(PrintWriter err, boolean quiet) {
        ProgressDisplay.Mode chosen = switch (mode.toLowerCase(Locale.ROOT)) {
            case "auto" -> quiet ? null : terminal() ? ProgressDisplay.Mode.LIVE : ProgressDisplay.Mode.PLAIN;
            case "live" -> ProgressDisplay.Mode.LIVE;
            case "plain" -> ProgressDisplay.Mode.PLAIN;
            case "off" -> null;
            default -> throw new ParameterException(command.commandLine(), "--progress must be auto, live, plain "
                    + "or off, not '" + mode + "'");
        };
        if (interval != null && (interval.isZero() || interval.isNegative())) {
            throw new ParameterException(command.commandLine(), "--progress-interval must be longer than 0");
        }
        if (chosen == null) {
            return null;
        }
        Duration every = interval != null ? interval
                : chosen == ProgressDisplay.Mode.LIVE ? LIVE_INTERVAL : PLAIN_INTERVAL;
        return new ProgressDisplay(chosen, err, every);
    }

    // Java sees a console when stdin and stdout are terminals; a dumb one cannot redraw a line.
    private static boolean terminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM"));
    }
}
