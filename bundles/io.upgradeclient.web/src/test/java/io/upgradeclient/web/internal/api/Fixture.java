package io.upgradeclient.web.internal.api;

import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.upgradeclient.api.AlertMedia;
import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckCatalog;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.store.internal.Database;
import io.upgradeclient.store.internal.SqlHistory;
import io.upgradeclient.store.internal.SqlJobQueue;

/**
 * The real SQLite history and job queue in a temporary folder, a catalog with one check, and a fixed clock.
 */
public final class Fixture implements AutoCloseable {
    /** The test's "now". */
    public static final Instant NOW = Instant.parse("2024-05-15T12:00:00Z");
    /** A file name that is an XSS attempt. */
    public static final String EVIL = "<img src=x onerror=alert(1)>.bin";

    public final Database database;
    public final SqlHistory history;
    public final SqlJobQueue jobs;
    public final Catalog checks = new Catalog();
    public final WebApi api;

    public Fixture(Path folder) throws SQLException {
        database = Database.open(folder.resolve("upgradeclient.db"));
        history = new SqlHistory(database, ZoneOffset.UTC, SqlHistory.Tuning.DEFAULTS);
        jobs = new SqlJobQueue(database);
        api = new WebApi(history, jobs, checks, Clock.fixed(NOW, ZoneOffset.UTC), ZoneId.of("UTC"));
    }

    /** Records an event and waits until it is stored. */
    public void record(Event event) throws InterruptedException {
        history.record(event);
        if (!history.flush(Duration.ofSeconds(10))) {
            throw new IllegalStateException("history not flushed");
        }
    }

    public static RemoteChange change(String fileName, String fileType, String revision) {
        return new RemoteChange(ChangeAction.ADDED, URI.create("http://svn.example.com/fw/" + fileType + "/" + revision + ".bin"),
                fileName, fileType, "alice", NOW.minus(Duration.ofHours(2)), revision, 1234);
    }

    public static Event event(EventLevel level, String component, String check, String message, Instant at) {
        return Event.builder(level, "check", component).check(check).message(message).createdTime(at)
                .change(change("fw-" + message + ".bin", "dvr", "r1")).build();
    }

    /** A catalog with the check {@code xm_dvr}, whose runs it records. */
    public static final class Catalog implements CheckCatalog {
        public final List<String> runs = new ArrayList<>();

        public static CheckDefinition definition() {
            return new CheckDefinition("xm_dvr", "svn", URI.create("http://reader:hunter2@svn.example.com/fw/"),
                    new Credentials("reader", "s3cret-pass"), "", Duration.ofDays(30), Duration.ofMinutes(15),
                    List.of("default"), List.of(new TargetRef("default", "rsync")), "0 23 * * *",
                    List.of(new AlertMedia(new TargetRef("default", "email"), List.of("ops@example.com"), List.of(), List.of())),
                    "xm_upgradefiles", Map.of("smtp_pass", "mail-secret", "include", "*.bin"));
        }

        @Override
        public List<CheckDefinition> checks() {
            return List.of(definition());
        }

        @Override
        public Optional<String> packager(String check) {
            return "xm_dvr".equals(check) ? Optional.of("xm") : Optional.empty();
        }

        @Override
        public List<CheckStatus> statuses() {
            return List.of(CheckStatus.fresh("xm_dvr").succeeded(NOW.minusSeconds(60), 3).failed(NOW, "svn: connection refused")
                    .nextRunAt(NOW.plus(Duration.ofMinutes(15))));
        }

        /** Records the run as {@code "<check> from start"}: two changes, one picked, as the whole source holds them. */
        @Override
        public Optional<CheckRun> dryRunFromStart(String check) {
            if (!"xm_dvr".equals(check)) {
                return Optional.empty();
            }
            runs.add(check + " from start");
            return Optional.of(new CheckRun(CheckRun.Outcome.SUCCEEDED, List.of(FilterDecision.accept(change("old-fw.bin", "dvr", "r1"), "new firmware"),
                    FilterDecision.reject(change("notes.txt", "dvr", "r2"), "not *.bin")), 0,
                    "1 of 2 changes would be queued (whole source, checkpoint ignored)"));
        }

        @Override
        public Optional<CheckRun> run(String check, boolean dryRun) {
            if (!"xm_dvr".equals(check)) {
                return Optional.empty();
            }
            runs.add(check + (dryRun ? " dry" : ""));
            return Optional.of(new CheckRun(CheckRun.Outcome.SUCCEEDED,
                    List.of(FilterDecision.accept(change(EVIL, "dvr", "r9"), "new firmware")), dryRun ? 0 : 1, "1 change"));
        }
    }

    @Override
    public void close() throws Exception {
        history.close();
        database.close();
    }
}
