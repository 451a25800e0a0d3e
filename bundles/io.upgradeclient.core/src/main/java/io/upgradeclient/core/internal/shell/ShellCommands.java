package io.upgradeclient.core.internal.shell;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.History;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.TargetStatus;

/**
 * Gogo shell commands for operators: {@code upgradeclient:checks}, {@code :run <check>}, {@code :dryrun <check>},
 * {@code :jobs}, {@code :retry <job>}, {@code :events}, {@code :plugins}.
 */
@Component(service = ShellCommands.class, property = {
        "osgi.command.scope=upgradeclient",
        "osgi.command.function=checks",
        "osgi.command.function=run",
        "osgi.command.function=dryrun",
        "osgi.command.function=jobs",
        "osgi.command.function=retry",
        "osgi.command.function=events",
        "osgi.command.function=plugins"})
public final class ShellCommands {
    private static final int LIST_LIMIT = 50;

    private final CheckCatalog engine;
    private final JobQueue jobs;
    private final History history;
    private final ComponentRegistry registry;

    /**
     * @param engine the checks, and runs them
     * @param jobs the job queue
     * @param history the events
     * @param registry the plugins
     */
    @Activate
    public ShellCommands(@Reference CheckCatalog engine, @Reference JobQueue jobs, @Reference History history,
            @Reference ComponentRegistry registry) {
        this.engine = engine;
        this.jobs = jobs;
        this.history = history;
        this.registry = registry;
    }

    /** @return every check with its source, schedule and state */
    public String checks() {
        StringBuilder out = new StringBuilder();
        Map<String, CheckStatus> statuses = new HashMap<>();
        engine.statuses().forEach(status -> statuses.put(status.check(), status));
        for (CheckDefinition check : engine.checks()) {
            CheckStatus status = statuses.get(check.name());
            out.append(String.format("%-24s %-5s every %5ds  %-22s last success %s  %s%n", check.name(), check.sourceType(),
                    check.interval().toSeconds(), status == null ? "" : status.state(),
                    status == null || status.lastSuccess() == null ? "never" : status.lastSuccess(), check.baseUrl()));
        }
        return out.length() == 0 ? "no checks configured" : out.toString();
    }

    /** @param check a check's name @return what the run did */
    public String run(String check) {
        return engine.run(check, false).map(run -> run.outcome() + ": " + run.detail()).orElse("no check named '" + check + "'");
    }

    /** @param check a check's name @return what the check and its filters would pick, changing nothing */
    public String dryrun(String check) {
        return engine.run(check, true).map(run -> {
            StringBuilder out = new StringBuilder(run.outcome() + ": " + run.detail() + System.lineSeparator());
            run.decisions().forEach(decision -> out.append(decision.accepted() ? "  accept " : "  reject ")
                    .append(decision.change().url()).append("  (").append(decision.reason()).append(')').append(System.lineSeparator()));
            return out.toString();
        }).orElse("no check named '" + check + "'");
    }

    /** @return the newest jobs with their state and targets */
    public String jobs() {
        StringBuilder out = new StringBuilder();
        out.append("by state: ").append(jobs.countByState("")).append(System.lineSeparator());
        for (Job job : jobs.list(Set.of(), "", 0, LIST_LIMIT)) {
            out.append(String.format("%6d %-8s %-16s %s", job.id(), job.state(), job.check(), job.change().fileName()));
            for (Map.Entry<String, TargetStatus> target : job.targets().entrySet()) {
                out.append("  ").append(target.getKey()).append('=').append(target.getValue().state());
            }
            if (!job.lastError().isEmpty() || !job.waitingFor().isEmpty()) {
                out.append("  [").append(job.waitingFor().isEmpty() ? job.lastError() : "waiting for " + job.waitingFor()).append(']');
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    /** @param id a failed job's id @return whether it was queued again */
    public String retry(long id) {
        if (jobs.retry(id, Instant.now())) {
            return "job " + id + " queued again";
        }
        return jobs.find(id).map(job -> "job " + id + " is " + job.state() + ", not " + JobState.FAILED).orElse("no job " + id);
    }

    /** @return the newest events */
    public String events() {
        StringBuilder out = new StringBuilder();
        for (Event event : history.search(EventQuery.all().page(0, LIST_LIMIT)).events()) {
            out.append(String.format("%7d %s %-7s %-16s %-18s %s%n", event.id(), event.createdTime(), event.level().column(),
                    event.check(), event.component(), event.message()));
        }
        return out.toString();
    }

    /** @return every registered plugin */
    public String plugins() {
        StringBuilder out = new StringBuilder();
        for (PluginInfo plugin : registry.plugins()) {
            out.append(String.format("%-10s %-10s %s %s (%s)%n", plugin.kind().name().toLowerCase(Locale.ROOT),
                    plugin.type(), plugin.bundleSymbolicName(), plugin.bundleVersion(), plugin.bundleState()));
        }
        return out.toString();
    }
}
