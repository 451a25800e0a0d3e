package io.upgradeclient.example.latest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TargetStatus;

/**
 * A job queue in memory with what the filter reads of one: {@link #enqueue} and {@link #list}, newest first, with
 * growing ids; it counts the jobs it hands out, so tests see how much the filter reads.
 */
final class QueueOfJobs implements JobQueue {
    private final List<Job> jobs = new ArrayList<>();
    private final AtomicLong handedOut = new AtomicLong();

    @Override
    public synchronized Optional<Job> enqueue(String check, RemoteChange change, List<String> targets, Instant now) {
        String key = check + " " + change.identity();
        if (jobs.stream().anyMatch(job -> job.key().equals(key))) {
            return Optional.empty();
        }
        Job job = new Job(jobs.size() + 1, check, key, change, JobState.PENDING, 0, null, "", "", "",
                Map.<String, TargetStatus>of(), now, now);
        jobs.add(job);
        return Optional.of(job);
    }

    @Override
    public synchronized List<Job> list(Set<JobState> states, String check, int offset, int limit) {
        List<Job> newestFirst = new ArrayList<>();
        for (int i = jobs.size() - 1; i >= 0; i--) {
            Job job = jobs.get(i);
            if ((check.isEmpty() || job.check().equals(check)) && (states.isEmpty() || states.contains(job.state()))) {
                newestFirst.add(job);
            }
        }
        List<Job> page = newestFirst.subList(Math.min(offset, newestFirst.size()), Math.min(offset + limit, newestFirst.size()));
        handedOut.addAndGet(page.size());
        return List.copyOf(page);
    }

    /** @return how many jobs {@link #list} returned so far */
    long handedOut() {
        return handedOut.get();
    }

    @Override
    public Optional<Job> claim(Instant now, Set<String> excludedChecks) {
        throw new UnsupportedOperationException("a filter never claims jobs");
    }

    @Override
    public void update(Job job) {
        throw new UnsupportedOperationException("a filter never changes jobs");
    }

    @Override
    public Optional<Job> find(long id) {
        throw new UnsupportedOperationException("not read by the filter");
    }

    @Override
    public Map<JobState, Long> countByState(String check) {
        throw new UnsupportedOperationException("not read by the filter");
    }

    @Override
    public int requeueInterrupted(Instant now) {
        throw new UnsupportedOperationException("a filter never requeues jobs");
    }

    @Override
    public int wake(String plugin, Instant now) {
        throw new UnsupportedOperationException("a filter never wakes jobs");
    }

    @Override
    public boolean retry(long id, Instant now) {
        throw new UnsupportedOperationException("a filter never retries jobs");
    }
}
