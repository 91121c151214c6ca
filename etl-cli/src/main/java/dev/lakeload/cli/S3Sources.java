package dev.lakeload.cli;

import dev.lakeload.cli.manifest.S3Config;
import dev.lakeload.s3.ChecksumMode;
import dev.lakeload.s3.S3Source;
import dev.lakeload.s3.S3SourceConfig;

/** Maps {@code source.s3} of a manifest to an {@link S3Source}. */
final class S3Sources {
    private S3Sources() {
    }

    /** The caller closes the source. */
    static S3Source open(S3Config config) {
        return S3Source.create(config(config));
    }

    /** The source's validated settings. */
    static S3SourceConfig config(S3Config config) {
        return S3SourceConfig.builder(config.bucket())
                .prefix(config.prefix())
                .region(config.region())
                .endpoint(config.endpoint())
                .pathStyle(config.pathStyle())
                .profile(config.profile())
                .checksums(config.checksums() == null ? null : ChecksumMode.parse(config.checksums()))
                .build();
    }
}
