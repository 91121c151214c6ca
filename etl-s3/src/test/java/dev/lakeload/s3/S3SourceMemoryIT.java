package dev.lakeload.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.s3.EmbeddedS3;
import dev.lakeload.testkit.s3.EmbeddedS3Extension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves that reading an object never holds it whole: a JVM whose heap is half the object's size streams it
 * through {@link S3Source} and gets every byte. Buffering the object would throw OutOfMemoryError there.
 */
class S3SourceMemoryIT {
    @RegisterExtension
    static final EmbeddedS3Extension S3 = new EmbeddedS3Extension();

    private static final int OBJECT_BYTES = 64 * 1024 * 1024;
    private static final String HEAP = "-Xmx32m";

    @Test
    void streamsAnObjectTwiceTheSizeOfTheReadersHeap() throws IOException, InterruptedException {
        byte[] content = TestS3.randomBytes(OBJECT_BYTES, 64);
        S3.server().createBucket("big");
        S3.server().put("big", "dms/events/LOAD00000001.csv", content);
        String expected = TestS3.sha256(content);
        content = null;

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), HEAP, "-XX:+UseSerialGC",
                "-Daws.accessKeyId=" + EmbeddedS3.ACCESS_KEY, "-Daws.secretAccessKey=" + EmbeddedS3.SECRET_KEY,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), StreamDigestMain.class.getName(),
                S3.server().endpoint().toString(), "big", "dms/events/LOAD00000001.csv"))
                .redirectErrorStream(true)
                .start();
        boolean finished = child.waitFor(60, TimeUnit.SECONDS);
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            child.destroyForcibly();
        }

        assertThat(finished).as("the reader finished in time; output:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("exit status; output:%n%s", output).isZero();
        assertThat(output).contains("size=" + OBJECT_BYTES, "sha256=" + expected);
        long maxHeap = Long.parseLong(output.lines().filter(l -> l.startsWith("maxHeap=")).findFirst()
                .orElseThrow().substring("maxHeap=".length()));
        assertThat(maxHeap).as("the reader's heap is smaller than the object").isLessThan(OBJECT_BYTES / 2 + 1);
    }
}
