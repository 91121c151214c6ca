package dev.lakeload.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --table} option of the subcommands that work on some of a manifest's tables. */
final class TableOption {
    @Option(names = "--table", paramLabel = "NAME",
            description = "Only this table (repeatable). By default every table of the manifest.")
    List<String> names;
}
