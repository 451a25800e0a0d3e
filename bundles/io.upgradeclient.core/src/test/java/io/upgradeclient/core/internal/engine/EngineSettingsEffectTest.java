package io.upgradeclient.core.internal.engine;

import static io.upgradeclient.core.internal.engine.EngineFixture.change;
import static io.upgradeclient.core.internal.engine.EngineFixture.check;
import static io.upgradeclient.core.internal.engine.EngineFixture.configured;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checker;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.api.Uploader;
import io.upgradeclient.core.internal.packaging.CopyPackager;
import io.upgradeclient.store.internal.SqlCluster;
import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.Eventually;

/**
 * Each {@code engine.*} and {@code paths.*} key of {@code upgradeclient.yaml} that the engine reads, set to a value
 * other than its default, changes what a running {@link Engine} does. (The store reads {@code paths.data} and
 * {@code history.*}; {@code StoreConfigKeysTest} covers those.)
 */
class EngineSettingsEffectTest {
    private static final Map<String, Object> SETTINGS = Map.of(
            "engine.check_threads", 2,
            "engine.job_threads", 3,
            "engine.max_attempts", 2,
            "engine.backoff_initial_seconds", 10,
            "engine.backoff_max_seconds", 12,
            "paths.cache", "my-cache",
            "paths.staging", "my-staging");
    /** How long a crowd waits for a member the thread limit keeps out before it gives up waiting. */
    private static final Duration CROWD_PATIENCE = Duration.ofSeconds(2);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private EngineFixture fixture;
    private Path home;
    private Engine engine;
    private final List<Path> cacheFolders = new CopyOnWriteArrayList<>();
    private final List<Path> publishedRoots = new CopyOnWriteArrayList<>();
    private final Map<String, Instant> failedAt = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new EngineFixture(folder);
        home = folder.resolve("home");
        fixture.plugins.deploy(PluginKind.PACKAGER, "copy", new CopyPackager());
        fixture.plugins.deploy(PluginKind.UPLOADER, "test", (Uploader) (artifact, target) -> {
            publishedRoots.add(artifact.root());
            return new UploadReceipt(1, "sent");
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (engine != null) {
            engine.stop();
        }
        fixture.close();
    }

    @Test
    void everyKeyTheEngineReadsIsSetHereToAValueOtherThanItsDefault() {
        Set<String> readByTheStore = Set.of("paths.data", "history.retention_days", "history.max_rows");
        assertThat(SETTINGS.keySet()).containsExactlyInAnyOrderElementsOf(DsConfig.keys(EngineSettings.class).stream()
                .filter(key -> !readByTheStore.contains(key)).toList());
        assertThat(DsConfig.keysAtDefault(EngineSettings.class, SETTINGS)).isEmpty();
    }

    @Test
    void checkAndJobThreadsBoundWhatRunsAtOnceAndFilesGoThroughTheConfiguredFolders() throws Exception {
        Crowd checks = new Crowd(3);
        Crowd downloads = new Crowd(4);
        Map<String, List<RemoteChange>> reported = Map.of(
                "c1", List.of(change("a1.bin", "1"), change("a2.bin", "1")),
                "c2", List.of(change("b.bin", "1")),
                "c3", List.of(change("c.bin", "1")));
        fixture.plugins.deploy(PluginKind.CHECKER, "file", (Checker) (check, since) -> {
            checks.enter();
            return new CheckResult(reported.get(check.name()), new Checkpoint("1", Instant.now()));
        });
        Downloader content = EngineFixture.contentOfUrl();
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", (Downloader) (check, change, cacheDir) -> {
            cacheFolders.add(cacheDir);
            downloads.enter();
            return content.download(check, change, cacheDir);
        });

        start("c1", "c2", "c3");
        Eventually.await(DEADLINE, "the four jobs done", () -> fixture.jobs.list(Set.of(JobState.DONE), "", 0, 10).size() == 4);

