package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Runs the assembled distribution the way an operator does: {@code bin/upgradeclient run} from another working
 * folder, {@code /health}, the Web Console login, hot deploy and undeploy through {@code deploy/}, a live
 * configuration change through {@code config/}, and {@code bin/upgradeclient stop}. The plugin deployed is the add-on
 * the distribution ships in {@code addons/}, copied as the README says.
 */
public class DistributionEndToEndIT {
    private static final Duration DEPLOY_DEADLINE = Duration.ofSeconds(15);

    private InstalledDistribution distribution;

    @Before
    public void install() throws Exception {
        distribution = new InstalledDistribution(
                InstalledDistribution.workFolder(getClass()));
    }

    @After
    public void killLeftovers() {
        distribution.close();
    }

    @Test
    public void theExampleAddOnsAreShippedInAddonsAndNotStarted() throws Exception {
        List<String> addOns = List.of("io.upgradeclient.example.latest", "io.upgradeclient.example.manifest",
                "io.upgradeclient.example.httpput");
        Path home = distribution.home();

        for (String addOn : addOns) {
            assertThat(addOn(home, addOn)).isRegularFile();
        }
        assertThat(jarsIn(home.resolve("bundle"))).as("the bundles started at boot").noneMatch(jar -> jar.contains(".example."));
        assertThat(jarsIn(home.resolve("deploy"))).as("the operator's hot-deploy folder").isEmpty();

        List<String> archived = archiveEntries(TestSupport.DISTRIBUTION.resolveSibling("upgradeclient.tar.gz"));
        for (String addOn : addOns) {
            assertThat(archived).as("upgradeclient.tar.gz").anyMatch(entry -> entry.matches("upgradeclient/addons/" + Pattern.quote(addOn) + "-[^/]+\\.jar"));
        }
        assertThat(archived).as("upgradeclient.tar.gz").noneMatch(entry -> entry.contains(".example.") && !entry.startsWith("upgradeclient/addons/"));
    }

    @Test
    public void runsHotDeploysReconfiguresAndStopsCleanly() throws Exception {
        Path home = distribution.home();
        Process process = distribution.start();
        JsonObject health = JsonParser.parseString(distribution.get("/health").body()).getAsJsonObject();
        assertThat(health.get("status").getAsString()).isEqualTo("UP");
        assertThat(home.resolve("var/log/upgradeclient.log")).exists();

        assertThat(distribution.get("/system/console/bundles").statusCode()).isEqualTo(401);
        assertThat(distribution.getAs("/system/console/bundles", "admin", "admin").statusCode()).isEqualTo(401);
        String password = Files.readString(home.resolve("var/webconsole-password")).strip();
        assertThat(distribution.getAs("/system/console/bundles", "admin", password).statusCode()).isEqualTo(200);
        assertThat(distribution.get("/api/v1/components").statusCode()).as("the API needs a login").isEqualTo(401);
        assertThat(distribution.getAs("/api/v1/components", "admin", "admin").statusCode()).isEqualTo(401);

        Path addOn = addOn(home, "io.upgradeclient.example.manifest");
        Path deployed = home.resolve("deploy").resolve(addOn.getFileName());
        Files.copy(addOn, deployed);
        Eventually.await(DEPLOY_DEADLINE, "the example plugin listed in /api/v1/components",
                () -> distribution.getAsAdmin("/api/v1/components").body().contains("\"type\":\"manifest\""));
        Eventually.await(DEPLOY_DEADLINE, "the arrival in the log",
                () -> distribution.log().contains("Plugin arrived: uploader type 'manifest' from bundle io.upgradeclient.example.manifest"));

        Files.delete(deployed);
        Eventually.await(DEPLOY_DEADLINE, "the example plugin gone from the plugins of /api/v1/components, listed as departed",
                () -> {
                    JsonObject components = JsonParser.parseString(distribution.getAsAdmin("/api/v1/components").body()).getAsJsonObject();
                    return !components.getAsJsonArray("plugins").toString().contains("manifest")
                            && components.getAsJsonArray("departed").toString().contains("\"type\":\"manifest\"");
                });
        Eventually.await(DEPLOY_DEADLINE, "the departure in the log",
                () -> distribution.log().contains("Plugin departed: uploader type 'manifest' from bundle io.upgradeclient.example.manifest"));

        Path cfg = home.resolve("config/io.upgradeclient.instance.cfg");
        Path temp = cfg.resolveSibling("instance.tmp");
        Files.writeString(temp, "name = e2e-renamed\n", StandardCharsets.ISO_8859_1);
        Files.move(temp, cfg, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Eventually.await(DEPLOY_DEADLINE, "the new instance name in /health",
                () -> distribution.get("/health").body().contains("\"instance\":\"e2e-renamed\""));

        assertThat(distribution.command("status")).isEqualTo(0);
        assertThat(distribution.command("stop")).as("exit code of 'upgradeclient stop'").isEqualTo(0);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
        assertThat(process.exitValue()).as("exit code of 'upgradeclient run'").isEqualTo(0);

        String console = distribution.console();
        assertThat(console).contains("upgradeclient stopped");
        assertThat(distribution.log() + console).as("log and console output").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(home.resolve("var/upgradeclient.pid")).doesNotExist();
        assertThat(distribution.command("status")).as("status once stopped").isEqualTo(3);
    }

    /** @return the add-on's jar in {@code addons/}, as {@code addons/<name>-*.jar} names it */
    private static Path addOn(Path home, String name) throws IOException {
        List<String> jars = jarsIn(home.resolve("addons")).stream().filter(jar -> jar.startsWith(name + "-")).toList();
        assertThat(jars).as("addons/" + name + "-*.jar").hasSize(1);
        return home.resolve("addons").resolve(jars.get(0));
    }

    private static List<String> jarsIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".jar")).sorted().toList();
        }
    }

    /** @return the entries of a {@code .tar.gz}, as {@code tar} lists them */
    private static List<String> archiveEntries(Path archive) throws IOException, InterruptedException {
        Process tar = new ProcessBuilder("tar", "-tzf", archive.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> entries;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(tar.getInputStream(), StandardCharsets.UTF_8))) {
            entries = out.lines().toList();
        }
        assertThat(tar.waitFor()).as("exit code of tar -tzf " + archive).isZero();
        return entries;
    }
}
