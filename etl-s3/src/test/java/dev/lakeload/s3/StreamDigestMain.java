package dev.lakeload.s3;

import dev.lakeload.core.source.SourceFile;
import java.io.InputStream;
import java.net.URI;

/**
 * Run in a JVM of its own by {@link S3SourceMemoryIT}: streams one object through an {@link S3Source} built from
 * configuration (credentials from the aws.* system properties, as the default chain finds them) and prints its
 * size and SHA-256, or with {@code whole} reads it into one array first (the control that must not fit).
 *
 * <p>Arguments: endpoint, bucket, key, {@code stream} or {@code whole}.
 */
public final class StreamDigestMain {
    private StreamDigestMain() {
    }

    public static void main(String[] args) throws Exception {
        S3SourceConfig config = S3SourceConfig.builder(args[1])
                .endpoint(URI.create(args[0]))
                .region("us-east-1")
                .pathStyle(true)
                .checksums(ChecksumMode.WHEN_REQUIRED)
                .build();
        try (S3Source source = S3Source.create(config)) {
            SourceFile file = source.list(args[2]).get(0);
            try (InputStream in = source.open(file)) {
                System.out.println("size=" + file.size());
                System.out.println("sha256=" + (args[3].equals("whole") ? TestS3.sha256(in.readAllBytes())
                        : TestS3.sha256(in)));
            }
        }
    }
}
