package dev.lakeload.cli;

import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.cli.manifest.ManifestLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The manifest argument and logging switch shared by every subcommand. */
final class ManifestOption {
    @Parameters(index = "0", arity = "0..1", defaultValue = "lakeload.yaml", paramLabel = "MANIFEST",
            description = "The YAML table manifest (default: ${DEFAULT-VALUE}).")
    Path manifest;

    @Option(names = {"-v", "--verbose"}, description = "Log progress to stderr.")
    void verbose(boolean on) {
        if (on) {
            Logging.verbose();
        }
    }

    Manifest load() {
        return new ManifestLoader().load(manifest);
    }

    /** The folder relative paths in the manifest are resolved against. */
    Path directory() {
        Path parent = manifest.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }
}
