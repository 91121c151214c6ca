package dev.lakeload.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the lakeload command line in-process and captures what it prints. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = LakeloadCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    /** Runs {@code command} on {@code manifest} with {@code options}. */
    static CliRun of(String command, java.nio.file.Path manifest, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = command;
        args[1] = manifest.toString();
        System.arraycopy(options, 0, args, 2, options.length);
        return of(args);
    }
}
