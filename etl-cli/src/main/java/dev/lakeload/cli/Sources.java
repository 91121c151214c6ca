package dev.lakeload.cli;

import dev.lakeload.cli.manifest.SourceConfig;
import dev.lakeload.core.source.LocalFolderSource;
import dev.lakeload.core.source.Source;
import dev.lakeload.s3.S3Source;
import dev.lakeload.s3.S3SourceConfig;
import java.nio.file.Path;

/** Opens the source a manifest names. */
final class Sources {
    private Sources() {
    }

    /** Checks the source's settings without connecting. */
    static void check(SourceConfig config) {
        if (config.s3() != null) {
            S3Sources.config(config.s3());
        }
    }

    /**
     * The caller closes the source. A relative local path is resolved against the manifest's folder. An S3 source
     * opens on a thread of its own ({@link OpeningSource}) while the command goes on to the database; a setting
     * that cannot work fails its first use.
     */
    static Source open(SourceConfig config, Path manifestDirectory) {
        if (config.local() != null) {
            return new LocalFolderSource(manifestDirectory.resolve(config.local().path()));
        }
        S3SourceConfig settings = S3Sources.config(config.s3());
        return OpeningSource.start(() -> S3Source.create(settings), settings.location());
    }
}
