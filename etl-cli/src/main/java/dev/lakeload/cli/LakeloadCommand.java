package dev.lakeload.cli;

import dev.lakeload.core.LakeloadException;
import dev.lakeload.core.pipeline.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code lakeload} command; the work happens in its subcommands. */
@Command(name = "lakeload", mixinStandardHelpOptions = true,
        versionProvider = LakeloadCommand.Version.class,
        description = "Loads an S3 data lake written by AWS DMS into PostgreSQL, exactly once per file.",
        subcommands = {RunCommand.class, ValidateCommand.class, LsCommand.class, DbCommand.class,
            StatusCommand.class, RejectsCommand.class, CompletionCommand.class,
            InitCommand.class, InferCommand.class})
public final class LakeloadCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand, for example: lakeload run");
    }

    /**
     * A command line with lakeload's error handling: a failure exits with the code of its {@linkplain ErrorKind
     * kind} ({@link ExitCodes}), which {@code --help} lists.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LakeloadCommand());
        for (CommandLine withCodes : List.of(commandLine, commandLine.getSubcommands().get("run"))) {
            withCodes.getCommandSpec().usageMessage().footerHeading("%n").footer(ExitCodes.HELP);
        }
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            cl.getErr().println("lakeload: " + message(e));
            return ExitCodes.of(ErrorKind.of(e));
        });
        commandLine.setExitCodeExceptionMapper(e -> ExitCodes.INVALID);
        return commandLine;
    }

    private static String message(Exception e) {
        if (e instanceof LakeloadException || e.getMessage() != null && e instanceof IOException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = LakeloadCommand.class.getResourceAsStream("/lakeload-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"lakeload " + properties.getProperty("version", "unknown")};
        }
    }
}
