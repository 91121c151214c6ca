package dev.lakeload.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.process.ChildProcess;
import dev.lakeload.testkit.s3.EmbeddedS3;
import dev.lakeload.testkit.s3.EmbeddedS3Extension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves that reading an object never holds it whole: a JVM whose heap is half the object's size streams it
 * through {@link S3Source} and gets every byte, while reading the same object whole in the same heap throws
 * OutOfMemoryError.
 */
class S3SourceMemoryIT {
    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    private static final int OBJECT_BYTES = 64 * 1024 * 1024;
    private static final String HEAP = "-Xmx32m";

    @Test
    void streamsAnObjectTwiceTheSizeOfTheReadersHeap() throws IOException {
        byte[] content = TestS3.randomBytes(OBJECT_BYTES, 64);
        S3.server().createBucket("big");
        S3.server().put("big", "dms/events/LOAD00000001.csv", content);
        String expected = TestS3.sha256(content);
        content = null;

        ChildProcess.Result streamed = readInSmallHeap("stream");

        assertThat(streamed.exitCode()).as("exit status; output:%n%s", streamed.output()).isZero();
        assertThat(streamed.output()).contains("size=" + OBJECT_BYTES, "sha256=" + expected);

        // The control: the same heap cannot hold the object, so streaming is what made the first read fit.
        ChildProcess.Result whole = readInSmallHeap("whole");

        assertThat(whole.exitCode()).as("exit status; output:%n%s", whole.output()).isNotZero();
        assertThat(whole.output()).contains("OutOfMemoryError");
    }

    private static ChildProcess.Result readInSmallHeap(String mode) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return ChildProcess.run(Path.of("."), Duration.ofSeconds(90), List.of(java.toString(), HEAP,
                "-XX:+UseSerialGC", "-Daws.accessKeyId=" + EmbeddedS3.ACCESS_KEY,
                "-Daws.secretAccessKey=" + EmbeddedS3.SECRET_KEY, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), StreamDigestMain.class.getName(),
                S3.server().endpoint().toString(), "big", "dms/events/LOAD00000001.csv", mode));
    }
}
