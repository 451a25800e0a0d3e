package io.upgradeclient.core.internal.engine;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.upgradeclient.api.PluginLease;
import io.upgradeclient.api.Plugins;
import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.Packager;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.SourceFiles;
import io.upgradeclient.api.TargetStatus;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.api.Uploader;
import io.upgradeclient.core.internal.configured.ConfiguredCheck;

/**
 * Takes one claimed job as far as it can go: download, package, then every upload target that is not done yet.
 * Each step is idempotent (the cache and staging area keep complete files only, uploaders leave identical files
 * alone), so a job interrupted anywhere is simply run again.
 *
 * <p>Failures: a transient one schedules a retry with backoff until {@code maxAttempts}; a permanent one fails at
 * once; a missing plugin parks the job as {@link JobState#WAITING} until it arrives. Targets keep their own state,
 * so a retry never redoes a target that succeeded.
 */
final class JobRunner {
    private final Plugins plugins;
    private final EventLog events;
    private final Clock clock;
    private final Backoff backoff;
    private final int maxAttempts;
    private final Path cache;
    private final Path staging;
    private final ProgressBoard progress;

    JobRunner(Plugins plugins, EventLog events, Clock clock, Backoff backoff, int maxAttempts, Path cache, Path staging,
            ProgressBoard progress) {
        this.plugins = plugins;
        this.events = events;
        this.clock = clock;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.cache = cache;
        this.staging = staging;
        this.progress = progress;
    }

    /**
     * @param job the job, claimed ({@link JobState#RUNNING})
     * @param configured its check as configured now
     * @param targets the configured upload targets, by name
     * @return the job in its new state, to be stored
     */
    Job run(Job job, ConfiguredCheck configured, Function<String, Optional<UploadTarget>> targets) {
        ProgressBoard.Tracker tracker = progress.start(job);
        try {
            return run(job, configured, targets, tracker);
        } finally {
            progress.finish(job);
        }
    }

    private Job run(Job job, ConfiguredCheck configured, Function<String, Optional<UploadTarget>> targets, ProgressBoard.Tracker tracker) {
        CheckDefinition check = configured.definition();
        String downloaderName = PluginKind.DOWNLOADER.label(check.sourceType());
        Optional<PluginLease<Downloader>> downloader = plugins.acquire(PluginKind.DOWNLOADER, check.sourceType(), Downloader.class);
        if (downloader.isEmpty()) {
            return waiting(job, downloaderName);
        }
        Artifact artifact;
        try (PluginLease<Downloader> lease = downloader.get()) {
            Instant started = clock.instant();
            DownloadedFile file;
            tracker.step("download", "", job.change().size());
            try {
                file = lease.service().download(check, job.change(), cache, tracker);
            } catch (PluginException | RuntimeException e) {
                return failedStep(job, "download", downloaderName, lease, e);
            }
            job = job.withSha256(file.sha256());
            events.record(EventLevel.INFO, "download", downloaderName, job.check(), job.change(), job, since(started),
                    "downloaded " + file.size() + " bytes, sha256 " + file.sha256());

            String packagerName = PluginKind.PACKAGER.label(configured.packager());
            Optional<PluginLease<Packager>> packager = plugins.acquire(PluginKind.PACKAGER, configured.packager(), Packager.class);
            if (packager.isEmpty()) {
                return waiting(job, packagerName);
            }
            try (PluginLease<Packager> packaging = packager.get()) {
                started = clock.instant();
                tracker.step("package", "", -1);
                try {
                    artifact = packaging.service().pack(check, file, companions(lease.service(), check, job.change()), staging);
                } catch (PluginException | RuntimeException e) {
                    return failedStep(job, "package", packagerName, packaging, e);
                }
                events.record(EventLevel.INFO, "package", packagerName, job.check(), job.change(), job, since(started),
                        artifact.files().isEmpty() ? nothingToPublish(artifact) : "staged " + artifact.files());
            }
        }
        if (artifact.files().isEmpty()) {
            return done(job, nothingToPublish(artifact));
        }
        for (Map.Entry<String, TargetStatus> entry : job.targets().entrySet()) {
            job = upload(job, entry.getKey(), entry.getValue(), artifact, targets, tracker);
            tracker.target(entry.getKey(), job.targets().get(entry.getKey()).state());
        }
        return settle(job);
    }

