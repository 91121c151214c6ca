package dev.lakeload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lakeload.cli.manifest.Manifest;
import dev.lakeload.cli.manifest.ManifestLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files under {@code deploy/} fit together and fit the CLI: every YAML parses, the Kubernetes workloads run the
 * image's {@code lakeload} with arguments the CLI accepts, read the manifest where the Dockerfile says it is, take
 * credentials from the Secret, run as the image's non-root user, and the ConfigMap's manifest loads with exactly
 * the environment the pods give it. Docker is not needed; {@link DeployImageIT} builds the image where it exists.
 */
class DeployFilesTest {
    static final Path DEPLOY = CliProject.REPO.resolve("deploy");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Every document under deploy/, by kind (one each, except where a test says otherwise). */
    private static Map<String, JsonNode> byKind;
    private static Dockerfile dockerfile;

    @TempDir
    Path dir;

    @BeforeAll
    static void readDeployFolder() throws IOException {
        byKind = new LinkedHashMap<>();
        List<Path> yamlFiles;
        try (Stream<Path> files = Files.walk(DEPLOY)) {
            yamlFiles = files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList();
        }
        assertThat(yamlFiles).isNotEmpty();
        for (Path file : yamlFiles) {
            JsonNode document = YAML.readTree(file.toFile());
            assertThat(document.path("kind").asText()).as("kind of %s", file).isNotEmpty();
            assertThat(byKind.put(document.get("kind").asText(), document)).as("a second %s in %s",
                    document.get("kind").asText(), file).isNull();
        }
        dockerfile = Dockerfile.read(DEPLOY.resolve("Dockerfile"));
    }

    @Test
    void theImageRunsLakeloadAsANonRootUserOnAJreAndReadsTheMountedManifest() throws IOException {
        assertThat(dockerfile.last("ENTRYPOINT")).isEqualTo("[\"lakeload\"]");
        assertThat(dockerfile.uid()).isGreaterThan(0);
        assertThat(dockerfile.froms()).hasSize(2);
        assertThat(dockerfile.froms().get(0)).startsWith("eclipse-temurin:17-jdk");
        assertThat(dockerfile.froms().get(1)).isEqualTo("eclipse-temurin:17-jre");
        assertThat(dockerfile.text()).contains("./mvnw -B -pl etl-cli -am package -DskipTests",
                "COPY --from=build /src/etl-cli/target/lakeload.jar /opt/lakeload/lakeload.jar",
                "COPY deploy/lakeload /usr/local/bin/lakeload");
        assertThat(dockerfile.manifestPath()).isEqualTo("/etc/lakeload/lakeload.yaml");
        assertThat(dockerfile.last("WORKDIR")).isEqualTo("/etc/lakeload");

        Path launcher = DEPLOY.resolve("lakeload");
        assertThat(Files.isExecutable(launcher)).isTrue();
        assertThat(Files.readString(launcher)).contains("/opt/lakeload/lakeload.jar", Main.class.getName(), "\"$@\"");

        List<String> ignored = Files.readAllLines(CliProject.REPO.resolve(".dockerignore"));
        assertThat(ignored).contains(".git", "**/target", "**/.lakeload");
    }

    @Test
    void theCronJobLoadsHourlyOneRunAtATimeWithinTheHour() throws Exception {
        JsonNode cron = byKind.get("CronJob");
        JsonNode spec = cron.get("spec");
        assertThat(spec.get("concurrencyPolicy").asText()).isEqualTo("Forbid");
        String[] schedule = spec.get("schedule").asText().split(" ");
        assertThat(schedule).hasSize(5);
        assertThat(schedule[0]).matches("[0-5]?[0-9]");
        assertThat(List.of(schedule).subList(1, 5)).containsOnly("*");

        JsonNode job = spec.get("jobTemplate").get("spec");
        assertThat(job.get("backoffLimit").asInt()).isBetween(1, 5);
        assertThat(job.get("activeDeadlineSeconds").asInt()).isBetween(60, 3599);
        // A data failure (3) fails the same way on every retry; the run already loaded the other tables.
        List<String> args = checkPod(job, "CronJob", ExitCodes.INVALID, ExitCodes.DATA);
        assertThat(args).containsExactly("run", dockerfile.manifestPath());
    }

