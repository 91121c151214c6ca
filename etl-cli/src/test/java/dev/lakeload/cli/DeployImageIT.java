package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds {@code deploy/Dockerfile} and runs the image as Kubernetes would: as its own non-root user, with the
 * manifest mounted where the image reads it. Skipped, saying so, where no Docker daemon is reachable (the files
 * themselves are checked by {@link DeployFilesTest} everywhere).
 */
class DeployImageIT {
    private static final String IMAGE = "lakeload:deploy-image-it";

    @TempDir
    Path dir;

    @Test
    void theImageRunsLakeloadAsItsNonRootUserOnTheMountedManifest() throws IOException {
        assumeTrue(dockerAvailable(), "no Docker daemon reachable (docker on PATH, docker info): the image is not "
                + "built here; build it where Docker exists with: docker build -f deploy/Dockerfile -t lakeload .");
        ChildProcess.Result build = docker(Duration.ofMinutes(30), "build", "-f", "deploy/Dockerfile", "-t", IMAGE,
                ".");
        assertThat(build.exitCode()).as(build.output()).isZero();

        ChildProcess.Result user = docker(Duration.ofMinutes(1), "run", "--rm", "--entrypoint", "id", IMAGE, "-u");
        assertThat(user.output().strip()).isEqualTo("10001");

        Files.writeString(dir.resolve("lakeload.yaml"), """
                source: { s3: { bucket: my-lake, region: eu-west-1 } }
                target: { postgres: { url: "jdbc:postgresql://db:5432/warehouse", password: "${PGPASSWORD}" } }
                tables:
                  - { name: orders, from: shop/orders/, columns: [ { name: id, type: bigint } ] }
                """);
        dir.toFile().setReadable(true, false);
        dir.resolve("lakeload.yaml").toFile().setReadable(true, false);
        ChildProcess.Result validate = docker(Duration.ofMinutes(2), "run", "--rm", "--read-only",
                "--tmpfs", "/tmp", "-e", "PGPASSWORD=secret", "-v", dir + ":/etc/lakeload:ro", IMAGE, "validate");
        assertThat(validate.exitCode()).as(validate.output()).isZero();
        assertThat(validate.output()).contains("orders");
    }

    private static boolean dockerAvailable() {
        boolean onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, "docker")));
        return onPath && docker(Duration.ofSeconds(30), "info").exitCode() == 0;
    }

    private static ChildProcess.Result docker(Duration timeout, String... args) {
        return ChildProcess.run(CliProject.REPO, timeout,
                Stream.concat(Stream.of("docker"), List.of(args).stream()).toList());
    }
}