        assertThat(checks.most()).as("checks running at once with engine.check_threads = 2").isEqualTo(2);
        assertThat(downloads.most()).as("jobs running at once with engine.job_threads = 3").isEqualTo(3);
        assertThat(cacheFolders).hasSize(4).allSatisfy(cache -> assertThat(cache).startsWith(home.resolve("my-cache")));
        assertThat(publishedRoots).hasSize(4).allSatisfy(root -> assertThat(root).startsWith(home.resolve("my-staging")));
    }

    @Test
    void attemptsAndRetryDelaysFollowTheConfiguredBackoff() throws Exception {
        fixture.plugins.deploy(PluginKind.CHECKER, "file", (Checker) (check, since) -> new CheckResult(
                List.of(change("flaky.bin", "1"), change("slow.bin", "1"), change("brief.bin", "1")), new Checkpoint("1", Instant.now())));
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", (Downloader) (check, change, cacheDir) -> {
            failedAt.putIfAbsent(change.fileName(), Instant.now());
            Optional<Duration> asked = switch (change.fileName()) {
                case "slow.bin" -> Optional.of(Duration.ofHours(1));
                case "brief.bin" -> Optional.of(Duration.ofSeconds(1));
                default -> Optional.empty();
            };
            throw asked.map(delay -> new TransientException("HTTP 503", null, delay))
                    .orElseGet(() -> new TransientException("connection reset", null));
        });

        start("r");
        Eventually.await(DEADLINE, "brief.bin given up after its second attempt", () -> job("brief.bin").filter(job -> job.state() == JobState.FAILED).isPresent());

        assertThat(job("brief.bin").orElseThrow().attempts()).as("engine.max_attempts = 2").isEqualTo(2);
        assertThat(job("brief.bin").orElseThrow().lastError()).startsWith("gave up after 2 attempts");
        Job flaky = job("flaky.bin").orElseThrow();
        assertThat(flaky.state()).isEqualTo(JobState.RETRYING);
        assertThat(Duration.between(failedAt.get("flaky.bin"), flaky.nextAttempt()))
                .as("the first retry waits between half and all of engine.backoff_initial_seconds = 10")
                .isBetween(Duration.ofSeconds(4), Duration.ofSeconds(11));
        Job slow = job("slow.bin").orElseThrow();
        assertThat(slow.state()).isEqualTo(JobState.RETRYING);
        assertThat(Duration.between(failedAt.get("slow.bin"), slow.nextAttempt()))
                .as("a Retry-After of an hour is capped by engine.backoff_max_seconds = 12")
                .isBetween(Duration.ofSeconds(11), Duration.ofSeconds(13));
    }

    private void start(String... checks) throws Exception {
        engine = new Engine(context(home), DsConfig.of(EngineSettings.class, SETTINGS), fixture.jobs, fixture.checkpoints,
                fixture.history, fixture.plugins, new SqlCluster(fixture.database));
        UploadTarget main = new UploadTarget(new TargetRef("main", "test"), Map.of());
        engine.addTarget(() -> main);
        for (String name : checks) {
            engine.addCheck(configured(check(name, List.of(), List.of("main"))));
        }
    }

    private Optional<Job> job(String fileName) {
        return fixture.jobs.list(Set.of(), "r", 0, 10).stream().filter(job -> job.change().fileName().equals(fileName)).findFirst();
    }

    /** A bundle context that knows the distribution folder and accepts the engine's service listener. */
    private static BundleContext context(Path home) {
        return (BundleContext) Proxy.newProxyInstance(EngineSettingsEffectTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "upgradeclient.home".equals(args[0]) ? home.toString() : null;
                    case "addServiceListener", "removeServiceListener" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /**
     * Work that waits inside until everyone expected has come in, or until {@link #CROWD_PATIENCE} has passed
     * without a newcomer: a thread limit below the expected size shows as the most inside at once.
     */
    private static final class Crowd {
        private final int expected;
        private int entered;
        private int inside;
        private int most;

        Crowd(int expected) {
            this.expected = expected;
        }

        void enter() {
            synchronized (this) {
                entered++;
                inside++;
                most = Math.max(most, inside);
                notifyAll();
                long until = System.nanoTime() + CROWD_PATIENCE.toNanos();
                try {
                    for (long left = CROWD_PATIENCE.toNanos(); entered < expected && left > 0; left = until - System.nanoTime()) {
                        wait(Math.max(1, left / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    inside--;
                }
            }
        }

        synchronized int most() {
            return most;
        }
    }
}
