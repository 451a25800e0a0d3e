package io.upgradeclient.core.internal.engine;

import static io.upgradeclient.core.internal.engine.EngineFixture.change;
import static io.upgradeclient.core.internal.engine.EngineFixture.check;
import static io.upgradeclient.core.internal.engine.EngineFixture.configured;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.Packager;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.api.Uploader;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.JobActivity;
import io.upgradeclient.core.internal.packaging.CopyPackager;

class JobRunnerTest {
    private static final int MAX_ATTEMPTS = 4;

    @TempDir
    Path folder;

    private EngineFixture fixture;
    private JobRunner runner;
    private ProgressBoard board;
    private final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();
    private final Map<String, Uploader> behaviour = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** How many of the next job writes fail as when the database cannot be reached. */
    private final AtomicInteger failingWrites = new AtomicInteger();
    private JobRecorder recorder;
    private final CheckDefinition ipc = check("ipc", List.of(), List.of("primary", "mirror"));

    @BeforeEach
    void setUp() throws Exception {
        fixture = new EngineFixture(folder);
        Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), () -> 0.999999);
        board = new ProgressBoard(fixture.clock);
        JobQueue recorded = (JobQueue) Proxy.newProxyInstance(JobQueue.class.getClassLoader(), new Class<?>[] {JobQueue.class},
                (proxy, method, arguments) -> {
                    if (method.getName().equals("update") && failingWrites.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                        throw new UncheckedIOException(new java.net.ConnectException("Connection refused"));
                    }
                    try {
                        return method.invoke(fixture.jobs, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        recorder = new JobRecorder(recorded, new StoreOutage(fixture.clock), stopping::get, Duration.ofMillis(10));
        runner = new JobRunner(fixture.plugins, fixture.events, fixture.clock, backoff, MAX_ATTEMPTS, fixture.cache, fixture.staging,
                board, stopping::get, recorder);
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", EngineFixture.contentOfUrl());
        fixture.plugins.deploy(PluginKind.PACKAGER, "copy", new CopyPackager());
        fixture.plugins.deploy(PluginKind.UPLOADER, "test", (Uploader) (artifact, target) -> {
            uploads.computeIfAbsent(target.ref().name(), name -> new AtomicInteger()).incrementAndGet();
            Uploader special = behaviour.get(target.ref().name());
            return special == null ? new UploadReceipt(7, "sent " + artifact.files()) : special.upload(artifact, target);
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void showsTheRunningStepTheUploadersBytesAndEachTargetsStateWhileItRuns() {
        List<JobActivity> seen = new ArrayList<>();
        behaviour.put("mirror", new Uploader() {
            @Override
            public UploadReceipt upload(Artifact artifact, UploadTarget target) {
                throw new AssertionError("the engine calls the form with progress");
            }

            @Override
            public UploadReceipt upload(Artifact artifact, UploadTarget target, TransferProgress progress) {
                progress.transferred(0, 400);
                fixture.clock.advance(Duration.ofSeconds(2));
                progress.transferred(100, 400);
                seen.addAll(board.running());
                return new UploadReceipt(400, "sent");
            }
        });
        fixture.plugins.deploy(PluginKind.UPLOADER, "test", new Uploader() {
            @Override
            public UploadReceipt upload(Artifact artifact, UploadTarget target) throws TransientException, PermanentException {
                return upload(artifact, target, TransferProgress.NONE);
            }

            @Override
            public UploadReceipt upload(Artifact artifact, UploadTarget target, TransferProgress progress) throws TransientException, PermanentException {
                Uploader special = behaviour.get(target.ref().name());
                return special == null ? new UploadReceipt(7, "sent") : special.upload(artifact, target, progress);
            }
        });

        Job done = runOnce(queue("a.20161025.bin"));

        assertThat(seen).hasSize(1);
        JobActivity activity = seen.get(0);
        assertThat(activity.jobId()).isEqualTo(done.id());
        assertThat(activity.step()).isEqualTo("upload");
        assertThat(activity.target()).isEqualTo("mirror");
        assertThat(activity.bytesDone()).isEqualTo(100);
        assertThat(activity.bytesTotal()).isEqualTo(400);
        assertThat(activity.bytesPerSecond()).isEqualTo(50.0);
        assertThat(activity.remaining()).isEqualTo(Duration.ofSeconds(6));
        assertThat(activity.targets()).containsExactly(Map.entry("primary", JobState.DONE), Map.entry("mirror", JobState.RUNNING));
        assertThat(board.running()).as("a finished job has no live progress").isEmpty();
    }

    @Test
    void publishesToEveryTargetAndFinishesDone() {
        Job done = runOnce(queue("IPC/2016-10-25/a.20161025.bin"));

        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.targets().values()).allSatisfy(target -> {
            assertThat(target.state()).isEqualTo(JobState.DONE);
            assertThat(target.bytes()).isEqualTo(7);
        });
        assertThat(done.sha256()).hasSize(64);
        assertThat(fixture.staging.resolve("IPC/2016-10-25/a.20161025.bin")).hasContent("content of " + EngineFixture.BASE.resolve("IPC/2016-10-25/a.20161025.bin"));
        assertThat(uploads).containsOnlyKeys("primary", "mirror");
    }

    @Test
    void nothingToPublishFinishesTheJobWithThePackagersReason() throws Exception {
        fixture.plugins.deploy(PluginKind.PACKAGER, "copy", (Packager) (check, file, source, staging) ->
                Artifact.nothing(check.name(), staging, List.of(file), "firmware not published: XmCloudUpgrade=0"));

        Job job = runOnce(queue("a.20161025.bin"));

        assertThat(job.state()).isEqualTo(JobState.DONE);
        assertThat(uploads).isEmpty();
        assertThat(fixture.events("XmCloudUpgrade=0")).extracting(Event::name).contains("package", "done");
        assertThat(job.targets().values()).as("no target is left pending by a job with nothing to publish")
                .allSatisfy(target -> assertThat(target.state()).isEqualTo(JobState.DONE));
    }

    @Test
    void aFailingTargetRetriesLaterWithoutRedoingTheOthers() {
        AtomicInteger mirrorCalls = new AtomicInteger();
        behaviour.put("mirror", (artifact, target) -> {
            if (mirrorCalls.incrementAndGet() == 1) {
                throw new TransientException("mirror busy", null);
            }
            return new UploadReceipt(3, "ok");
        });

        Job first = runOnce(queue("a.20161025.bin"));

        assertThat(first.state()).isEqualTo(JobState.RETRYING);
        assertThat(first.targets().get("primary").state()).isEqualTo(JobState.DONE);
        assertThat(first.targets().get("mirror").state()).isEqualTo(JobState.RETRYING);
        assertThat(first.nextAttempt()).isEqualTo(EngineFixture.T0.plusSeconds(30));
        assertThat(fixture.jobs.claim(fixture.clock.instant(), Set.of())).as("not due before its retry time").isEmpty();

        fixture.clock.advance(Duration.ofSeconds(31));
        Job second = runOnce(claimed());

        assertThat(second.state()).isEqualTo(JobState.DONE);
        assertThat(uploads.get("primary")).hasValue(1);
        assertThat(uploads.get("mirror")).hasValue(2);
        assertThat(first.lastError()).isEqualTo("mirror: mirror busy");
        assertThat(second.lastError()).as("a done job shows no leftover failure").isEmpty();
        assertThat(second.attempts()).as("one try of the job's own step; the retry counts on the target").isEqualTo(1);
        assertThat(second.targets().get("mirror").attempts()).isEqualTo(2);
        assertThat(second.targets().get("primary").attempts()).isEqualTo(1);
    }

    @Test
    void eachTargetThatIsDoneIsRecordedBeforeTheNextTargetStarts() {
        List<JobState> primaryWhenMirrorStarts = new ArrayList<>();
        Job claimed = queue("a.20161025.bin");
        behaviour.put("mirror", (artifact, target) -> {
            primaryWhenMirrorStarts.add(fixture.jobs.find(claimed.id()).orElseThrow().targets().get("primary").state());
            return new UploadReceipt(3, "ok");
        });

        Job done = runOnce(claimed);

        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(primaryWhenMirrorStarts).as("a node resuming the job now would not publish primary again")
                .containsExactly(JobState.DONE);
    }

    @Test
    void aRunWhoseJobWasTakenOverStopsAndLeavesTheJobToTheOtherNode() {
        Job claimed = queue("a.20161025.bin");
        behaviour.put("primary", (artifact, target) -> {
            // this node was cut off past its lease: the job was requeued and is no longer its own
            fixture.jobs.requeueInterrupted(fixture.clock.instant().plus(Duration.ofHours(1)));
            return new UploadReceipt(3, "ok");
        });

        assertThatThrownBy(() -> runner.run(claimed, configured(ipc), JobRunnerTest::target)).isInstanceOf(LeaseLost.class);

        assertThat(uploads).as("nothing more published once the job was another node's").containsOnlyKeys("primary");
        Job stored = fixture.jobs.find(claimed.id()).orElseThrow();
        assertThat(stored.state()).isEqualTo(JobState.PENDING);
        assertThat(stored.targets().get("primary").state()).as("the fenced-off node's outcome is not written").isEqualTo(JobState.PENDING);
    }

    @Test
    void aRunThatCannotRecordATargetPublishesNothingMoreAndHandsTheJobBackWhenTheStoreReturns() {
        Job claimed = queue("a.20161025.bin");
        behaviour.put("primary", (artifact, target) -> {
            failingWrites.set(Integer.MAX_VALUE);
            return new UploadReceipt(3, "ok");
        });

        Job result = runner.run(claimed, configured(ipc), JobRunnerTest::target);

        assertThat(uploads).as("no more work this node could not record").containsOnlyKeys("primary");
        assertThat(result.state()).isEqualTo(JobState.PENDING);
        assertThat(result.targets().get("primary").state()).isEqualTo(JobState.DONE);
        assertThat(result.targets().get("mirror").state()).isEqualTo(JobState.PENDING);

        failingWrites.set(0);
        assertThat(recorder.outcome(result)).isTrue();
        Job resumed = claimed();
        Job done = runOnce(resumed);
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(uploads.get("primary")).as("the target done before the outage is not redone").hasValue(1);
        assertThat(uploads.get("mirror")).hasValue(1);
    }

    @Test
    void anOutcomeIsRecordedOnceTheStoreIsBack() {
        Job result = runner.run(queue("a.20161025.bin"), configured(ipc), JobRunnerTest::target);
        failingWrites.set(3);

        assertThat(recorder.outcome(result)).isTrue();

        assertThat(failingWrites).as("it kept trying through the outage").hasValue(0);
        assertThat(fixture.jobs.find(result.id()).orElseThrow().state()).isEqualTo(JobState.DONE);
    }

    @Test
    void aPermanentUploadFailureFailsThatTargetAtOnce() {
        behaviour.put("mirror", (artifact, target) -> {
            throw new PermanentException("@ERROR: auth failed on module fw");
        });

        Job job = runOnce(queue("a.20161025.bin"));

        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.lastError()).isEqualTo("mirror: @ERROR: auth failed on module fw");
        assertThat(job.targets().get("primary").state()).isEqualTo(JobState.DONE);
    }

    @Test
    void transientDownloadFailuresBackOffExponentiallyThenFailTheJob() {
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", (Downloader) (check, change, cache) -> {
            throw new TransientException("HTTP 503 from " + change.url(), null);
        });
        Job job = runOnce(queue("a.20161025.bin"));
        Duration expected = Duration.ofSeconds(30);
        for (int attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
            assertThat(job.state()).isEqualTo(JobState.RETRYING);
            assertThat(Duration.between(fixture.clock.instant(), job.nextAttempt())).isEqualTo(expected);
            fixture.clock.advance(expected);
            expected = expected.multipliedBy(2);
            job = runOnce(claimed());
        }

        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.attempts()).isEqualTo(MAX_ATTEMPTS);
        assertThat(job.lastError()).startsWith("gave up after 4 attempts: HTTP 503");
        assertThat(uploads).isEmpty();
    }

    @Test
    void theRetryDelayThePeerAskedForIsHonoured() {
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", (Downloader) (check, change, cache) -> {
            throw new TransientException("HTTP 429", null, Duration.ofMinutes(7));
        });

        Job job = runOnce(queue("a.20161025.bin"));

        assertThat(job.nextAttempt()).isEqualTo(EngineFixture.T0.plus(Duration.ofMinutes(7)));
    }

    @Test
    void aPermanentDownloadFailureFailsTheJobAtOnce() {
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", (Downloader) (check, change, cache) -> {
            throw new PermanentException("HTTP 404 for " + change.url());
        });

        Job job = runOnce(queue("a.20161025.bin"));

        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.attempts()).isEqualTo(1);
    }

    @Test
    void aMissingDownloaderParksTheJobUntilItIsDeployed() {
        fixture.plugins.remove(PluginKind.DOWNLOADER, "file");

        Job waiting = runOnce(queue("a.20161025.bin"));

        assertThat(waiting.state()).isEqualTo(JobState.WAITING);
        assertThat(waiting.waitingFor()).isEqualTo("downloader:file");
        assertThat(fixture.jobs.claim(fixture.clock.instant(), Set.of())).isEmpty();

        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", EngineFixture.contentOfUrl());
        assertThat(fixture.jobs.wake("downloader:file", fixture.clock.instant())).isEqualTo(1);

        assertThat(runOnce(claimed()).state()).isEqualTo(JobState.DONE);
    }

    @Test
    void anUploaderRemovedDuringTheCallSendsTheJobBackToWaiting() {
        behaviour.put("mirror", (artifact, target) -> {
            fixture.plugins.remove(PluginKind.UPLOADER, "test");
            throw new IllegalStateException("bundle stopped");
        });

        Job job = runOnce(queue("a.20161025.bin"));

        assertThat(job.state()).isEqualTo(JobState.WAITING);
        assertThat(job.waitingFor()).isEqualTo("uploader:test");
        assertThat(job.targets().get("primary").state()).isEqualTo(JobState.DONE);
        assertThat(job.targets().get("mirror").state()).isEqualTo(JobState.WAITING);
    }

    @Test
    void anUnconfiguredTargetWaitsForItsConfiguration() {
        Job job = runner.run(queue("a.20161025.bin"), configured(ipc), name -> name.equals("primary") ? target(name) : Optional.empty());

        assertThat(job.state()).isEqualTo(JobState.WAITING);
        assertThat(job.waitingFor()).isEqualTo("target:mirror");
    }

    @Test
    void waitingForAPluginConsumesNoAttempt() {
        fixture.plugins.remove(PluginKind.DOWNLOADER, "file");
        Job job = runOnce(queue("a.20161025.bin"));
        for (int claim = 0; claim < MAX_ATTEMPTS + 2; claim++) {
            assertThat(job.state()).isEqualTo(JobState.WAITING);
            assertThat(job.attempts()).isZero();
            fixture.jobs.wake("downloader:file", fixture.clock.instant());
            job = runOnce(claimed());
        }
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", EngineFixture.contentOfUrl());
        fixture.jobs.wake("downloader:file", fixture.clock.instant());

        Job done = runOnce(claimed());

        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.attempts()).isEqualTo(1);
    }

    @Test
    void aStepThatFailsInARunMeantForATargetsRetryStillCountsItsAttempts() {
        behaviour.put("mirror", (artifact, target) -> {
            throw new TransientException("mirror busy", null);
        });
        Job job = runOnce(queue("a.20161025.bin"));
        fixture.plugins.deploy(PluginKind.PACKAGER, "copy", (Packager) (check, file, source, staging) -> {
            throw new TransientException("staging disk full", null);
        });
        for (int run = 1; run < MAX_ATTEMPTS; run++) {
            assertThat(job.state()).isEqualTo(JobState.RETRYING);
            fixture.clock.advance(Duration.ofHours(2));
            job = runOnce(claimed());
        }

        assertThat(job.state()).as("the packaging failing on every run gives up").isEqualTo(JobState.FAILED);
        assertThat(job.attempts()).isEqualTo(MAX_ATTEMPTS);
    }

    @Test
    void aRetryAfterBeyondTheLongestBackoffIsCapped() {
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", (Downloader) (check, change, cache) -> {
            throw new TransientException("HTTP 503", null, Duration.ofSeconds(999_999_999));
        });
        behaviour.put("mirror", (artifact, target) -> {
            throw new TransientException("HTTP 429", null, Duration.ofSeconds(999_999_999));
        });

        Job download = runOnce(queue("a.20161025.bin"));
        assertThat(download.nextAttempt()).isEqualTo(EngineFixture.T0.plus(Duration.ofHours(1)));

        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", EngineFixture.contentOfUrl());
        fixture.clock.advance(Duration.ofHours(1));
        Job upload = runOnce(claimed());
        assertThat(upload.targets().get("mirror").nextAttempt()).isEqualTo(fixture.clock.instant().plus(Duration.ofHours(1)));
        assertThat(upload.nextAttempt()).isEqualTo(fixture.clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void aPluginsUnexpectedRuntimeErrorIsAFailedAttemptThatIsRetried() {
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", (Downloader) (check, change, cache) -> {
            throw new IllegalStateException("bug in a plugin");
        });
        Job thrown = runOnce(queue("a.20161025.bin"));

        assertThat(thrown.state()).isEqualTo(JobState.RETRYING);
        assertThat(thrown.attempts()).isEqualTo(1);
        assertThat(thrown.lastError()).contains("IllegalStateException: bug in a plugin");
    }

    @Test
    void aPluginReturningNothingIsAFailedAttemptNotAJobLeftRunning() {
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", (Downloader) (check, change, cache) -> null);

        Job job = runOnce(queue("a.20161025.bin"));

        assertThat(job.state()).isEqualTo(JobState.RETRYING);
        assertThat(job.attempts()).isEqualTo(1);
        assertThat(job.lastError()).contains("the downloader returned no file");
    }

    @Test
    void aStopDuringTheDownloadPutsTheJobBackToPendingWithoutBackoff() throws Exception {
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", (Downloader) (check, change, cache) -> {
            stopping.set(true);
            Thread.currentThread().interrupt();
            throw new TransientException(change.url() + ": interrupted after 4096 bytes", null);
        });

        Job claimed = queue("a.20161025.bin");
        Job result = runner.run(claimed, configured(ipc), JobRunnerTest::target);
        assertThat(Thread.interrupted()).as("the stop's interrupt is kept for the worker to see").isTrue();
        fixture.jobs.update(result);
        Job job = fixture.jobs.find(result.id()).orElseThrow();

        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.attempts()).isZero();
        assertThat(job.nextAttempt()).isNull();
        assertThat(fixture.events("interrupted")).extracting(Event::level).containsOnly(io.upgradeclient.api.EventLevel.INFO);
    }

    @Test
    void aStopDuringAnUploadKeepsTheTargetsThatFinished() {
        behaviour.put("primary", (artifact, target) -> {
            stopping.set(true);
            return new UploadReceipt(7, "ok");
        });

        Job job = runOnce(queue("a.20161025.bin"));

        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.targets().get("primary").state()).isEqualTo(JobState.DONE);
        assertThat(job.targets().get("mirror")).isEqualTo(io.upgradeclient.api.TargetStatus.NEW);
        assertThat(uploads).containsOnlyKeys("primary");
    }

    @Test
    void anEmptyDownloadIsAWarningEvent() throws Exception {
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", sized(0));

        Job job = runOnce(queue("a.20161025.bin"));

        assertThat(job.state()).isEqualTo(JobState.DONE);
        assertThat(fixture.events("empty (0 bytes)")).extracting(Event::level).containsExactly(io.upgradeclient.api.EventLevel.WARNING);
    }

    @Test
    void aDownloadShorterThanListedIsAWarningEvent() throws Exception {
        fixture.plugins.deploy(PluginKind.DOWNLOADER, "file", sized(10));
        fixture.jobs.enqueue(ipc.name(), new io.upgradeclient.api.RemoteChange(io.upgradeclient.api.ChangeAction.ADDED,
                EngineFixture.BASE.resolve("b.bin"), "b.bin", "", "", EngineFixture.T0, "1", 4096), List.of("primary"), fixture.clock.instant());

        runOnce(claimed());

        assertThat(fixture.events("the source listed 4096")).extracting(Event::level).containsExactly(io.upgradeclient.api.EventLevel.WARNING);
    }

    private static Downloader sized(int bytes) {
        return (check, change, cacheDir) -> {
            try {
                java.nio.file.Files.createDirectories(cacheDir);
                Path file = cacheDir.resolve(change.fileName());
                java.nio.file.Files.write(file, new byte[bytes]);
                return new io.upgradeclient.api.DownloadedFile(change, file, bytes, EngineFixture.sha256(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private Job queue(String path) {
        fixture.jobs.enqueue(ipc.name(), change(path, "1"), List.of("primary", "mirror"), fixture.clock.instant());
        return claimed();
    }

    private Job claimed() {
        return fixture.jobs.claim(fixture.clock.instant(), Set.of()).orElseThrow();
    }

    private Job runOnce(Job claimed) {
        Job result = runner.run(claimed, configured(ipc), JobRunnerTest::target);
        fixture.jobs.update(result);
        return fixture.jobs.find(result.id()).orElseThrow();
    }

    private static Optional<UploadTarget> target(String name) {
        return Optional.of(new UploadTarget(new TargetRef(name, "test"), Map.of()));
    }
}
