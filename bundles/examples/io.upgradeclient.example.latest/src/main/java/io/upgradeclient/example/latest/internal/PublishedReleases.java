package io.upgradeclient.example.latest.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;

/**
 * What each check published before, as the newest releases of each product line, learnt from the durable job queue:
 * every change a check queued counts, whatever became of its job (a failed job is for the operator to retry; an
 * older firmware must not slip in instead). The queue is the record of what the check accepted, so this survives
 * restarts and includes what was queued before the filter was configured, and a dry run (which queues nothing)
 * leaves it alone.
 *
 * <p>The first call for a check reads all its jobs; later calls read only the jobs added since, as job ids only
 * grow. A new job queue (the store restarted) means a new filter instance, as the filter's reference to it is static.
 * Thread-safe: calls for one check are serialized, calls for different checks run in parallel.
 */
final class PublishedReleases {
    /** Jobs read per query at most. */
    static final int PAGE = 500;
    /** Jobs asked for first when some were read before: usually a run or two queued only a few since. */
    static final int FIRST_PAGE = 8;

    private final JobQueue jobs;
    private final Map<String, Memory> memories = new ConcurrentHashMap<>();

    PublishedReleases(JobQueue jobs) {
        this.jobs = jobs;
    }

    /** The newest releases of one check's product lines, and the newest job read. */
    private static final class Memory {
        LatestRule rule;
        long newestJob;
        final Map<String, List<Release>> lines = new HashMap<>();

        void reset(LatestRule newRule) {
            rule = newRule;
            newestJob = 0;
            lines.clear();
        }

        void remember(Release release) {
            List<Release> line = lines.computeIfAbsent(release.line(), key -> new ArrayList<>());
            if (line.stream().anyMatch(release::isSameChange)) {
                return;
            }
            line.add(release);
            line.sort(Release.NEWEST_FIRST);
            if (line.size() > rule.keep()) {
                line.subList(rule.keep(), line.size()).clear();
            }
        }
    }

    /**
     * @param check the check's name
     * @param rule its current rule; when it differs from the last call's, everything is read again under it
     * @return per product line, its newest published releases (at most {@link LatestRule#keep()}), newest first
     */
    Map<String, List<Release>> newest(String check, LatestRule rule) {
        Memory memory = memories.computeIfAbsent(check, name -> new Memory());
        synchronized (memory) {
            if (!rule.equals(memory.rule)) {
                memory.reset(rule);
            }
            for (Job job : jobsAfter(check, memory.newestJob)) {
                if (!LatestRule.passesThrough(job.change())) {
                    memory.remember(rule.release(job.change(), true));
                }
                memory.newestJob = Math.max(memory.newestJob, job.id());
            }
            Map<String, List<Release>> copy = new HashMap<>();
            memory.lines.forEach((line, releases) -> copy.put(line, List.copyOf(releases)));
            return copy;
        }
    }

    /**
     * @return the check's jobs with a greater id than {@code after}, newest first; a job queued while the pages are
     *         read shifts the next page by one, so a job may come twice, never be missed
     */
    private List<Job> jobsAfter(String check, long after) {
        List<Job> added = new ArrayList<>();
        int size = after == 0 ? PAGE : FIRST_PAGE;
        for (int offset = 0; ; offset += size, size = Math.min(PAGE, size * 2)) {
            List<Job> page = jobs.list(Set.of(), check, offset, size);
            for (Job job : page) {
                if (job.id() <= after) {
                    return added;
                }
                added.add(job);
            }
            if (page.size() < size) {
                return added;
            }
        }
    }
}
