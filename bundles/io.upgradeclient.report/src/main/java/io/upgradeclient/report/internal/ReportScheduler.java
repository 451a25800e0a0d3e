package io.upgradeclient.report.internal;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.upgradeclient.api.Plugins;
import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.Checkpoints;
import io.upgradeclient.api.Cluster;
import io.upgradeclient.api.History;
import io.upgradeclient.api.JobQueue;

/**
 * Runs the {@link ReportDispatcher} in OSGi: one scheduler thread ticks every second, a small pool sends, alert
 * sections come and go as their configurations do, and alerters are looked up in the service registry at each
 * send. Configured by PID {@value #PID}; {@code web.public_url} of {@code upgradeclient.yaml} ({@link WebSettings})
 * is used when {@code public_url} is not set.
 */
@Component(name = ReportScheduler.PID, service = {}, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ReportScheduler.Config.class)
public final class ReportScheduler {
    /** This component's PID. */
    public static final String PID = "io.upgradeclient.report";

    private static final Logger LOG = LoggerFactory.getLogger(ReportScheduler.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final int SENDERS = 2;

    @ObjectClassDefinition(name = "upgradeclient reports",
            description = "Scheduled reports (each check's alert.crontab) and failure alerts, sent through the alert sections.")
    @interface Config {
        @AttributeDefinition(name = "Time zone", description = "The zone the checks' alert.crontab is read in, e.g. Europe/Berlin; empty for the system's.")
        String time__zone() default "";

        @AttributeDefinition(name = "Send empty reports", description = "Send a scheduled report even when nothing happened in its period.")
        boolean send__empty() default false;

        @AttributeDefinition(name = "Public URL", description = "Base URL of the web UI for links in reports; empty uses web.public_url of upgradeclient.yaml.")
        String public__url() default "";

        @AttributeDefinition(name = "Failing after", description = "Consecutive failed runs after which a check is reported failing.")
        int failing__after() default 3;

        @AttributeDefinition(name = "Stale after (min)", description = "A check with no successful run for this long is reported stale.")
        long stale__after__minutes() default 1440;

        @AttributeDefinition(name = "First reminder (min)", description = "Wait before the first 'still failing' reminder; doubles for each further one.")
        long reminder__first__minutes() default 60;

        @AttributeDefinition(name = "Longest reminder interval (min)", description = "The longest wait between 'still failing' reminders.")
        long reminder__max__minutes() default 1440;

        @AttributeDefinition(name = "First retry (s)", description = "Wait after a send failed transiently (SMTP down); doubles for each further attempt.")
        long retry__first__seconds() default 60;

        @AttributeDefinition(name = "Longest retry (min)", description = "The longest wait between send attempts.")
        long retry__max__minutes() default 60;
    }

    private final Map<String, AlertSection> sections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService senders;

    /**
     * @param config this component's settings
     * @param web {@code web.public_url} of {@code upgradeclient.yaml}
     * @param catalog the checks and their statuses
     * @param history where reports are read from
     * @param jobs the job queue
     * @param checkpoints where the progress of reports and alerts is kept
     * @param cluster which checks' reports and alerts this node sends
     * @param plugins where the alerters are found at each send
     */
    @Activate
    public ReportScheduler(Config config, @Reference WebSettings web, @Reference CheckCatalog catalog,
            @Reference History history, @Reference JobQueue jobs, @Reference Checkpoints checkpoints, @Reference Cluster cluster,
            @Reference Plugins plugins) {
        ReportSettings settings = settings(config, web);
        this.timer = Executors.newSingleThreadScheduledExecutor(named("upgradeclient-report-schedule"));
        this.senders = Executors.newFixedThreadPool(SENDERS, named("upgradeclient-report-send"));
        ReportDispatcher dispatcher = new ReportDispatcher(catalog, history, jobs, checkpoints, cluster, plugins,
                name -> Optional.ofNullable(sections.get(name)), settings, Clock.systemUTC(), senders);
        timer.scheduleWithFixedDelay(dispatcher::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Reports: cron read in {}, empty reports {}", settings.zone(), settings.sendEmpty() ? "sent" : "skipped");
    }

    @Deactivate
    void stop() throws InterruptedException {
        timer.shutdownNow();
        senders.shutdownNow();
        if (!senders.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Reports: a send did not stop within 30 s; its report is sent again after the next start");
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSection(AlertConfiguration section) {
        AlertSection previous = sections.put(section.name(), new AlertSection(section.name(), section.type(), section.settings()));
        if (previous != null) {
            LOG.warn("Two configurations define the alert section '{}'; the latest one is used", section.name());
        }
    }

    void removeSection(AlertConfiguration section) {
        sections.computeIfPresent(section.name(), (name, current) -> current.settings().equals(section.settings())
                && current.type().equals(section.type()) ? null : current);
    }

    static ReportSettings settings(Config config, WebSettings web) {
        ZoneId zone = ZoneId.systemDefault();
        if (!config.time__zone().isBlank()) {
            try {
                zone = ZoneId.of(config.time__zone().strip());
            } catch (DateTimeException e) {
                LOG.warn("Reports: time_zone '{}' is not a time zone (expected e.g. Europe/Berlin or UTC); using {}",
                        config.time__zone(), zone);
            }
        }
        String ownUrl = config.public__url().strip();
        Supplier<String> publicUrl = ownUrl.isEmpty() ? web::publicUrl : () -> ownUrl;
        return new ReportSettings(zone, config.send__empty(), publicUrl, config.failing__after(),
                Duration.ofMinutes(Math.max(1, config.stale__after__minutes())),
                Duration.ofMinutes(Math.max(1, config.reminder__first__minutes())),
                Duration.ofMinutes(Math.max(1, config.reminder__max__minutes())),
                Duration.ofSeconds(Math.max(1, config.retry__first__seconds())),
                Duration.ofMinutes(Math.max(1, config.retry__max__minutes())));
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
