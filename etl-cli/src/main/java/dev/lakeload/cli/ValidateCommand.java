package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.core.config.TableSpec;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code lakeload validate}: checks a manifest without touching the source or the database. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a manifest: keys, values and table definitions. Exit 2 when invalid.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    ManifestOption manifestOption;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Manifest manifest = manifestOption.load();
        List<TableSpec> tables = manifestOption.tables(manifest, null);
        spec.commandLine().getOut().println(manifestOption.manifest + ": valid, " + tables.size() + " table(s): "
                + tables.stream().map(TableSpec::name).collect(Collectors.joining(", ")));
        return ExitCodes.OK;
    }
}
