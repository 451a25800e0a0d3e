package io.upgradeclient.report.internal;

import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.upgradeclient.api.Plugins;
import io.upgradeclient.api.PluginLease;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.Checkpoints;
import io.upgradeclient.api.Cluster;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.store.internal.Database;
import io.upgradeclient.store.internal.SqlCheckpoints;
import io.upgradeclient.store.internal.SqlCluster;
import io.upgradeclient.store.internal.SqlHistory;
import io.upgradeclient.store.internal.SqlJobQueue;

/**
 * A real SQLite store in a temporary folder, a catalog the test edits, a recording alerter of type {@code email}
 * and a clock the test moves; dispatchers built on it run their sends on the calling thread.
 */
final class ReportFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final URI BASE = URI.create("file:///source/fw/");
    static final AlertMedia MEDIA = new AlertMedia(new TargetRef("default", "email"), List.of("ops@example.com"),
            List.of("boss@example.com"), List.of());

    final MutableClock clock = new MutableClock(T0);
    final Database database;
    final SqlHistory history;
    final SqlJobQueue jobs;
    final SqlCheckpoints checkpoints;
    final Catalog catalog = new Catalog();
    final RecordingAlerter alerter = new RecordingAlerter();
    final Map<String, AlertSection> sections = new ConcurrentHashMap<>();
    volatile boolean alerterDeployed = true;

    ReportFixture(Path folder) throws SQLException {
        database = Database.open(folder.resolve("upgradeclient.db"));
        history = new SqlHistory(database, ZoneOffset.UTC, SqlHistory.Tuning.DEFAULTS);
        jobs = new SqlJobQueue(database);
        checkpoints = new SqlCheckpoints(database);
        sections.put("default", new AlertSection("default", "email", Map.of("smtp_host", "127.0.0.1")));
    }

    static ReportSettings settings(boolean sendEmpty) {
        return new ReportSettings(ZoneOffset.UTC, sendEmpty, () -> "", 3, Duration.ofMinutes(1440), Duration.ofHours(1),
                Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofMinutes(60));
    }

    /** A dispatcher over this fixture, as after a (re)start of the component. */
    ReportDispatcher dispatcher(ReportSettings settings) {
        return dispatcher(settings, new OwnsEveryCheck(new SqlCluster(database), catalog), checkpoints);
    }

    /**
     * A dispatcher over this fixture's catalog, alerter and sections, on one node of a cluster.
     *
     * @param settings the configured behaviour
     * @param cluster the node's view of the cluster
     * @param checkpoints the node's checkpoints (the shared store's)
     */
    ReportDispatcher dispatcher(ReportSettings settings, Cluster cluster, Checkpoints checkpoints) {
        return new ReportDispatcher(catalog, history, jobs, checkpoints, cluster, alerters(),
                name -> Optional.ofNullable(sections.get(name)), settings, clock, Runnable::run);
    }

    private Plugins alerters() {
        return new Plugins() {
            @Override
            public <T> Optional<PluginLease<T>> acquire(PluginKind kind, String type, Class<T> serviceType) {
                if (!alerterDeployed || kind != PluginKind.ALERTER || !"email".equals(type)) {
                    return Optional.empty();
                }
                T service = serviceType.cast(alerter);
                return Optional.of(new PluginLease<>() {
                    @Override
                    public T service() {
                        return service;
                    }

                    @Override
                    public boolean isGone() {
                        return false;
                    }

                    @Override
                    public void close() {
                    }
                });
            }
        };
    }

    static CheckDefinition check(String name, String cron, Map<String, String> options, AlertMedia... medias) {
        return new CheckDefinition(name, "file", BASE, Credentials.NONE, "", Duration.ofDays(30), Duration.ofSeconds(15),
                List.of("default"), List.of(new TargetRef("default", "dir")), cron, List.of(medias), "", options);
    }

    static CheckDefinition check(String name, String cron) {
        return check(name, cron, Map.of(), MEDIA);
    }

    /** Records an event at the current clock time and waits until it is stored. */
    void event(EventLevel level, String name, String check, String message) throws InterruptedException {
        history.record(Event.builder(level, name, "uploader:dir").check(check).message(message)
                .change(change(message)).createdTime(clock.instant()).build());
        history.flush(Duration.ofSeconds(10));
    }

    /** Queues a job now and returns it claimed (RUNNING). */
    Job runningJob(String check, String file) {
        jobs.enqueue(check, change(file), List.of("default"), clock.instant()).orElseThrow();
        return jobs.claim(clock.instant(), java.util.Set.of()).orElseThrow();
    }

    static RemoteChange change(String file) {
        String name = file.replaceAll("[^A-Za-z0-9._-]", "_");
        return new RemoteChange(ChangeAction.ADDED, BASE.resolve(name), name, "General", "", T0, "r1", -1);
    }

    List<Event> events(EventLevel level, String name) throws InterruptedException {
        history.flush(Duration.ofSeconds(10));
        return history.search(EventQuery.all().withLevels(java.util.Set.of(level)).page(0, 100)).events().stream()
                .filter(event -> event.name().equals(name)).toList();
    }

    @Override
    public void close() throws InterruptedException {
        history.close();
        database.close();
    }

    /** A check catalog the test edits. */
    static final class Catalog implements CheckCatalog {
        final List<CheckDefinition> checks = new CopyOnWriteArrayList<>();
        final Map<String, CheckStatus> statuses = new ConcurrentHashMap<>();

        @Override
        public List<CheckDefinition> checks() {
            return List.copyOf(checks);
        }

        @Override
        public List<CheckStatus> statuses() {
            return List.copyOf(statuses.values());
        }

        @Override
        public Optional<CheckRun> run(String check, boolean dryRun) {
            return Optional.empty();
        }
    }
}
