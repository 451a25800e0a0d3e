package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.upgradeclient.upload.rsync.internal.RsyncDaemon;

/**
 * The original's real job on the assembled distribution, configured as the original was: a check file in its
 * format (no {@code check_type}, no {@code packager}) over a Subversion repository served by {@code svnserve} with
 * a password, and an rsync daemon as the upgrade server. A release note and a firmware committed to the repository
 * become, byte for byte, the upgrade server's tree in staging and in the rsync module; checking the same commit
 * again produces nothing new.
 */
public class SvnToUpgradeServerEndToEndIT {
    private static final String DEV_ID = "ABCDE0GHIJKLMNOPQRSTUVWX";
    private static final String MASKED = "ABCDE0GHXXXXXXXXXXXTUVWX";
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final String SVN_USER = "builder";
    private static final String SVN_PASSWORD = "svn-S3cret-e2e";
    private static final String RSYNC_PASSWORD = "rsync-S3cret-e2e";

    private InstalledDistribution distribution;
    private SvnServe svnserve;
    private RsyncDaemon rsync;
    private Path work;
    private String today;
    private String firmwareName;
    private byte[] firmware;

    @Before
    public void commitReleaseAndConfigure() throws Exception {
        work = InstalledDistribution.workFolder(getClass());
        distribution = new InstalledDistribution(work);
        LocalDate date = LocalDate.now();
        today = date.toString();
        firmwareName = "General_IPC_X_S38_Nat." + date.format(DateTimeFormatter.BASIC_ISO_DATE) + ".bin";
        firmware = firmwareZip();

        Path tree = Files.createDirectories(work.resolve("import/General/IPC_X_S38/" + today));
        Files.write(tree.resolve(firmwareName), firmware);
        Files.writeString(tree.getParent().resolve("ReleaseNote"), String.join("\n",
                "Release notes of IPC_X_S38",
                date.getYear() + "-" + date.getMonthValue() + "-" + date.getDayOfMonth() + " IPC_X_S38",
                "General_IPC_X_S38_Nat.bin",
                date.getYear() + "-" + date.getMonthValue() + "-" + date.getDayOfMonth(),
                "Level=0",
                "XmCloudUpgrade=1",
                "ChangeLog_SimpChinese=",
                "    1. 修复录像丢失",
                "    2. 优化夜视",
                "ChangeLog_English=",
                "    1. Fixed lost recordings",
                "    2. Better night vision",
                ""), StandardCharsets.UTF_8);
        Path repository = work.resolve("repo");
        run("svnadmin", "create", repository.toString());
        run("svn", "import", "--non-interactive", "-m", "IPC_X_S38 release", work.resolve("import").toString(),
                repository.toUri() + "firmware");

        svnserve = SvnServe.start(repository, SVN_USER, SVN_PASSWORD, work.resolve("svnserve.log"));
        rsync = RsyncDaemon.start(Files.createDirectories(work.resolve("rsyncd")), RSYNC_PASSWORD);

        // the original's files, field for field: no check_type and no packager
        Path config = distribution.home().resolve("config");
        Files.createDirectories(config.resolve("check"));
        Files.writeString(config.resolve("check/xm_dvr.json"), """
                {"_comments": "", "name": "xm_dvr", "auth_user": "%s", "auth_pass": "%s", "base_url": "%sfirmware/",
                 "proxy_host": "", "target_host": "", "revision_seconds": "2592000", "summarize_interval": "1",
                 "check_filter": "default", "alert": {"medias": [], "crontab": ""},
                 "upload": [{"relation_name": "default", "relation_type": "rsync"}],
                 "target_cache": "xm_upgradefiles"}""".formatted(SVN_USER, SVN_PASSWORD, svnserve.url()), StandardCharsets.UTF_8);
        Files.writeString(config.resolve("upload/upload.json"), """
                {"default": {"rsync": {"_comments": "", "binpath": "", "username": "%s", "password": "%s",
                  "serverip": "127.0.0.1", "serverport": "%d", "localpath": "xm_upgradefiles", "remotepath": "%s"}}}"""
                .formatted(RsyncDaemon.USER, RSYNC_PASSWORD, rsync.port, RsyncDaemon.MODULE), StandardCharsets.UTF_8);
    }

    @After
    public void stop() throws Exception {
        distribution.close();
        if (svnserve != null) {
            svnserve.close();
        }
        if (rsync != null) {
            rsync.close();
        }
    }

