package io.upgradeclient.core.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobActivity;
import io.upgradeclient.api.JobProgress;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.TransferProgress;

/**
 * The live progress of the jobs running now, in memory only: the database holds what a job has achieved, this
 * holds how far its current step has come. Each running job has one {@link Tracker}, fed by the job's worker and
 * by the plugins it calls; the UI reads snapshots. Thread-safe.
 */
final class ProgressBoard implements JobProgress {
    private final Clock clock;
    private final Map<Long, Tracker> running = new ConcurrentHashMap<>();

    ProgressBoard(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param job a job its worker starts running
     * @return the job's tracker, until {@link #finish(Job)}
     */
    Tracker start(Job job) {
        Tracker tracker = new Tracker(job);
        running.put(job.id(), tracker);
        return tracker;
    }

    /** @param job a job whose run ended, whatever the outcome */
    void finish(Job job) {
        running.remove(job.id());
    }

    @Override
    public List<JobActivity> running() {
        return running.values().stream().map(Tracker::snapshot).sorted(Comparator.comparingLong(JobActivity::jobId)).toList();
    }

    @Override
    public Optional<JobActivity> of(long jobId) {
        return Optional.ofNullable(running.get(jobId)).map(Tracker::snapshot);
    }

    /**
     * One running job: its step, the bytes of that step's transfer and each target's state. Plugins report bytes
     * from their own threads, so every field is read and written under the tracker's lock (held for a few field
     * assignments only, never across a call out).
     */
    final class Tracker implements TransferProgress {
        private final Job job;
        private final Map<String, JobState> targets = new LinkedHashMap<>();
        private String step = "start";
        private String target = "";
        private Instant stepStarted;
        private long done;
        private long total = -1;
        /** The first report of the step and when it came: a resumed transfer's rate counts only the new bytes. */
        private long baseline = -1;
        private Instant baselineAt;

        private Tracker(Job job) {
            this.job = job;
            this.stepStarted = clock.instant();
            job.targets().forEach((name, status) -> targets.put(name, status.state() == JobState.DONE ? JobState.DONE : JobState.PENDING));
        }

        /**
         * @param name {@code download}, {@code package} or {@code upload}
         * @param uploadTarget the target being served, or empty
         * @param expectedBytes the size of the step's transfer if known before it starts, else {@code -1}
         */
        synchronized void step(String name, String uploadTarget, long expectedBytes) {
            step = name;
            target = uploadTarget;
            stepStarted = clock.instant();
            done = 0;
            total = expectedBytes;
            baseline = -1;
            baselineAt = null;
            if (!uploadTarget.isEmpty()) {
                targets.put(uploadTarget, JobState.RUNNING);
            }
        }

        /**
         * @param name an upload target
         * @param state how its turn ended
         */
        synchronized void target(String name, JobState state) {
            targets.put(name, state);
        }

        @Override
        public synchronized void transferred(long bytesDone, long bytesTotal) {
            if (baseline < 0) {
                baseline = bytesDone;
                baselineAt = clock.instant();
            }
            done = bytesDone;
            if (bytesTotal >= 0) {
                total = bytesTotal;
            }
        }

        synchronized JobActivity snapshot() {
            double rate = 0;
            if (baselineAt != null) {
                long millis = Duration.between(baselineAt, clock.instant()).toMillis();
                rate = millis <= 0 ? 0 : (done - baseline) * 1000.0 / millis;
            }
            return new JobActivity(job.id(), job.check(), job.change().fileName(), step, target, done, total, rate, stepStarted, targets);
        }
    }
}
