package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.cli.manifest.ManifestLoader;
import dev.lakeload.core.ConfigException;
import dev.lakeload.core.config.TableSpec;
import dev.lakeload.core.pipeline.Coverage;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The manifest argument and the logging switches ({@code --verbose}, {@code --quiet}) shared by every subcommand. */
final class ManifestOption {
    @Parameters(index = "0", arity = "0..1", defaultValue = "lakeload.yaml", paramLabel = "MANIFEST",
            description = "The YAML table manifest (default: ${DEFAULT-VALUE}).")
    Path manifest;

    @Option(names = {"-v", "--verbose"}, description = "Log what happens to stderr, lakeload's own steps in detail "
            + "(debug).")
    void verbose(boolean on) {
        if (on) {
            requireOneOf(quiet);
            verbose = true;
            Logging.verbose();
        }
    }

    @Option(names = {"-q", "--quiet"}, description = "Log errors only; run also shows no progress and prints of "
            + "its summary only what failed (nothing when all is well).")
    void quiet(boolean on) {
        if (on) {
            requireOneOf(verbose);
            quiet = true;
            Logging.quiet();
        }
    }

    boolean quiet;
    private boolean verbose;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private void requireOneOf(boolean other) {
        if (other) {
            throw new ParameterException(command.commandLine(), "--quiet and --verbose exclude each other: "
                    + "choose one");
        }
    }

    /** Reads the manifest and checks its source settings, without connecting anywhere. */
    Manifest load() {
        Manifest loaded = new ManifestLoader().load(manifest);
        try {
            Sources.check(loaded.source());
        } catch (ConfigException e) {
            throw new ConfigException(manifest + ManifestLoader.lineOf(manifest, "/source") + " (source): "
                    + e.getMessage(), e);
        }
        return loaded;
    }

    /** The manifest's tables (or the named ones) as table specs; an invalid table is an error naming its line. */
    List<TableSpec> tables(Manifest loaded, List<String> only) {
        return ManifestTables.select(loaded, manifest, only);
    }

    /**
     * What {@code run} and {@code ls} look for folders no table loads with: every table of the manifest (also when
     * {@code --table} names some), its {@code ignore} patterns and {@code uncoveredFolders}.
     */
    Coverage coverage(Manifest loaded) {
        return new Coverage(tables(loaded, null), loaded.ignore(), loaded.uncoveredFolders());
    }

    /** The folder relative paths in the manifest are resolved against. */
    Path directory() {
        Path parent = manifest.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
