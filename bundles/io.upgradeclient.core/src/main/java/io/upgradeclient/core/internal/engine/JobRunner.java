package io.upgradeclient.core.internal.engine;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
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
 * <p>Attempts count real tries of a step only: the job's own attempts count runs of its download-and-package step
 * until that step has succeeded once, each target's attempts count its uploads. A run that parks the job as
 * {@link JobState#WAITING} or is cut short by the service stopping tries nothing and counts nothing.
 *
 * <p>Failures: a transient one, or a plugin's unexpected runtime error, schedules a retry with backoff (or after
 * the peer's {@code Retry-After}, capped like the backoff) until {@code maxAttempts}; a permanent one fails at once;
 * a missing plugin parks the job as {@link JobState#WAITING} until it arrives; a stop puts it back to
 * {@link JobState#PENDING}. Targets keep their own state, so a retry never redoes a target that succeeded.
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
    private final BooleanSupplier stopping;

    JobRunner(Plugins plugins, EventLog events, Clock clock, Backoff backoff, int maxAttempts, Path cache, Path staging,
            ProgressBoard progress, BooleanSupplier stopping) {
        this.plugins = plugins;
        this.events = events;
        this.clock = clock;
        this.backoff = backoff;
        this.maxAttempts = maxAttempts;
        this.cache = cache;
        this.staging = staging;
        this.progress = progress;
        this.stopping = stopping;
    }

    /**
     * @param claimed the job, claimed ({@link JobState#RUNNING})
     * @param configured its check as configured now
     * @param targets the configured upload targets, by name
     * @return the job in its new state, to be stored; never {@link JobState#RUNNING}
     */
    Job run(Job claimed, ConfiguredCheck configured, Function<String, Optional<UploadTarget>> targets) {
        ProgressBoard.Tracker tracker = progress.start(claimed);
        try {
            return steps(claimed, configured, targets, tracker);
        } catch (RuntimeException | LinkageError e) {
            // A plugin that returned nothing, or a class of a bundle being replaced: a failed try like any other.
            return failedStep(claimed, counted(claimed), "job", "engine", null, e);
        } finally {
            progress.finish(claimed);
        }
    }

    private Job steps(Job claimed, ConfiguredCheck configured, Function<String, Optional<UploadTarget>> targets,
            ProgressBoard.Tracker tracker) {
        CheckDefinition check = configured.definition();
        String downloaderName = PluginKind.DOWNLOADER.label(check.sourceType());
        Optional<PluginLease<Downloader>> downloader = plugins.acquire(PluginKind.DOWNLOADER, check.sourceType(), Downloader.class);
        if (downloader.isEmpty()) {
            return waiting(claimed, downloaderName);
        }
        Job job = counted(claimed);
        Artifact artifact;
        try (PluginLease<Downloader> lease = downloader.get()) {
            Instant started = clock.instant();
            DownloadedFile file;
            tracker.step("download", "", job.change().size());
            try {
                file = Objects.requireNonNull(lease.service().download(check, job.change(), cache, tracker), "the downloader returned no file");
            } catch (PluginException | RuntimeException | LinkageError e) {
                return failedStep(claimed, job, "download", downloaderName, lease, e);
            }
            job = job.withSha256(file.sha256());
            events.record(EventLevel.INFO, "download", downloaderName, job.check(), job.change(), job, since(started), file.size(),
                    "downloaded " + file.size() + " bytes, sha256 " + file.sha256());
            warnIfIncomplete(job, downloaderName, file);

            String packagerName = PluginKind.PACKAGER.label(configured.packager());
            Optional<PluginLease<Packager>> packager = plugins.acquire(PluginKind.PACKAGER, configured.packager(), Packager.class);
            if (packager.isEmpty()) {
                return waiting(claimed.withSha256(file.sha256()), packagerName);
            }
            try (PluginLease<Packager> packaging = packager.get()) {
                started = clock.instant();
                tracker.step("package", "", -1);
                try {
                    artifact = Objects.requireNonNull(packaging.service().pack(check, file,
                            companions(lease.service(), check, job.change()), staging), "the packager returned no artifact");
                } catch (PluginException | RuntimeException | LinkageError e) {
                    return failedStep(claimed, job, "package", packagerName, packaging, e);
                }
                events.record(EventLevel.INFO, "package", packagerName, job.check(), job.change(), job, since(started),
                        artifact.files().isEmpty() ? nothingToPublish(artifact) : "staged " + artifact.files());
            }
        }
        if (artifact.files().isEmpty()) {
            for (String target : job.targets().keySet()) {
                job = job.withTarget(target, new TargetStatus(JobState.DONE, 0, null, "", 0));
            }
            return done(job, nothingToPublish(artifact));
        }
        for (Map.Entry<String, TargetStatus> entry : job.targets().entrySet()) {
            job = upload(job, entry.getKey(), entry.getValue(), artifact, targets, tracker);
            tracker.target(entry.getKey(), job.targets().get(entry.getKey()).state());
        }
        if (stopping.getAsBoolean() && !job.targets().values().stream().allMatch(target -> target.state().isFinal())) {
            return interrupted(job, "upload");
        }
        return settle(job);
    }

    /**
     * @return the job with one more attempt of its download-and-package step, unless that step succeeded before
     *         (a target was reached) and this run only reuses its result for a target's retry
     */
    private Job counted(Job claimed) {
        boolean stepDoneBefore = claimed.targets().values().stream()
                .anyMatch(target -> target.state() != JobState.PENDING || target.attempts() > 0);
        return stepDoneBefore ? claimed : claimed.started(clock.instant());
    }

    /** An empty or short download is published all the same, but an operator should look at it. */
    private void warnIfIncomplete(Job job, String downloaderName, DownloadedFile file) {
        long listed = job.change().size();
        String problem = file.size() == 0 ? "the downloaded file is empty (0 bytes)"
                : listed >= 0 && file.size() != listed ? "the downloaded file has " + file.size() + " bytes, the source listed "
                        + listed + " (truncated or changed at the source?)"
                : null;
        if (problem != null) {
            events.record(EventLevel.WARNING, "download", downloaderName, job.check(), job.change(), job, null,
                    problem + ": " + job.change().fileName());
        }
    }

    private Job upload(Job job, String targetName, TargetStatus status, Artifact artifact,
            Function<String, Optional<UploadTarget>> targets, ProgressBoard.Tracker tracker) {
        Instant now = clock.instant();
        if (status.state().isFinal() || status.state() == JobState.RETRYING && status.nextAttempt() != null && status.nextAttempt().isAfter(now)
                || stopping.getAsBoolean()) {
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
                UploadReceipt receipt = Objects.requireNonNull(lease.service().upload(artifact, target.get(), tracker), "the uploader returned no receipt");
                events.record(EventLevel.INFO, "upload", uploaderName, job.check(), job.change(), job, since(now), receipt.bytes(),
                        "published to " + targetName + ": " + receipt.detail());
                return job.withTarget(targetName, new TargetStatus(JobState.DONE, attempts, null, "", receipt.bytes()));
            } catch (PermanentException e) {
                events.record(EventLevel.ERROR, "upload", uploaderName, job.check(), job.change(), job, since(now),
                        "upload to " + targetName + " failed: " + e.getMessage());
                return job.withTarget(targetName, new TargetStatus(JobState.FAILED, attempts, null, e.getMessage(), 0));
            } catch (TransientException | RuntimeException | LinkageError e) {
                if (stopping.getAsBoolean()) {
                    return job;
                }
                if (!(e instanceof TransientException) && lease.isGone()) {
                    return job.withTarget(targetName, new TargetStatus(JobState.WAITING, status.attempts(), null, uploaderName, 0));
                }
                if (attempts >= maxAttempts) {
                    events.record(EventLevel.ERROR, "upload", uploaderName, job.check(), job.change(), job, since(now),
                            "gave up on " + targetName + " after " + attempts + " attempts: " + message(e));
                    return job.withTarget(targetName, new TargetStatus(JobState.FAILED, attempts, null, message(e), 0));
                }
                Instant retryAt = now.plus(backoff.delay(attempts, retryAfter(e)));
                events.record(EventLevel.WARNING, "upload", uploaderName, job.check(), job.change(), job, since(now),
                        "upload to " + targetName + " failed, retrying at " + retryAt + ": " + message(e));
                return job.withTarget(targetName, new TargetStatus(JobState.RETRYING, attempts, retryAt, message(e), 0));
            }
        }
    }

    /** The job's state follows from its targets' states once every target had its turn. */
    private Job settle(Job job) {
        Instant now = clock.instant();
        Map.Entry<String, TargetStatus> firstRetry = null;
        String waitingFor = null;
        String failure = null;
        for (Map.Entry<String, TargetStatus> entry : job.targets().entrySet()) {
            TargetStatus status = entry.getValue();
            switch (status.state()) {
                case WAITING -> waitingFor = waitingFor == null ? status.lastError() : waitingFor;
                case RETRYING -> firstRetry = firstRetry == null || status.nextAttempt().isBefore(firstRetry.getValue().nextAttempt())
                        ? entry : firstRetry;
                case FAILED -> failure = failure == null ? entry.getKey() + ": " + status.lastError() : failure;
                default -> { }
            }
        }
        if (waitingFor != null) {
            return job.waitingFor(waitingFor, now);
        }
        if (firstRetry != null) {
            return job.retryingAt(firstRetry.getKey() + ": " + firstRetry.getValue().lastError(), firstRetry.getValue().nextAttempt(), now);
        }
        if (failure != null) {
            return job.failed(failure, now);
        }
        return done(job, "published to " + job.targets().size() + " target(s)");
    }

    /** Done, with no error left over from an earlier try: what failed before has been overcome. */
    private Job done(Job job, String message) {
        events.record(EventLevel.INFO, "done", "engine", job.check(), job.change(), job, null, message);
        return new Job(job.id(), job.check(), job.key(), job.change(), JobState.DONE, job.attempts(), null, "", "",
                job.sha256(), job.targets(), job.created(), clock.instant());
    }

    /** @param claimed the job as claimed: parking it tries nothing, so it counts no attempt */
    private Job waiting(Job claimed, String plugin) {
        events.record(EventLevel.WARNING, "wait", "engine", claimed.check(), claimed.change(), claimed, null,
                "waiting for the plugin " + plugin + " to be deployed");
        return claimed.waitingFor(plugin, clock.instant());
    }

    /** Back to the queue as it was: the failure was the stop itself, not the source's or the target's. */
    private Job interrupted(Job job, String step) {
        // The stop interrupted this thread; the history's queue would refuse the event while the flag is set.
        boolean interrupt = Thread.interrupted();
        try {
            events.record(EventLevel.INFO, step, "engine", job.check(), job.change(), job, null,
                    step + " interrupted by the service stopping; the job resumes at the next start");
        } finally {
            if (interrupt) {
                Thread.currentThread().interrupt();
            }
        }
        return job.withState(JobState.PENDING, clock.instant());
    }

    /**
     * @param claimed the job as claimed, to go back to when the failure was the service stopping
     * @param run the job as this run left it
     */
    private Job failedStep(Job claimed, Job run, String step, String pluginName, PluginLease<?> lease, Throwable e) {
        Instant now = clock.instant();
        if (stopping.getAsBoolean()) {
            return interrupted(claimed, step);
        }
        if (!(e instanceof PluginException) && lease != null && lease.isGone()) {
            return claimed.waitingFor(pluginName, now);
        }
        // A step that failed was tried, even in a run that only meant to reuse it for a target: counting it keeps a
        // step that now fails on every run from retrying for ever.
        Job job = run.attempts() == claimed.attempts() ? run.started(now) : run;
        if (!(e instanceof PermanentException) && job.attempts() < maxAttempts) {
            Instant retryAt = now.plus(backoff.delay(Math.max(1, job.attempts()), retryAfter(e)));
            events.record(EventLevel.WARNING, step, pluginName, job.check(), job.change(), job, null,
                    step + " failed, retrying at " + retryAt + ": " + message(e));
            return job.retryingAt(message(e), retryAt, now);
        }
        String reason = e instanceof PermanentException ? message(e) : "gave up after " + job.attempts() + " attempts: " + message(e);
        events.record(EventLevel.ERROR, step, pluginName, job.check(), job.change(), job, null, step + " failed: " + reason);
        return job.failed(reason, now);
    }

    private static Optional<Duration> retryAfter(Throwable e) {
        return e instanceof TransientException transientFailure ? transientFailure.retryAfter() : Optional.empty();
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

    private static String message(Throwable e) {
        return e instanceof PluginException ? e.getMessage() : "unexpected " + e;
    }

    private Duration since(Instant started) {
        return Duration.between(started, clock.instant());
    }
}