    @Test
    public void committedReleaseBecomesTheUpgradeServerTreeExactlyOnce() throws Exception {
        Process process = distribution.start();
        Path staging = distribution.home().resolve("var/staging/xm_upgradefiles");
        Path dateFolder = staging.resolve(MASKED).resolve(today);
        Eventually.await(DEADLINE, "the firmware staged", () -> Files.exists(dateFolder.resolve("Level_0.dat")));

        Map<String, byte[]> expected = new TreeMap<>(Map.of(
                MASKED + "/" + today + "/" + firmwareName, firmware,
                MASKED + "/" + today + "/ChangeLog_SimpChinese.dat", "1. 修复录像丢失\n2. 优化夜视".getBytes(StandardCharsets.UTF_8),
                MASKED + "/" + today + "/ChangeLog_English.dat", "1. Fixed lost recordings\n2. Better night vision".getBytes(StandardCharsets.UTF_8),
                MASKED + "/" + today + "/Level_0.dat", "0".getBytes(StandardCharsets.US_ASCII)));
        Map<String, byte[]> staged = tree(staging);
        assertThat(staged.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((path, bytes) -> assertThat(staged.get(path)).as(path).isEqualTo(bytes));
        Eventually.await(DEADLINE, "the tree in the rsync module", () -> tree(rsync.module).keySet().equals(expected.keySet()));
        Map<String, byte[]> published = tree(rsync.module);
        expected.forEach((path, bytes) -> assertThat(published.get(path)).as("upgrade server: " + path).isEqualTo(bytes));
        assertThat(checkView().get("packager").getAsString()).as("what the check does is shown").isEqualTo("xm");

        FileTime stagedAt = Files.getLastModifiedTime(dateFolder.resolve(firmwareName));
        for (int run = 1; run <= 2; run++) {
            String before = lastRun();
            Eventually.await(DEADLINE, "another run of the check", () -> !lastRun().equals(before));
        }
        assertThat(jobCount()).as("the release note and the firmware, once each").isEqualTo(2);
        assertThat(Files.getLastModifiedTime(dateFolder.resolve(firmwareName))).isEqualTo(stagedAt);
        assertThat(tree(staging).keySet()).containsExactlyElementsOf(expected.keySet());

        assertThat(distribution.command("stop")).isEqualTo(0);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private String lastRun() throws Exception {
        JsonObject checks = JsonParser.parseString(distribution.getAsAdmin("/api/v1/checks").body()).getAsJsonObject();
        for (JsonElement check : checks.getAsJsonArray("checks")) {
            JsonObject status = check.getAsJsonObject().getAsJsonObject("status");
            if (status != null && status.has("last_run") && !status.get("last_run").isJsonNull()) {
                return status.get("last_run").getAsString();
            }
        }
        return "";
    }

    private JsonObject checkView() throws Exception {
        JsonObject checks = JsonParser.parseString(distribution.getAsAdmin("/api/v1/checks").body()).getAsJsonObject();
        for (JsonElement check : checks.getAsJsonArray("checks")) {
            if ("xm_dvr".equals(check.getAsJsonObject().get("name").getAsString())) {
                return check.getAsJsonObject();
            }
        }
        throw new AssertionError("no check xm_dvr in " + checks);
    }

    private int jobCount() throws Exception {
        JsonObject jobs = JsonParser.parseString(distribution.getAsAdmin("/api/v1/jobs?check=xm_dvr").body()).getAsJsonObject();
        return jobs.getAsJsonArray("jobs").size();
    }

    /** A firmware image as the vendor ships it: a zip with InstallDesc, padded after its end record, with white-space bytes at both ends. */
    private static byte[] firmwareZip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("InstallDesc"));
            zip.write(("{\"UpgradeCommand\": [], \"DevID\": \"" + DEV_ID + "\"}").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("romfs-x.cramfs.img"));
            zip.write(new byte[4096]);
            zip.closeEntry();
        }
        bytes.write(" \n\t ".getBytes(StandardCharsets.US_ASCII));
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            // rsync's partial folder and the daemon's own files are not part of the tree
            for (Path file : walk.filter(Files::isRegularFile).filter(file -> !root.relativize(file).toString().startsWith(".")).toList()) {
                files.put(root.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    private void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("svn-" + command[0] + ".out").toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }
}
