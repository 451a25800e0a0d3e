package io.upgradeclient.core.internal.engine;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.PluginLease;
import io.upgradeclient.api.Plugins;
import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.Checkpoints;
import io.upgradeclient.api.Cluster;
import io.upgradeclient.api.History;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobActivity;
import io.upgradeclient.api.JobProgress;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.UploadTarget;
import io.upgradeclient.core.internal.configured.ConfiguredCheck;
import io.upgradeclient.core.internal.configured.ConfiguredTarget;
import io.upgradeclient.core.internal.registry.PluginRegistry;

/**
 * Runs the configured checks on their schedules and works the job queue.
 *
 * <p>Each check has one schedule at its interval and never overlaps itself; checks run on a bounded pool so a
 * slow source does not hold up the others. Job workers claim due jobs from the durable queue; when a plugin or an
 * upload target arrives, the jobs waiting for it go back to the queue at once. When several nodes share the store, a
 * check runs only on the node that owns it ({@link Cluster}); the others skip its turns until its owner dies.
 */
@Component(service = {CheckCatalog.class, JobProgress.class}, immediate = true, configurationPid = Engine.SETTINGS_PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EngineSettings.class)
public final class Engine implements CheckCatalog, JobProgress {
    /** The PID of {@code upgradeclient.yaml}'s settings, shared by the components that read them. */
    public static final String SETTINGS_PID = "io.upgradeclient.settings";
    /** How a job waiting for an upload target's configuration names what it waits for. */
    static final String TARGET_PREFIX = "target:";
    /** How a job whose check is not configured (yet, or any more) names what it waits for. */
    static final String CHECK_PREFIX = "check:";

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);

    private final BundleContext context;
    private final JobQueue jobs;
    private final Clock clock = Clock.systemUTC();
    private final CheckRunner checkRunner;
    private final JobRunner jobRunner;
    private final ScheduledExecutorService timer;
    private final ExecutorService checkPool;
    private final ExecutorService jobWorkers;
    private final int workerCount;
    private final Semaphore workAvailable = new Semaphore(0);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CheckSchedule schedule;
    private final Map<String, ConfiguredCheck> checks = new ConcurrentHashMap<>();
    private final Map<String, UploadTarget> targets = new ConcurrentHashMap<>();
    private final Map<String, CheckStatus> statuses = new ConcurrentHashMap<>();
    private final ServiceListener pluginArrivals = this::pluginChanged;
    private final Plugins plugins;
    private final ProgressBoard progress = new ProgressBoard(clock);
    private final Cluster cluster;
    private final StoreOutage outage = new StoreOutage(clock);
    private final JobRecorder recorder;

    /**
     * @param context this bundle's context, for plugin arrivals
     * @param settings threads, retries and folders
     * @param jobs the durable job queue
     * @param checkpoints what each check saw last
     * @param history where every step is recorded
     * @param plugins where the plugins of each step are found
     * @param cluster which checks this node runs when several nodes share the store
     * @throws InvalidSyntaxException never: the plugin filter is built from the interfaces' names
     */
    @Activate
    public Engine(BundleContext context, EngineSettings settings, @Reference JobQueue jobs, @Reference Checkpoints checkpoints,
            @Reference History history, @Reference Plugins plugins, @Reference Cluster cluster) throws InvalidSyntaxException {
        this.context = context;
        this.cluster = cluster;
        this.jobs = jobs;
        this.plugins = plugins;
        Path home = Path.of(Optional.ofNullable(context.getProperty("upgradeclient.home")).orElse("."));
        EventLog events = new EventLog(history, clock);
        SecureRandom random = new SecureRandom();
        Backoff backoff = new Backoff(Duration.ofSeconds(settings.engine_backoff__initial__seconds()),
                Duration.ofSeconds(settings.engine_backoff__max__seconds()), random::nextDouble);
        this.checkRunner = new CheckRunner(plugins, jobs, checkpoints, events, clock, backoff);
        this.recorder = new JobRecorder(jobs, outage, stopping::get, IDLE_POLL);
        this.jobRunner = new JobRunner(plugins, events, clock, backoff, Math.max(1, settings.engine_max__attempts()),
                home.resolve(settings.paths_cache()), home.resolve(settings.paths_staging()), progress, stopping::get, recorder);
        this.workerCount = Math.max(1, settings.engine_job__threads());
        this.timer = Executors.newSingleThreadScheduledExecutor(named("upgradeclient-schedule"));
        this.checkPool = Executors.newFixedThreadPool(Math.max(1, settings.engine_check__threads()), named("upgradeclient-check"));
        this.schedule = new CheckSchedule(timer, checkPool);
        this.jobWorkers = Executors.newFixedThreadPool(workerCount, named("upgradeclient-job"));

        int requeued = jobs.requeueInterrupted(clock.instant());
        if (requeued > 0) {
            LOG.info("Resuming {} job(s) interrupted by the last shutdown or crash", requeued);
        }
        context.addServiceListener(pluginArrivals, PluginRegistry.pluginFilter());
        for (int i = 0; i < workerCount; i++) {
            jobWorkers.execute(this::work);
        }
    }

    @Deactivate
    void stop() throws InterruptedException {
        stopping.set(true);
        context.removeServiceListener(pluginArrivals);
        schedule.cancelAll();
        timer.shutdownNow();
        checkPool.shutdownNow();
        jobWorkers.shutdownNow();
        workAvailable.release(workerCount);
        if (!jobWorkers.awaitTermination(30, TimeUnit.SECONDS) || !checkPool.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Some checks or jobs did not stop within 30 s; they resume at the next start");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(ConfiguredCheck check) {
        String name = check.definition().name();
        ConfiguredCheck previous = checks.put(name, check);
        if (previous != null && previous != check) {
            LOG.warn("Two configurations define the check '{}'; the latest one is used", name);
        }
        statuses.putIfAbsent(name, CheckStatus.fresh(name));
        schedule(check);
        wake(CHECK_PREFIX + name);
    }

    void removeCheck(ConfiguredCheck check) {
        String name = check.definition().name();
        if (checks.remove(name, check)) {
            schedule.cancel(name);
            statuses.remove(name);
            checkRunner.forget(name);
            LOG.info("Check '{}' removed", name);
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addTarget(ConfiguredTarget target) {
        String name = target.target().ref().name();
        targets.put(name, target.target());
        wake(TARGET_PREFIX + name);
    }

    void removeTarget(ConfiguredTarget target) {
        targets.remove(target.target().ref().name(), target.target());
    }

    private void schedule(ConfiguredCheck check) {
        CheckDefinition definition = check.definition();
        schedule.schedule(definition.name(), definition.interval(), () -> {
            ConfiguredCheck current = checks.get(definition.name());
            if (current != null) {
                runCheck(current.definition(), true);
            }
        });
        LOG.info("Check '{}' scheduled every {} s ({} source {})", definition.name(), definition.interval().toSeconds(),
                definition.sourceType(), definition.baseUrl());
    }

    @Override
    public Optional<CheckRun> run(String name, boolean dryRun) {
        ConfiguredCheck check = checks.get(name);
        if (check == null) {
            return Optional.empty();
        }
        if (dryRun) {
            return Optional.of(checkRunner.run(check.definition(), true));
        }
        return Optional.of(schedule.runNow(name, () -> runCheck(check.definition(), false))
                .orElse(new CheckRun(CheckRun.Outcome.SUCCEEDED, List.of(), 0, "already running")));
    }

    @Override
    public Optional<CheckRun> dryRunFromStart(String name) {
        return Optional.ofNullable(checks.get(name)).map(check -> checkRunner.run(check.definition(), true, true));
    }

    @Override
    public List<JobActivity> running() {
        return progress.running();
    }

    @Override
    public Optional<JobActivity> of(long jobId) {
        return progress.of(jobId);
    }

    /** @param scheduled whether the schedule started it (then a source's Retry-After holds it back) or an operator */
    private CheckRun runCheck(CheckDefinition definition, boolean scheduled) {
        String name = definition.name();
        CheckStatus before = statuses.get(name);
        try {
            CheckRun run = runOwnedCheck(definition, scheduled);
            outage.reached();
            return run;
        } catch (RuntimeException e) {
            // The store is unreachable (nothing else in a run throws: plugin failures are the run's outcome). That is
            // no failure of the source, so the status stays as it was, and the run is simply tried at its next turn.
            outage.failed("running check '" + name + "'", e);
            if (before != null) {
                statuses.computeIfPresent(name, (key, status) -> before.nextRunAt(clock.instant().plus(definition.interval())));
            }
            return CheckRun.failed("the store cannot be reached: " + e.getMessage());
        }
    }

    private CheckRun runOwnedCheck(CheckDefinition definition, boolean scheduled) {
        String name = definition.name();
        if (!cluster.ownCheck(name, clock.instant())) {
            // another live node owns the check: it alone runs it, so that no change is queued or reported twice
            statuses.computeIfPresent(name, (key, status) -> status.nextRunAt(clock.instant().plus(definition.interval())));
            return new CheckRun(CheckRun.Outcome.SUCCEEDED, List.of(), 0, "run by another node");
        }
        statuses.computeIfPresent(name, (key, status) -> status.running());
        // start and end of each run, to the millisecond: with several nodes, the logs show that runs never overlap
        LOG.debug("Check '{}' run starts on node {}", name, cluster.node());
        CheckRun run;
        try {
            run = scheduled ? checkRunner.runScheduled(definition) : checkRunner.run(definition, false);
        } finally {
            LOG.debug("Check '{}' run ends on node {}", name, cluster.node());
        }
        Instant now = clock.instant();
        statuses.computeIfPresent(name, (key, status) -> after(status, run, now).nextRunAt(now.plus(definition.interval())));
        if (run.queued() > 0) {
            workAvailable.release(workerCount);
        }
        return run;
    }

    private static CheckStatus after(CheckStatus status, CheckRun run, Instant now) {
        return switch (run.outcome()) {
            case SUCCEEDED -> status.succeeded(now, run.queued());
            case WAITING -> status.waiting(now, run.detail());
            case FAILED -> status.failed(now, run.detail());
        };
    }

    /** A job worker: claims due jobs one by one and sleeps briefly when there are none. */
    private void work() {
        while (!stopping.get()) {
            try {
                Optional<Job> claimed;
                try {
                    claimed = jobs.claim(clock.instant(), Set.of());
                    outage.reached();
                } catch (RuntimeException e) {
                    outage.failed("claiming a job", e);
                    if (!pause()) {
                        return;
                    }
                    continue;
                }
                if (claimed.isEmpty()) {
                    workAvailable.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
                    continue;
                }
                process(claimed.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Job worker hit an unexpected failure; it carries on", e);
                if (!pause()) {
                    return;
                }
            }
        }
    }

    /** @return false if interrupted */
    private boolean pause() {
        try {
            workAvailable.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void process(Job job) {
        ConfiguredCheck check = checks.get(job.check());
        Job result;
        if (check == null) {
            result = job.waitingFor(CHECK_PREFIX + job.check(), clock.instant());
        } else {
            try {
                result = jobRunner.run(job, check, name -> Optional.ofNullable(targets.get(name)));
            } catch (LeaseLost lost) {
                JobRecorder.fencedOff(job, lost);
                return;
            }
        }
        if (!recorder.outcome(result)) {
            return;
        }
        if (result.state() == JobState.WAITING && isPresent(result.waitingFor())) {
            // What the job waits for arrived between the run's lookup and this update: its wake-up found no waiting
            // job then, so give it now rather than leave the job parked until the next arrival.
            wake(result.waitingFor());
        }
    }

    /** @param awaited what a waiting job names: {@code check:<name>}, {@code target:<name>} or {@code <kind>:<type>} */
    private boolean isPresent(String awaited) {
        if (awaited.startsWith(CHECK_PREFIX)) {
            return checks.containsKey(awaited.substring(CHECK_PREFIX.length()));
        }
        if (awaited.startsWith(TARGET_PREFIX)) {
            return targets.containsKey(awaited.substring(TARGET_PREFIX.length()));
        }
        for (PluginKind kind : PluginKind.values()) {
            String prefix = kind.label("");
            if (awaited.startsWith(prefix)) {
                Optional<? extends PluginLease<?>> lease = plugins.acquire(kind, awaited.substring(prefix.length()), kind.serviceInterface());
                lease.ifPresent(PluginLease::close);
                return lease.isPresent();
            }
        }
        return false;
    }

    private void pluginChanged(ServiceEvent event) {
        if (event.getType() != ServiceEvent.REGISTERED) {
            return;
        }
        Object type = event.getServiceReference().getProperty(PluginKind.TYPE_PROPERTY);
        String[] interfaces = (String[]) event.getServiceReference().getProperty(Constants.OBJECTCLASS);
        for (String name : interfaces) {
            PluginKind kind = PluginKind.ofInterface(name);
            if (kind != null && type != null) {
                wake(kind.label(type.toString()));
            }
        }
    }

    private void wake(String awaited) {
        int woken = jobs.wake(awaited, clock.instant());
        if (woken > 0) {
            LOG.info("{} arrived: {} waiting job(s) resume", awaited, woken);
            workAvailable.release(workerCount);
        }
    }

    @Override
    public List<CheckStatus> statuses() {
        List<CheckStatus> all = new ArrayList<>(statuses.values());
        all.sort(Comparator.comparing(CheckStatus::check));
        return all;
    }

    @Override
    public List<CheckDefinition> checks() {
        return checks.values().stream().map(ConfiguredCheck::definition).sorted(Comparator.comparing(CheckDefinition::name)).toList();
    }

    @Override
    public Optional<String> packager(String check) {
        return Optional.ofNullable(checks.get(check)).map(ConfiguredCheck::packager);
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
