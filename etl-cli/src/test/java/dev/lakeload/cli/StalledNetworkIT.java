package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakeload.testkit.net.StallingTcpProxy;
import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.process.ChildProcess;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network that stops passing packets while a run waits: the run says so within a minute instead of waiting in
 * silence, and finishes once the network is back.
 */
@Tag("reliability")
class StalledNetworkIT {
    @TempDir
    Path dir;

    @Test
    void aStalledNetworkIsReportedWithinAMinute() throws Exception {
        CliProject project = new CliProject(dir, "cli_stall");
        TestDatabase db = project.db();
        project.write("shop/orders/LOAD00000001.csv", "10,1.50\n11,2.50\n");
        db.execute("CREATE TABLE orders (id bigint, amount numeric(12,2))");
        URI server = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        try (StallingTcpProxy network = StallingTcpProxy.to(server.getHost(), server.getPort());
             Connection locker = db.dataSource().getConnection()) {
            project.writeManifest("""
                    - name: orders
                      from: shop/orders/
                      columns: [ { name: id, type: bigint }, { name: amount, type: "numeric(12,2)" } ]
                    """, "", "jdbc:postgresql://localhost:" + network.port() + server.getPath());
            // The run holds at its promotion behind this lock, so the network stalls while it waits.
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE orders IN SHARE MODE");
            }
            try (ChildProcess run = ChildProcess.start(CliProject.REPO, List.of(
                    CliProject.REPO.resolve("bin/lakeload").toString(), "run", project.manifest().toString(),
                    "--lock-timeout", "3m"))) {
                run.awaitOutput("has waited", Duration.ofMinutes(2));

                network.stall();
                long stalled = System.nanoTime();
                run.awaitOutput("cannot watch its lock waits", Duration.ofSeconds(90));
                Duration silence = Duration.ofNanos(System.nanoTime() - stalled);
                network.resume();
                locker.commit();

                ChildProcess.Result result = run.await(Duration.ofMinutes(2));
                assertThat(silence).isLessThan(Duration.ofSeconds(60));
                assertThat(result.output()).contains("a query of the watch unanswered for 30 s means a stalled "
                        + "server or network");
                assertThat(result.exitCode()).as(result.output()).isZero();
            }
        }
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("2");
    }
}
