package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code kill -9} in the middle of the pipeline loses nothing and duplicates nothing: the assembled distribution
 * watches an inbox folder and publishes into another; it is killed while publishing, restarted, and in the end
 * every file was queued exactly once, every job is done, and the published folder holds exactly the inbox's files.
 */
public class CrashRecoveryEndToEndIT {
    private static final int FILES = 120;
    private static final int FILE_SIZE = 256 * 1024;
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private InstalledDistribution distribution;
    private Path inbox;
    private Path published;

    @Before
    public void install() throws Exception {
        Path work = InstalledDistribution.workFolder(getClass());
        distribution = new InstalledDistribution(work);
        inbox = Files.createDirectories(work.resolve("inbox"));
        published = work.resolve("published");
        Random random = new Random(42);
        byte[] content = new byte[FILE_SIZE];
        for (int i = 0; i < FILES; i++) {
            random.nextBytes(content);
            Files.write(inbox.resolve(String.format("fw-%03d.20161025.bin", i)), content);
        }
        Path config = distribution.home().resolve("config");
        Files.createDirectories(config.resolve("check"));
        Files.createDirectories(config.resolve("upload"));
        Files.writeString(config.resolve("upload/upload.json"),
                "{\"published\": {\"dir\": {\"path\": \"" + published + "\"}}}", StandardCharsets.UTF_8);
        Files.writeString(config.resolve("check/inbox.json"), """
                {"name": "inbox", "check_type": "file", "base_url": "%s", "summarize_interval": "1",
                 "revision_seconds": "86400", "check_filter": ["glob"], "include": "*.bin", "stable_seconds": "0",
                 "upload": [{"relation_name": "published", "relation_type": "dir"}]}""".formatted(inbox.toUri()), StandardCharsets.UTF_8);
    }

    @After
    public void killLeftovers() {
        distribution.close();
    }

    @Test
    public void killedMidPipelineResumesAndPublishesEveryFileExactlyOnce() throws Exception {
        Process first = distribution.start();
        Eventually.await(DEADLINE, "publishing under way", () -> publishedCount() >= 5);
        int publishedAtKill = publishedCount();
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(publishedAtKill).as("killed before the end").isLessThan(FILES);

        Process second = distribution.start();
        Eventually.await(DEADLINE, "every job done", () -> jobStates().getOrDefault("DONE", 0) == FILES);
        assertThat(distribution.command("stop")).isEqualTo(0);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(jobStates()).containsExactly(Map.entry("DONE", FILES));
        assertThat(distinctJobKeys()).isEqualTo(FILES);
        try (Stream<Path> files = Files.list(published)) {
            assertThat(files.map(file -> file.getFileName().toString()).filter(name -> !name.endsWith(".bin")))
                    .as("no temporary files left behind").isEmpty();
        }
        for (int i = 0; i < FILES; i++) {
            String name = String.format("fw-%03d.20161025.bin", i);
            assertThat(Files.mismatch(inbox.resolve(name), published.resolve(name))).as(name).isEqualTo(-1L);
        }
    }

    private int publishedCount() throws IOException {
        if (!Files.isDirectory(published)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(published)) {
            return (int) files.filter(file -> file.toString().endsWith(".bin")).count();
        }
    }

    private Map<String, Integer> jobStates() throws SQLException {
        return distribution.jobStates();
    }

    private int distinctJobKeys() throws SQLException {
        return distribution.counts("SELECT 'keys', COUNT(DISTINCT job_key) FROM jobs").getOrDefault("keys", 0);
    }


}
