package io.upgradeclient.core.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.upgradeclient.api.PluginLease;
import io.upgradeclient.api.Plugins;
import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checker;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Checkpoints;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.TransientException;

/**
 * One run of one check: its checker finds the changes since the checkpoint, its filters judge them in order, each
 * accepted change is queued once, and only then the checkpoint moves on — so a crash at any point repeats at most
 * the run, and the queue's idempotent keys absorb the repeat.
 */
final class CheckRunner {
    private final Plugins plugins;
    private final JobQueue jobs;
    private final Checkpoints checkpoints;
    private final EventLog events;
    private final Clock clock;
    private final Backoff backoff;
    /** Checks whose source asked, with {@code Retry-After}, not to be asked again before a time. */
    private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();
    private final CheckWaits waits = new CheckWaits();

    /**
     * @param backoff caps the delay a source may ask for, as it caps jobs' retries
     */
    CheckRunner(Plugins plugins, JobQueue jobs, Checkpoints checkpoints, EventLog events, Clock clock, Backoff backoff) {
        this.backoff = backoff;
        this.plugins = plugins;
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.events = events;
        this.clock = clock;
    }

    /**
     * A run the schedule starts: skipped, and reported as still failing, while the source's last {@code Retry-After}
     * (capped at the longest retry delay) has not passed. An operator's run does not wait.
     *
     * @param check the check to run
     * @return what happened
     */
    CheckRun runScheduled(CheckDefinition check) {
        Instant until = heldUntil.get(check.name());
        if (until != null && clock.instant().isBefore(until)) {
            return CheckRun.failed("the source asked not to be checked again before " + until);
        }
        return run(check, false);
    }

    /**
     * @param check the check to run
     * @param dryRun when set, nothing is queued and the checkpoint does not move: it only shows what would be picked
     * @return what happened
     */
    CheckRun run(CheckDefinition check, boolean dryRun) {
        String checkerName = PluginKind.CHECKER.label(check.sourceType());
        Optional<PluginLease<Checker>> checker = plugins.acquire(PluginKind.CHECKER, check.sourceType(), Checker.class);
        if (checker.isEmpty()) {
            return waitFor("check", checkerName, check, dryRun);
        }
        arrived("check", checkerName, check, dryRun);
        Checkpoint since = checkpoints.load(check.name());
        Instant started = clock.instant();
        CheckResult result;
        try (PluginLease<Checker> lease = checker.get()) {
            try {
                result = lease.service().check(check, since);
            } catch (TransientException e) {
                if (!dryRun) {
                    e.retryAfter().ifPresentOrElse(
                            asked -> heldUntil.put(check.name(), clock.instant().plus(backoff.delay(1, Optional.of(asked)))),
                            () -> heldUntil.remove(check.name()));
                }
                events.record(EventLevel.WARNING, "check", checkerName, check.name(), null, null, since(started),
                        "source not reachable, will try again: " + e.getMessage());
                return CheckRun.failed(e.getMessage());
            } catch (PermanentException e) {
                events.record(EventLevel.ERROR, "check", checkerName, check.name(), null, null, since(started), e.getMessage());
                return CheckRun.failed(e.getMessage());
            } catch (RuntimeException e) {
                if (lease.isGone()) {
                    return CheckRun.waiting(checkerName);
                }
                events.record(EventLevel.ERROR, "check", checkerName, check.name(), null, null, since(started),
                        "checker failed: " + e);
                return CheckRun.failed(e.toString());
            }
        }
        if (!dryRun) {
            heldUntil.remove(check.name());
            for (String warning : result.warnings()) {
                events.record(EventLevel.WARNING, "check", checkerName, check.name(), null, null, null, warning);
            }
        }
        List<RemoteChange> accepted = result.changes();
        List<FilterDecision> decisions = new ArrayList<>();
        for (String filterType : check.filters()) {
            String filterName = PluginKind.FILTER.label(filterType);
            Optional<PluginLease<Filter>> filter = plugins.acquire(PluginKind.FILTER, filterType, Filter.class);
            if (filter.isEmpty()) {
                return waitFor("filter", filterName, check, dryRun);
            }
            arrived("filter", filterName, check, dryRun);
            try (PluginLease<Filter> lease = filter.get()) {
                List<FilterDecision> verdicts = lease.service().decide(check, accepted);
                if (verdicts.size() != accepted.size()) {
                    throw new PermanentException(filterName + " judged " + verdicts.size() + " of " + accepted.size() + " changes");
                }
                List<RemoteChange> kept = new ArrayList<>();
                for (FilterDecision verdict : verdicts) {
                    decisions.add(verdict);
                    if (verdict.accepted()) {
                        kept.add(verdict.change());
                    } else if (!dryRun) {
                        events.record(EventLevel.DEBUG, "filter", filterName, check.name(), verdict.change(), null, null,
                                "rejected: " + verdict.reason());
                    }
                }
                accepted = kept;
            } catch (PermanentException | RuntimeException e) {
                events.record(EventLevel.ERROR, "filter", filterName, check.name(), null, null, null, "filter failed: " + e.getMessage());
                return CheckRun.failed(String.valueOf(e.getMessage()));
            }
        }
        if (dryRun) {
            return new CheckRun(CheckRun.Outcome.SUCCEEDED, decisions, 0, accepted.size() + " of " + result.changes().size() + " changes would be queued");
        }
        // Every plugin was there: a wait for one the configuration no longer names ends too, so a later one is reported.
        waits.forget(check.name());
        List<String> targets = check.uploads().stream().map(TargetRef::name).toList();
        int queued = 0;
        for (RemoteChange change : accepted) {
            Optional<Job> job = jobs.enqueue(check.name(), change, targets, clock.instant());
            if (job.isPresent()) {
                queued++;
                events.record(EventLevel.INFO, "queue", "engine", check.name(), change, job.get(), null,
                        "queued " + change.fileName() + " for " + (targets.isEmpty() ? "packaging (no upload target)" : String.join(", ", targets)));
            }
        }
        checkpoints.save(check.name(), result.checkpoint());
        if (!result.changes().isEmpty()) {
            events.record(EventLevel.INFO, "check", checkerName, check.name(), null, null, since(started),
                    result.changes().size() + " changed, " + accepted.size() + " accepted, " + queued + " new");
        }
        return new CheckRun(CheckRun.Outcome.SUCCEEDED, decisions, queued, queued + " new jobs");
    }

    /** Records the start of a wait once (a dry run records nothing), and tells the caller the run waits. */
    private CheckRun waitFor(String step, String plugin, CheckDefinition check, boolean dryRun) {
        if (!dryRun && waits.starts(check.name(), plugin)) {
            events.record(EventLevel.WARNING, step, "engine", check.name(), null, null, null, "waiting for the plugin "
                    + plugin + " to be deployed; the check queues nothing until it arrives");
        }
        return CheckRun.waiting(plugin);
    }

    private void arrived(String step, String plugin, CheckDefinition check, boolean dryRun) {
        if (!dryRun && waits.ends(check.name(), plugin)) {
            events.record(EventLevel.INFO, step, "engine", check.name(), null, null, null,
                    "the plugin " + plugin + " arrived; the check runs again");
        }
    }

    /** @param check a check no longer configured, whose wait ends unreported */
    void forget(String check) {
        waits.forget(check);
    }

    private Duration since(Instant started) {
        return Duration.between(started, clock.instant());
    }
}
