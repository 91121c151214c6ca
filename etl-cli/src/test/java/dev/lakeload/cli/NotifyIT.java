package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.lakeload.testkit.pg.TestDatabase;
import dev.lakeload.testkit.process.ChildProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --notify URL}: the report reaches a webhook (a local HTTP server) when a table failed, and a hook that
 * refuses, fails or hangs makes the run exit 1, said on stderr and in the summary, without printing the URL's
 * secret part.
 */
@Tag("reliability")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NotifyIT {
    private static final String SECRET_PATH = "/services/T0001/B0002/s3cr3tT0k3n";

    @TempDir
    Path dir;

    private CliProject project;
    private TestDatabase db;
    private HttpServer hook;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private volatile int answer = 200;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws IOException {
        project = new CliProject(dir, "cli_notify");
        db = project.db();
        project.write("shop/orders/LOAD00000001.csv", "1,10.50\n2,2.00\n");
        project.writeManifest("""
                - name: orders
                  from: shop/orders/
                  columns: [ { name: id, type: bigint }, { name: amount, type: "numeric(12,2)" } ]
                """);
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                bodies.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type") + "\n"
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            if (answer == 0) {
                awaitRelease(); // a hook that never answers
            }
            exchange.sendResponseHeaders(answer == 0 ? 200 : answer, -1);
            exchange.close();
        });
        hook.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        hook.start();
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        hook.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + hook.getAddress().getPort() + SECRET_PATH + "?token=s3cr3tT0k3n";
    }

    private CliRun run(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("run", project.manifest().toString()));
        args.addAll(List.of(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.out() + run.err()).doesNotContain("s3cr3tT0k3n").doesNotContain("/services/");
        return run;
    }

    @Test
    void aFailedTablePostsTheReportWithASlackTextNamingTableKindAndError() throws IOException {
        project.write("shop/orders/LOAD00000002.csv", "3,ten\n");

        CliRun run = run("--notify", hookUrl());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out()).contains("notified http://127.0.0.1:" + hook.getAddress().getPort() + "/… (HTTP 200)");
        assertThat(bodies).hasSize(1);
        String[] request = bodies.get(0).split("\n", 2);
        assertThat(request[0]).isEqualTo("POST " + SECRET_PATH + " application/json; charset=utf-8");
        JsonNode body = new ObjectMapper().readTree(request[1]);
        assertThat(body.get("succeeded").asBoolean()).isFalse();
        assertThat(body.get("runId").asText()).isNotBlank();
        JsonNode orders = body.get("tables").get(0);
        assertThat(orders.get("name").asText()).isEqualTo("orders");
        assertThat(orders.get("status").asText()).isEqualTo("failed");
        assertThat(orders.get("errorKind").asText()).isEqualTo("data");
        assertThat(orders.get("error").asText()).contains("shop/orders/LOAD00000002.csv", "line 1", "amount");
        assertThat(body.get("text").asText())
                .startsWith("lakeload run " + body.get("runId").asText()
                        + ": 1 of 1 table(s) failed\n• orders (data): ")
                .contains("shop/orders/LOAD00000002.csv");
    }

    @Test
    void aRunWithoutFailuresNotifiesOnlyWithNotifyAlways() throws IOException {
        CliRun quiet = run("--notify", hookUrl());

        assertThat(quiet.exitCode()).as(quiet.out() + quiet.err()).isZero();
        assertThat(quiet.out()).doesNotContain("notif");
        assertThat(bodies).isEmpty();

        CliRun always = run("--notify", hookUrl(), "--notify-always");

        assertThat(always.exitCode()).as(always.out() + always.err()).isZero();
        assertThat(bodies).hasSize(1);
        JsonNode body = new ObjectMapper().readTree(bodies.get(0).split("\n", 2)[1]);
        assertThat(body.get("succeeded").asBoolean()).isTrue();
        assertThat(body.get("tables").get(0).get("status").asText()).isEqualTo("up_to_date");
        assertThat(body.get("text").asText()).endsWith(": all 1 table(s) ok");
    }

    @Test
    void aHookAnsweringAnErrorFailsARunThatLoadedEverything() {
        answer = 500;

        CliRun run = run("--notify", hookUrl(), "--notify-always");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(db.queryValue("SELECT count(*) FROM orders")).isEqualTo("2");
        String expected = "the notification to http://127.0.0.1:" + hook.getAddress().getPort()
                + "/… failed: it answered HTTP 500";
        assertThat(run.err()).contains("lakeload: " + expected);
        assertThat(run.out()).contains("all 1 table(s) ok").contains("notification failed: " + expected);
    }

    @Test
    void aHookThatDoesNotAnswerFailsTheRunWithinTheTimeout() {
        answer = 0;
        long started = System.nanoTime();

        CliRun run = run("--notify", hookUrl(), "--notify-always", "--notify-timeout", "1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("failed: no answer within 1 s");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(20);
        assertThat(bodies).hasSize(1);
    }

    @Test
    void aRefusedConnectionFailsTheRun() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run = run("--notify", "http://127.0.0.1:" + closedPort + SECRET_PATH, "--notify-always",
                "--notify-timeout", "2");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("the notification to http://127.0.0.1:" + closedPort
                + "/… failed: connection refused");
    }

    @Test
    void theUrlCanComeFromTheEnvironmentKeepingItOffTheCommandLine() {
        project.write("shop/orders/LOAD00000002.csv", "3,ten\n");

        ChildProcess.Result run = CliProject.lakeload(Map.of("LAKELOAD_NOTIFY_URL", hookUrl()), "run",
                project.manifest().toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(3);
        assertThat(run.output()).contains("notified http://127.0.0.1:").doesNotContain("s3cr3tT0k3n");
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0)).startsWith("POST " + SECRET_PATH).contains("\"status\" : \"failed\"");
    }

    @Test
    void anInvalidUrlIsAUsageErrorBeforeAnythingLoads() {
        CliRun run = run("--notify", "ftp://example.com/hook");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--notify needs an http:// or https:// URL");
        assertThat(db.queryValue("SELECT count(*) FROM pg_namespace WHERE nspname = 'lakeload'")).isEqualTo("0");
    }
}
