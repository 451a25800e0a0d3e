package io.upgradeclient.core.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.core.internal.configured.ConfiguredCheck;
import io.upgradeclient.store.internal.Database;
import io.upgradeclient.store.internal.SqlCheckpoints;
import io.upgradeclient.store.internal.SqlHistory;
import io.upgradeclient.store.internal.SqlJobQueue;

/**
 * The engine's parts on a real SQLite store in a temporary folder, with test plugins and a clock the test moves.
 */
final class EngineFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final URI BASE = URI.create("file:///source/fw/");

    final MutableClock clock = new MutableClock(T0);
    final TestPlugins plugins = new TestPlugins();
    final Database database;
    final SqlJobQueue jobs;
    final SqlCheckpoints checkpoints;
    final SqlHistory history;
    final EventLog events;
    /** What the engine's events wrote to the log. */
    final List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Path cache;
    final Path staging;

    EngineFixture(Path folder) throws SQLException {
        database = Database.open(folder.resolve("upgradeclient.db"));
        jobs = new SqlJobQueue(database);
        checkpoints = new SqlCheckpoints(database);
        history = new SqlHistory(database);
        events = new EventLog(history, clock, (level, line) -> logged.add(level + " " + line));
        cache = folder.resolve("cache");
        staging = folder.resolve("staging");
    }

    static CheckDefinition check(String name, List<String> filters, List<String> targets) {
        return new CheckDefinition(name, "file", BASE, Credentials.NONE, "", Duration.ofDays(30), Duration.ofSeconds(15),
                filters, targets.stream().map(target -> new TargetRef(target, "test")).toList(), "", List.of(), "", Map.of());
    }

    static ConfiguredCheck configured(CheckDefinition check) {
        return new ConfiguredCheck() {
            @Override
            public CheckDefinition definition() {
                return check;
            }

            @Override
            public String packager() {
                return "copy";
            }
        };
    }

    static RemoteChange change(String path, String revision) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new RemoteChange(ChangeAction.ADDED, BASE.resolve(path), name, "", "", T0, revision, -1);
    }

    /** A downloader that "fetches" a file whose content names its URL. */
    static Downloader contentOfUrl() {
        return (check, change, cacheDir) -> {
            try {
                Files.createDirectories(cacheDir);
                Path file = cacheDir.resolve(change.fileName());
                Files.writeString(file, "content of " + change.url(), StandardCharsets.UTF_8);
                return new DownloadedFile(change, file, Files.size(file), sha256(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    List<Event> events(String text) throws InterruptedException {
        history.flush(Duration.ofSeconds(10));
        return history.search(EventQuery.all().withText(text).page(0, 100)).events();
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        history.close();
        database.close();
    }
}