    private Job upload(Job job, String targetName, TargetStatus status, Artifact artifact,
            Function<String, Optional<UploadTarget>> targets, ProgressBoard.Tracker tracker) {
        Instant now = clock.instant();
        if (status.state().isFinal() || status.state() == JobState.RETRYING && status.nextAttempt() != null && status.nextAttempt().isAfter(now)) {
            return job;
        }
        Optional<UploadTarget> target = targets.apply(targetName);
        if (target.isEmpty()) {
            return job.withTarget(targetName, new TargetStatus(JobState.WAITING, status.attempts(), null,
                    Engine.TARGET_PREFIX + targetName, 0));
        }
        String uploaderName = PluginKind.UPLOADER.label(target.get().ref().type());
        Optional<PluginLease<Uploader>> uploader = plugins.acquire(PluginKind.UPLOADER, target.get().ref().type(), Uploader.class);
        if (uploader.isEmpty()) {
            return job.withTarget(targetName, new TargetStatus(JobState.WAITING, status.attempts(), null, uploaderName, 0));
        }
        int attempts = status.attempts() + 1;
        try (PluginLease<Uploader> lease = uploader.get()) {
            tracker.step("upload", targetName, -1);
            try {
                UploadReceipt receipt = lease.service().upload(artifact, target.get(), tracker);
                events.record(EventLevel.INFO, "upload", uploaderName, job.check(), job.change(), job, since(now),
                        "published to " + targetName + ": " + receipt.detail());
                return job.withTarget(targetName, new TargetStatus(JobState.DONE, attempts, null, "", receipt.bytes()));
            } catch (TransientException e) {
                if (attempts >= maxAttempts) {
                    events.record(EventLevel.ERROR, "upload", uploaderName, job.check(), job.change(), job, since(now),
                            "gave up on " + targetName + " after " + attempts + " attempts: " + e.getMessage());
                    return job.withTarget(targetName, new TargetStatus(JobState.FAILED, attempts, null, e.getMessage(), 0));
                }
                Instant retryAt = now.plus(e.retryAfter().orElse(backoff.delay(attempts)));
                events.record(EventLevel.WARNING, "upload", uploaderName, job.check(), job.change(), job, since(now),
                        "upload to " + targetName + " failed, retrying at " + retryAt + ": " + e.getMessage());
                return job.withTarget(targetName, new TargetStatus(JobState.RETRYING, attempts, retryAt, e.getMessage(), 0));
            } catch (PermanentException | RuntimeException e) {
                if (lease.isGone()) {
                    return job.withTarget(targetName, new TargetStatus(JobState.WAITING, status.attempts(), null, uploaderName, 0));
                }
                events.record(EventLevel.ERROR, "upload", uploaderName, job.check(), job.change(), job, since(now),
                        "upload to " + targetName + " failed: " + message(e));
                return job.withTarget(targetName, new TargetStatus(JobState.FAILED, attempts, null, message(e), 0));
            }
        }
    }

    /** The job's state follows from its targets' states once every target had its turn. */
    private Job settle(Job job) {
        Instant now = clock.instant();
        Instant earliestRetry = null;
        String waitingFor = null;
        String failure = null;
        for (Map.Entry<String, TargetStatus> entry : job.targets().entrySet()) {
            TargetStatus status = entry.getValue();
            switch (status.state()) {
                case WAITING -> waitingFor = waitingFor == null ? status.lastError() : waitingFor;
                case RETRYING -> earliestRetry = earliestRetry == null || status.nextAttempt().isBefore(earliestRetry) ? status.nextAttempt() : earliestRetry;
                case FAILED -> failure = failure == null ? entry.getKey() + ": " + status.lastError() : failure;
                default -> { }
            }
        }
        if (waitingFor != null) {
            return job.waitingFor(waitingFor, now);
        }
        if (earliestRetry != null) {
            return job.retryingAt("a target is retrying", earliestRetry, now);
        }
        if (failure != null) {
            return job.failed(failure, now);
        }
        return done(job, "published to " + job.targets().size() + " target(s)");
    }

    private Job done(Job job, String message) {
        events.record(EventLevel.INFO, "done", "engine", job.check(), job.change(), job, null, message);
        return job.withState(JobState.DONE, clock.instant());
    }

    private Job waiting(Job job, String plugin) {
        events.record(EventLevel.WARNING, "wait", "engine", job.check(), job.change(), job, null,
                "waiting for the plugin " + plugin + " to be deployed");
        return job.waitingFor(plugin, clock.instant());
    }

    private Job failedStep(Job job, String step, String pluginName, PluginLease<?> lease, Exception e) {
        Instant now = clock.instant();
        if (e instanceof RuntimeException && lease.isGone()) {
            return job.waitingFor(pluginName, now);
        }
        if (e instanceof TransientException transientFailure && job.attempts() < maxAttempts) {
            Instant retryAt = now.plus(transientFailure.retryAfter().orElse(backoff.delay(job.attempts())));
            events.record(EventLevel.WARNING, step, pluginName, job.check(), job.change(), job, null,
                    step + " failed, retrying at " + retryAt + ": " + e.getMessage());
            return job.retryingAt(e.getMessage(), retryAt, now);
        }
        String reason = e instanceof TransientException ? "gave up after " + job.attempts() + " attempts: " + e.getMessage() : message(e);
        events.record(EventLevel.ERROR, step, pluginName, job.check(), job.change(), job, null, step + " failed: " + reason);
        return job.failed(reason, now);
    }

    /** Lets a packager fetch other files of the job's source through the same downloader and cache. */
    private SourceFiles companions(Downloader downloader, CheckDefinition check, RemoteChange change) {
        return url -> downloader.download(check, companion(url, change), cache);
    }

    private static RemoteChange companion(URI url, RemoteChange of) throws PermanentException {
        String path = url.getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw new PermanentException("companion file URL names no file: " + url);
        }
        return new RemoteChange(ChangeAction.MODIFIED, url, name, of.fileType(), "", of.changedAt(), of.revision(), -1);
    }

    private static String nothingToPublish(Artifact artifact) {
        return artifact.note().isEmpty() ? "nothing to publish" : "nothing to publish: " + artifact.note();
    }

    private static String message(Exception e) {
        return e instanceof PluginException ? e.getMessage() : e.toString();
    }

    private Duration since(Instant started) {
        return Duration.between(started, clock.instant());
    }
}
