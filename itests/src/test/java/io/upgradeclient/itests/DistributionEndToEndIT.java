package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Runs the assembled distribution the way an operator does: {@code bin/upgradeclient run} from another working
 * folder, {@code /health}, the Web Console login, hot deploy and undeploy through {@code deploy/}, a live
 * configuration change through {@code config/}, and {@code bin/upgradeclient stop}.
 */
public class DistributionEndToEndIT {
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration DEPLOY_DEADLINE = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path home;
    private Path elsewhere;
    private Process process;
    private URI base;

    @Before
    public void installDistribution() throws IOException {
        Path work = Path.of(System.getProperty("upgradeclient.itests.work", "target/itests")).resolve(getClass().getSimpleName()).toAbsolutePath();
        TestSupport.deleteRecursively(work);
        home = work.resolve("upgradeclient");
        copyTree(TestSupport.DISTRIBUTION, home, TestSupport.DISTRIBUTION.resolve("var"));
        elsewhere = Files.createDirectories(work.resolve("elsewhere"));
        base = URI.create("http://127.0.0.1:" + TestSupport.freePort());
    }

    @After
    public void killLeftovers() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Test
    public void runsHotDeploysReconfiguresAndStopsCleanly() throws Exception {
        ProcessBuilder run = new ProcessBuilder(home.resolve("bin/upgradeclient").toString(), "run")
                .directory(elsewhere.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("console.out").toFile());
        run.environment().put("JAVA_OPTS", "-Dorg.osgi.service.http.port=" + base.getPort());
        process = run.start();

        Eventually.await(START_DEADLINE, "/health to answer 200", () -> get("/health").statusCode() == 200);
        JsonObject health = JsonParser.parseString(get("/health").body()).getAsJsonObject();
        assertThat(health.get("status").getAsString()).isEqualTo("UP");
        assertThat(home.resolve("var/log/upgradeclient.log")).exists();

        assertThat(get("/system/console/bundles").statusCode()).isEqualTo(401);
        assertThat(getAs("/system/console/bundles", "admin", "admin").statusCode()).isEqualTo(401);
        String password = Files.readString(home.resolve("var/webconsole-password")).strip();
        assertThat(getAs("/system/console/bundles", "admin", password).statusCode()).isEqualTo(200);

        Path deployed = home.resolve("deploy").resolve(TestSupport.EXAMPLE_PLUGIN.getFileName());
        Files.copy(TestSupport.EXAMPLE_PLUGIN, deployed);
        Eventually.await(DEPLOY_DEADLINE, "the example plugin listed in /api/v1/components",
                () -> get("/api/v1/components").body().contains("\"type\":\"manifest\""));
        Eventually.await(DEPLOY_DEADLINE, "the arrival in the log",
                () -> log().contains("Plugin arrived: uploader type 'manifest' from bundle io.upgradeclient.example.manifest"));

        Files.delete(deployed);
        Eventually.await(DEPLOY_DEADLINE, "the example plugin gone from /api/v1/components",
                () -> !get("/api/v1/components").body().contains("manifest"));
        Eventually.await(DEPLOY_DEADLINE, "the departure in the log",
                () -> log().contains("Plugin departed: uploader type 'manifest' from bundle io.upgradeclient.example.manifest"));

        Path cfg = home.resolve("config/io.upgradeclient.instance.cfg");
        Path temp = cfg.resolveSibling("instance.tmp");
        Files.writeString(temp, "name = e2e-renamed\n", StandardCharsets.ISO_8859_1);
        Files.move(temp, cfg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Eventually.await(DEPLOY_DEADLINE, "the new instance name in /health",
                () -> get("/health").body().contains("\"instance\":\"e2e-renamed\""));

        Process status = new ProcessBuilder(home.resolve("bin/upgradeclient").toString(), "status").inheritIO().start();
        assertThat(status.waitFor()).isEqualTo(0);
        Process stop = new ProcessBuilder(home.resolve("bin/upgradeclient").toString(), "stop")
                .directory(elsewhere.toFile()).inheritIO().start();
        assertThat(stop.waitFor()).as("exit code of 'upgradeclient stop'").isEqualTo(0);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
        assertThat(process.exitValue()).as("exit code of 'upgradeclient run'").isEqualTo(0);

        String console = Files.readString(home.resolve("console.out"));
        assertThat(console).contains("upgradeclient stopped");
        assertThat(log() + console).as("log and console output").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(home.resolve("var/upgradeclient.pid")).doesNotExist();
        Process after = new ProcessBuilder(home.resolve("bin/upgradeclient").toString(), "status").start();
        assertThat(after.waitFor()).as("status once stopped").isEqualTo(3);
    }

    private String log() throws IOException {
        return Files.readString(home.resolve("var/log/upgradeclient.log"), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> getAs(String path, String user, String password) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Copies the distribution as shipped: the state of any earlier run in its var/ stays behind. */
    private static void copyTree(Path from, Path to, Path skipped) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            List<Path> all = paths.filter(path -> !path.startsWith(skipped)).toList();
            for (Path source : all) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
