package dev.lakeload.cli;

import picocli.CommandLine;

/** Entry point of the {@code lakeload} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Logging.configureDefaults();
        System.exit(LakeloadCommand.commandLine().execute(args));
    }
}
