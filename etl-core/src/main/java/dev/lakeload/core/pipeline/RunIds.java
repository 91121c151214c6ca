package dev.lakeload.core.pipeline;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Makes run ids: UTC time to the second plus random hex, for example {@code 20261125t220501_3fa9c2}. They sort
 * by time, are unique across machines, and are lower-case identifier characters so they fit staging table names.
 */
public final class RunIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    public static String next() {
        byte[] random = new byte[3];
        RANDOM.nextBytes(random);
        return (ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "_" + HexFormat.of().formatHex(random))
                .toLowerCase(java.util.Locale.ROOT);
    }
}
