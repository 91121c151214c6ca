package dev.lakeload.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FileContentTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void hashesEveryByteOnceHoweverItIsRead() throws IOException {
        assertThat(FileContent.of(new ByteArrayInputStream(ABC))).isEqualTo(new FileContent(3, ABC_SHA256));

        HashingInputStream skipping = new HashingInputStream(new ByteArrayInputStream(ABC));
        assertThat(skipping.read()).isEqualTo('a');
        assertThat(skipping.skip(1)).isEqualTo(1);
        assertThat(skipping.finish()).isEqualTo(new FileContent(3, ABC_SHA256));
    }

    @Test
    void aReaderThatStopsAndClosesEarlyLeavesTheRestToFinish() throws IOException {
        HashingInputStream in = new HashingInputStream(new ByteArrayInputStream(ABC));

        assertThat(in.read()).isEqualTo('a');
        in.close();

        assertThat(in.finish()).isEqualTo(new FileContent(3, ABC_SHA256));
    }
}