    @Test
    void theBackfillJobRunsSeveralWorkersThatLeaveEachOthersTablesAtOnce() throws Exception {
        JsonNode job = byKind.get("Job");
        JsonNode spec = job.get("spec");
        assertThat(spec.get("parallelism").asInt()).isGreaterThan(1);
        assertThat(spec.get("completions").asInt()).isEqualTo(spec.get("parallelism").asInt());
        assertThat(spec.get("backoffLimit").asInt()).isPositive();
        assertThat(spec.get("activeDeadlineSeconds").asInt()).isPositive();
        // generateName: each backfill is a new Job, created with kubectl create.
        assertThat(job.get("metadata").get("generateName").asText()).endsWith("-");
        // A worker failing on its data must not end the Job: FailJob would stop the workers loading other tables.
        List<String> args = checkPod(spec, "Job", ExitCodes.INVALID);
        assertThat(args).containsExactly("run", dockerfile.manifestPath(), "--wait", "0");
    }

    @Test
    void theManifestInTheConfigMapLoadsWithTheEnvironmentThePodsGiveIt() throws IOException {
        JsonNode configMap = byKind.get("ConfigMap");
        String fileName = Path.of(dockerfile.manifestPath()).getFileName().toString();
        String yaml = configMap.get("data").get(fileName).asText();
        for (String kind : List.of("CronJob", "Job")) {
            Set<String> declared = new HashSet<>();
            container(podSpec(kind)).get("env").forEach(e -> declared.add(e.get("name").asText()));
            Matcher reference = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)").matcher(yaml);
            while (reference.find()) {
                assertThat(declared).as("%s's environment, for ${%s} in the manifest", kind, reference.group(1))
                        .contains(reference.group(1));
            }
            Path manifestFile = Files.writeString(dir.resolve(fileName), yaml);
            Manifest manifest = new ManifestLoader(name -> declared.contains(name) ? "from-the-secret" : null)
                    .load(manifestFile);
            assertThat(manifest.target().postgres().embedded()).as("the container's manifest names a database url")
                    .isFalse();
            assertThat(manifest.target().postgres().password()).isEqualTo("from-the-secret");
            Sources.check(manifest.source());
            assertThat(ManifestTables.select(manifest, manifestFile, null)).isNotEmpty();
        }
    }

    @Test
    void s3AccessComesFromTheServiceAccountsIamRoleAndTheSecretHoldsNoAwsKeys() {
        JsonNode account = byKind.get("ServiceAccount");
        assertThat(account.get("metadata").get("annotations").get("eks.amazonaws.com/role-arn").asText())
                .matches("arn:aws:iam::\\d{12}:role/[\\w+=,.@-]+");
        for (String kind : List.of("CronJob", "Job")) {
            assertThat(podSpec(kind).get("serviceAccountName").asText())
                    .isEqualTo(account.get("metadata").get("name").asText());
        }
        assertThat(byKind.get("Secret").get("stringData").fieldNames()).toIterable()
                .noneMatch(key -> key.startsWith("AWS_"));
    }

    @Test
    void kustomizeInstallsTheScheduleButNeitherTheExampleSecretNorABackfill() {
        List<String> resources = new ArrayList<>();
        byKind.get("Kustomization").get("resources").forEach(r -> resources.add(r.asText()));
        assertThat(resources).allSatisfy(r -> assertThat(DEPLOY.resolve("kubernetes").resolve(r)).isRegularFile())
                .contains("cronjob.yaml", "configmap.yaml", "serviceaccount.yaml")
                .doesNotContain("secret.example.yaml", "backfill-job.yaml");
    }

    /**
     * Checks what the CronJob's and the backfill Job's pods must share, and returns the container's arguments,
     * which the CLI must accept.
     */
    private static List<String> checkPod(JsonNode jobSpec, String kind, Integer... failJobCodes) throws IOException {
        JsonNode pod = jobSpec.get("template").get("spec");
        assertThat(pod.get("restartPolicy").asText()).as(kind).isEqualTo("Never");
        // Exit code 2 is an invalid manifest: retrying cannot help.
        JsonNode rule = jobSpec.get("podFailurePolicy").get("rules").get(0);
        assertThat(rule.get("action").asText()).isEqualTo("FailJob");
        assertThat(rule.get("onExitCodes").get("values")).extracting(JsonNode::asInt).as(kind)
                .containsExactly(failJobCodes);

        JsonNode security = pod.get("securityContext");
        assertThat(security.get("runAsNonRoot").asBoolean()).as(kind).isTrue();
        assertThat(security.get("runAsUser").asInt()).as(kind).isEqualTo(dockerfile.uid());

        JsonNode container = container(pod);
        assertThat(container.get("image").asText()).as(kind).matches("[\\w./-]+/lakeload:[\\w.-]+");
        assertThat(container.has("command")).as("%s keeps the image's ENTRYPOINT", kind).isFalse();
        assertThat(container.get("securityContext").get("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.get("securityContext").get("readOnlyRootFilesystem").asBoolean()).isTrue();

        Map<String, String> mounts = new LinkedHashMap<>();
        container.get("volumeMounts").forEach(m -> mounts.put(m.get("mountPath").asText(), m.get("name").asText()));
        String configDir = Path.of(dockerfile.manifestPath()).getParent().toString();
        JsonNode manifestVolume = volume(pod, mounts.get(configDir));
        assertThat(manifestVolume.get("configMap").get("name").asText())
                .isEqualTo(byKind.get("ConfigMap").get("metadata").get("name").asText());
        // A read-only root: the JVM and zstd-jni's native library need a writable /tmp.
        assertThat(volume(pod, mounts.get("/tmp")).has("emptyDir")).as("%s mounts an emptyDir at /tmp", kind).isTrue();

        JsonNode secret = byKind.get("Secret");
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : container.get("env")) {
            JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
            if (ref.isMissingNode()) {
                env.put(variable.get("name").asText(), variable.get("value").asText());
                continue;
            }
            assertThat(ref.get("name").asText()).isEqualTo(secret.get("metadata").get("name").asText());
            assertThat(secret.get("stringData").has(ref.get("key").asText())).as("Secret key %s", ref.get("key"))
                    .isTrue();
            env.put(variable.get("name").asText(), "secret:" + ref.get("key").asText());
        }
        assertThat(env).containsEntry("PGPASSWORD", "secret:PGPASSWORD").containsEntry("PGUSER", "secret:PGUSER")
                .containsEntry("LAKELOAD_NOTIFY_URL", "secret:LAKELOAD_NOTIFY_URL")
                .containsEntry("LAKELOAD_JAVA_OPTS", "-Xmx256m");
        // The heap is not the process: metaspace, threads, S3 read-ahead buffers and native zstd come on top.
        assertThat(mebibytes(container.get("resources").get("limits").get("memory").asText())).isGreaterThanOrEqualTo(
                256 + 192);

        List<String> args = new ArrayList<>();
        container.get("args").forEach(a -> args.add(a.asText()));
        LakeloadCommand.commandLine().parseArgs(args.toArray(String[]::new));
        return args;
    }

    private static JsonNode podSpec(String kind) {
        JsonNode spec = byKind.get(kind).get("spec");
        return (kind.equals("CronJob") ? spec.get("jobTemplate").get("spec") : spec).get("template").get("spec");
    }

    private static JsonNode container(JsonNode pod) {
        assertThat(pod.get("containers")).hasSize(1);
        return pod.get("containers").get(0);
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode volume : pod.get("volumes")) {
            if (volume.get("name").asText().equals(name)) {
                return volume;
            }
        }
        return new ObjectNode(YAML.getNodeFactory());
    }

    private static int mebibytes(String quantity) {
        assertThat(quantity).matches("\\d+(Mi|Gi)");
        int number = Integer.parseInt(quantity.replaceAll("\\D", ""));
        return quantity.endsWith("Gi") ? number * 1024 : number;
    }

    /** The instructions of a Dockerfile that the deployment depends on. */
    record Dockerfile(String text, List<String> lines) {
        static Dockerfile read(Path file) throws IOException {
            String text = Files.readString(file);
            return new Dockerfile(text, text.lines().map(String::strip).filter(l -> !l.startsWith("#")).toList());
        }

        /** The argument of the last {@code instruction} (the one that counts in the final stage). */
        String last(String instruction) {
            String found = null;
            for (String line : lines) {
                if (line.startsWith(instruction + " ")) {
                    found = line.substring(instruction.length() + 1).strip();
                }
            }
            assertThat(found).as("a %s instruction", instruction).isNotNull();
            return found;
        }

        List<String> froms() {
            return lines.stream().filter(l -> l.startsWith("FROM ")).map(l -> l.split("\\s+")[1]).toList();
        }

        /** The numeric user of {@code USER uid[:gid]}: Kubernetes checks runAsNonRoot only against a number. */
        int uid() {
            String user = last("USER");
            assertThat(user).matches("\\d+(:\\d+)?");
            return Integer.parseInt(user.split(":")[0]);
        }

        /** The manifest the default command runs: the last argument of {@code CMD}. */
        String manifestPath() throws IOException {
            JsonNode cmd = new ObjectMapper().readTree(last("CMD"));
            assertThat(cmd.get(0).asText()).isEqualTo("run");
            return cmd.get(cmd.size() - 1).asText();
        }
    }
}
