package dev.lakeload.testkit.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Serves a local folder as a bucket of an {@link EmbeddedS3} server, for benchmarks that load the same lake from
 * S3 and from the folder ({@code bench/compare.sh}). Usage: {@code ServeS3 <folder> <bucket>}. Uploads every regular
 * file under the folder (keys relative to it), prints the server's endpoint on one line, and serves until its
 * standard input closes.
 */
public final class ServeS3 {
    private ServeS3() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ServeS3 <folder> <bucket>");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        try (EmbeddedS3 s3 = EmbeddedS3.start(); Stream<Path> walk = Files.walk(folder)) {
            s3.createBucket(args[1]);
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path file : files) {
                s3.put(args[1], folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            System.out.println(s3.endpoint());
            System.out.flush();
            InputStream in = System.in;
            while (in.read() >= 0) {
                // serve until the benchmark closes our standard input
            }
        }
    }
}
