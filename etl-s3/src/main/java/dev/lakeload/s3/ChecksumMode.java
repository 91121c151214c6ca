package dev.lakeload.s3;

import dev.lakeload.core.ConfigException;
import java.util.Locale;

/**
 * When the S3 client computes request checksums and validates response checksums (manifest key
 * {@code source.s3.checksums}).
 *
 * <p>{@link #WHEN_SUPPORTED} is right for Amazon S3. S3-compatible stores (S3Proxy, MinIO, Ceph, older appliances)
 * often reject the AWS SDK's default trailing checksums ({@code x-amz-trailer}) with 400 or 501 errors: use
 * {@link #WHEN_REQUIRED} for them.
 */
public enum ChecksumMode {
    /** Checksums wherever the operation supports them (the AWS SDK's default). */
    WHEN_SUPPORTED,
    /** Checksums only where the operation requires them. */
    WHEN_REQUIRED;

    /**
     * Reads the manifest spelling ({@code when_supported}, {@code when_required}; case and '-' or '_' do not
     * matter).
     *
     * @throws ConfigException naming {@code source.s3.checksums} for anything else
     */
    public static ChecksumMode parse(String value) {
        String normalized = value == null ? "" : value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (ChecksumMode mode : values()) {
            if (mode.name().equals(normalized)) {
                return mode;
            }
        }
        throw new ConfigException("source.s3.checksums must be when_supported or when_required, not '" + value + "'");
    }

    /** The manifest spelling, for example {@code when_required}. */
    public String manifestName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
