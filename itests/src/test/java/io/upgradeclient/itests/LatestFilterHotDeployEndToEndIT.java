package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A filter hot-deployed end to end, on the assembled distribution run through {@code bin/upgradeclient}: a file
 * check names the filters {@code glob} and {@code latest} while the {@code latest} example bundle is not deployed.
 * It waits, publishes nothing and warns once; the real jar from {@code bundles/examples/…/target/} copied into
 * {@code deploy/} publishes only the newest firmware of each product line, then a newer one dropped later but not an
 * older one; the jar removed, the check waits again; the jar replaced by a new build (compiled here from the
 * bundle's own source with one constant changed: it keeps the 2 newest instead of 1) is a bundle update, and the new
 * code decides at once.
 */
public class LatestFilterHotDeployEndToEndIT {
    private static final Path LATEST_PLUGIN = Path.of(System.getProperty("upgradeclient.example.latest",
            "../bundles/examples/io.upgradeclient.example.latest/target/io.upgradeclient.example.latest-0.1.0-SNAPSHOT.jar"));
    private static final Path LATEST_SOURCES = Path.of(System.getProperty("upgradeclient.example.latest.sources",
            "../bundles/examples/io.upgradeclient.example.latest/src/main/java"));
    private static final String RULE_CLASS = "io/upgradeclient/example/latest/internal/LatestRule";
    private static final String SYMBOLIC_NAME = "io.upgradeclient.example.latest";
    private static final String NEW_BUILD_VERSION = "0.1.1.keep2";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String WAITING = "waiting for filter:latest";
    private static final String WARNING = "waiting for the plugin filter:latest";
    /** How {@code /api/v1/components} lists the missing filter and the check that names it. */
    private static final String MISSING_LATEST = "FILTER latest used by [\"inbox\"]";

    private static final String XM = "xm/IPC_XM530_80X20.Nat.dss.OnvifS_";
    private static final String HIK = "hik/IPC_G5_EN_STD_";

    private InstalledDistribution distribution;
    private Path inbox;
    private Path deployed;

    @Before
    public void install() throws Exception {
        Path work = InstalledDistribution.workFolder(getClass());
        distribution = new InstalledDistribution(work);
        inbox = Files.createDirectories(work.resolve("inbox"));
        deployed = distribution.home().resolve("deploy").resolve(LATEST_PLUGIN.getFileName());
        Files.writeString(distribution.home().resolve("config/check/inbox.json"), """
                {"name": "inbox", "check_type": "file", "base_url": "%s", "summarize_interval": "1",
                 "revision_seconds": "86400", "check_filter": ["glob", "latest"], "include": "*.bin,*.zip",
                 "stable_seconds": "0", "upload": [{"relation_name": "published", "relation_type": "dir"}],
                 "target_cache": "inbox"}""".formatted(inbox.toUri()), StandardCharsets.UTF_8);
    }

    @After
    public void stopLeftovers() {
        distribution.close();
    }

    @Test
    public void theLatestFilterDroppedIntoDeployDecidesWhatIsPublishedAndIsUpdatedInPlace() throws Exception {
        // Three versions of two product lines; the newest version has the oldest file time, so only names can rank them.
        drop(XM + "V5.00.R03.20261105_all.bin", 30);
        drop(XM + "V5.00.R02.20261110_all.bin", 20);
        drop(XM + "V5.00.R02.20261101_all.bin", 10);
        drop(HIK + "v5.7.10_build_221001.zip", 30);
        drop(HIK + "v5.7.3_build_220112.zip", 20);
        drop(HIK + "v5.7.1_build_211201.zip", 10);
        Process process = distribution.start();

        awaitState(WAITING);
        awaitRuns(WAITING, 5);
        assertThat(distribution.jobStates()).as("jobs while latest is missing").isEmpty();
        assertThat(published()).as("published while latest is missing").isEmpty();
        assertThat(warnings()).as("WARN lines in var/log after five runs waiting").hasSize(1);
        assertThat(missing()).as("/api/v1/components while latest is missing").contains(MISSING_LATEST);
        assertThat(missingRowOnTheComponentsPage()).as("the components page while latest is missing")
                .contains("<td class=\"type\">latest</td>", "href=\"/checks/inbox\"");

        Files.copy(LATEST_PLUGIN, deployed);
        Eventually.await(DEADLINE, "the newest of each product line published",
                () -> published().equals(Set.of(XM + "V5.00.R03.20261105_all.bin", HIK + "v5.7.10_build_221001.zip")));
        Eventually.await(DEADLINE, "both jobs done", () -> distribution.jobStates().equals(Map.of("DONE", 2)));
        awaitState("idle");
        assertThat(missing()).as("/api/v1/components once latest is deployed").doesNotContain(MISSING_LATEST);
        assertThat(distribution.counts("SELECT log_level, COUNT(*) FROM upgradeclient WHERE log_message = "
                + "'the plugin filter:latest arrived; the check runs again'")).as("the arrival in the history").isEqualTo(Map.of("info", 1));

        drop(XM + "V5.00.R03.20261201_all.bin", 0);
        drop(HIK + "v5.7.5_build_220601.zip", 0);
        Eventually.await(DEADLINE, "the newer firmware published", () -> published().contains(XM + "V5.00.R03.20261201_all.bin"));
        Eventually.await(DEADLINE, "the older firmware rejected", () -> !rejections("IPC_G5_EN_STD_v5.7.5_build_220601.zip").isEmpty());
        assertThat(rejections("IPC_G5_EN_STD_v5.7.5_build_220601.zip"))
                .containsExactly("rejected: older than v5.7.10_build_221001 already published");
        assertThat(published()).doesNotContain(HIK + "v5.7.5_build_220601.zip");

        Files.delete(deployed);
        awaitState(WAITING);
        assertThat(missing()).as("/api/v1/components once latest is removed").contains(MISSING_LATEST);
        drop(HIK + "v5.8.0.zip", 0);
        awaitRuns(WAITING, 3);
        assertThat(published()).as("published while latest is removed").doesNotContain(HIK + "v5.8.0.zip");
        assertThat(distribution.jobStates()).as("no job queued while latest is removed").isEqualTo(Map.of("DONE", 3));
        // The second wait is the same warning within the hour: the log keeps it at one line (RepeatedWarnings counts
        // the rest), while the history's event of the day moves to the new wait.
        assertThat(warnings()).as("one WARN line in var/log for the check, however often and long it waited").hasSize(1);
        assertThat(distribution.counts("SELECT 'after the arrival', COUNT(*) FROM upgradeclient WHERE log_level = 'warning' "
                + "AND log_message LIKE '%" + WARNING + "%' AND created_time > (SELECT created_time FROM upgradeclient "
                + "WHERE log_message = 'the plugin filter:latest arrived; the check runs again')"))
                .as("the second wait in the history").isEqualTo(Map.of("after the arrival", 1));

        Files.copy(LATEST_PLUGIN, deployed);
        Eventually.await(DEADLINE, "the firmware found while waiting published", () -> published().contains(HIK + "v5.8.0.zip"));
        JsonObject before = latestBundle();

        Path newBuild = newBuildKeepingTwo(distribution.home().getParent().resolve("new-build"));
        Files.move(newBuild, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Eventually.await(DEADLINE, "the bundle updated to the new build",
                () -> NEW_BUILD_VERSION.equals(latestBundle().get("version").getAsString())
                        && "Active".equals(latestBundle().get("state").getAsString()));
        JsonObject after = latestBundle();
        assertThat(after.get("id").getAsLong()).as("the same bundle, updated (not a second one)").isEqualTo(before.get("id").getAsLong());
        awaitState("idle");

        // Older than v5.8.0 but newer than v5.7.10: the first build (keep 1) would reject it, the new one keeps it.
        drop(HIK + "v5.7.20.zip", 0);
        Eventually.await(DEADLINE, "the second newest published by the new build", () -> published().contains(HIK + "v5.7.20.zip"));
        assertThat(published()).containsExactlyInAnyOrder(XM + "V5.00.R03.20261105_all.bin", XM + "V5.00.R03.20261201_all.bin",
                HIK + "v5.7.10_build_221001.zip", HIK + "v5.8.0.zip", HIK + "v5.7.20.zip");

        assertThat(distribution.command("stop")).as("exit code of 'upgradeclient stop'").isEqualTo(0);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
        assertThat(process.exitValue()).as("exit code of 'upgradeclient run'").isEqualTo(0);
        assertThat(distribution.log() + distribution.console()).as("log and console output").doesNotContain("Exception");
    }

    /** Writes a firmware file into the inbox, its modification time {@code minutesAgo} in the past. */
    private void drop(String path, int minutesAgo) throws IOException {
        Path file = inbox.resolve(path);
        Files.createDirectories(file.getParent());
        // written beside the inbox and moved in, so the check never sees a half-written file
        Path part = Files.writeString(inbox.resolveSibling("drop.part"), "firmware " + path, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(part, FileTime.from(Instant.now().minus(Duration.ofMinutes(minutesAgo))));
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** @return the published files, as paths below the inbox */
    private Set<String> published() throws IOException {
        Path root = distribution.home().resolve("var/published");
        Set<String> files = new TreeSet<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                all.filter(Files::isRegularFile).forEach(file -> files.add(root.relativize(file).toString().replace('\\', '/')));
            }
        }
        return files;
    }

    private JsonObject inboxStatus() throws IOException, InterruptedException {
        JsonObject checks = JsonParser.parseString(distribution.getAsAdmin("/api/v1/checks").body()).getAsJsonObject();
        for (JsonElement check : checks.getAsJsonArray("checks")) {
            if ("inbox".equals(check.getAsJsonObject().get("name").getAsString())) {
                return check.getAsJsonObject().getAsJsonObject("status");
            }
        }
        throw new AssertionError("no check 'inbox' in " + checks);
    }

    private void awaitState(String state) throws InterruptedException {
        Eventually.await(DEADLINE, "the check's state '" + state + "'", () -> state.equals(inboxStatus().get("state").getAsString()));
    }

    /**
     * Waits until the check has finished {@code runs} more runs, each ending in {@code state}. The state is named by
     * the caller rather than read at the start, because a run may be under way at that moment and read "running".
     */
    private void awaitRuns(String state, int runs) throws Exception {
        List<String> seen = new ArrayList<>();
        Eventually.await(DEADLINE, runs + " more runs of the check", () -> {
            JsonObject status = inboxStatus();
            String lastRun = status.get("last_run").getAsString();
            assertThat(status.get("state").getAsString()).isIn(state, "running");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(lastRun)) {
                seen.add(lastRun);
            }
            return seen.size() > runs;
        });
    }

    /** @return the lines of var/log warning that the check waits for the filter */
    private List<String> warnings() throws IOException {
        List<String> lines = distribution.log().lines().filter(line -> line.contains(WARNING)).toList();
        assertThat(lines).allSatisfy(line -> assertThat(line).contains("WARN"));
        return lines;
    }

    /** @return each type {@code /api/v1/components} lists as missing: kind, type and the checks naming it */
    private List<String> missing() throws IOException, InterruptedException {
        JsonObject components = JsonParser.parseString(distribution.getAsAdmin("/api/v1/components").body()).getAsJsonObject();
        List<String> missing = new ArrayList<>();
        for (JsonElement entry : components.getAsJsonArray("missing")) {
            JsonObject type = entry.getAsJsonObject();
            missing.add(type.get("kind").getAsString() + " " + type.get("type").getAsString() + " used by " + type.get("used_by"));
        }
        return missing;
    }

    /** @return the row of the missing filter {@code latest} on the components page */
    private String missingRowOnTheComponentsPage() throws IOException, InterruptedException {
        String page = distribution.getAsAdmin("/components").body();
        int row = page.indexOf("<tr class=\"missing-row\" data-kind=\"filter\" data-type=\"latest\">");
        assertThat(row).as("the missing-row of filter latest on /components").isNotNegative();
        return page.substring(row, page.indexOf("</tr>", row));
    }

    /** @return the history's rejection messages for a file name */
    private List<String> rejections(String fileName) throws SQLException {
        return List.copyOf(distribution.counts("SELECT log_message, COUNT(*) FROM upgradeclient WHERE log_name = 'filter' "
                + "AND log_class = 'filter:latest' AND file_name = '" + fileName + "'").keySet());
    }

    /** @return the Web Console's view of the one bundle with the example's symbolic name */
    private JsonObject latestBundle() throws IOException, InterruptedException {
        JsonObject all = JsonParser.parseString(distribution.getAsAdmin("/system/console/bundles.json").body()).getAsJsonObject();
        List<JsonObject> matching = new ArrayList<>();
        for (JsonElement bundle : all.getAsJsonArray("data")) {
            if (SYMBOLIC_NAME.equals(bundle.getAsJsonObject().get("symbolicName").getAsString())) {
                matching.add(bundle.getAsJsonObject());
            }
        }
        assertThat(matching).as("bundles named " + SYMBOLIC_NAME).hasSize(1);
        return matching.get(0);
    }

    /**
     * A new build of the example: its {@code LatestRule} compiled from the bundle's source with the default of
     * {@code latest_keep} changed from 1 to 2, put into a copy of the jar whose {@code Bundle-Version} is raised.
     *
     * @return the new jar, in {@code folder}
     */
    private static Path newBuildKeepingTwo(Path folder) throws IOException {
        Path source = LATEST_SOURCES.resolve(RULE_CLASS + ".java");
        String original = Files.readString(source, StandardCharsets.UTF_8);
        String changed = original.replace("DEFAULT_KEEP = 1;", "DEFAULT_KEEP = 2;");
        assertThat(changed).as("the default the new build changes, in " + source).isNotEqualTo(original);
        Path changedSource = folder.resolve("src").resolve(RULE_CLASS + ".java");
        Files.createDirectories(changedSource.getParent());
        Files.writeString(changedSource, changed, StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(folder.resolve("classes"));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        String classpath = apiJar() + java.io.File.pathSeparator + LATEST_PLUGIN.toAbsolutePath();
        int exit = javac.run(null, errors, errors, "--release", "17", "-proc:none", "-classpath", classpath,
                "-d", classes.toString(), changedSource.toString());
        assertThat(exit).as("javac: " + errors.toString(StandardCharsets.UTF_8)).isZero();

        Path jar = folder.resolve(LATEST_PLUGIN.getFileName());
        try (JarInputStream in = new JarInputStream(Files.newInputStream(LATEST_PLUGIN))) {
            Manifest manifest = in.getManifest();
            manifest.getMainAttributes().putValue("Bundle-Version", NEW_BUILD_VERSION);
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    if (entry.getName().equals(RULE_CLASS + ".class")) {
                        Files.copy(classes.resolve(RULE_CLASS + ".class"), out);
                    } else {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    private static Path apiJar() throws IOException {
        try (Stream<Path> bundles = Files.list(TestSupport.DISTRIBUTION.resolve("bundle"))) {
            return bundles.filter(jar -> jar.getFileName().toString().startsWith("io.upgradeclient.api-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no io.upgradeclient.api jar in the distribution")).toAbsolutePath();
        }
    }
}
