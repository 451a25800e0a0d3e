package io.upgradeclient.store.internal;

import static io.upgradeclient.store.internal.Events.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.InstanceInfo;
import io.upgradeclient.testsupport.DsConfig;
import io.upgradeclient.testsupport.ReadmeKeys;

/**
 * Each key of the shared settings PID the README documents for the store, set to another value than its default,
 * takes effect: the SQLite keys on a real database, the PostgreSQL ones up to the connection they describe.
 */
class StoreConfigKeysTest {
    private static final Path README = Path.of("README.md");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;

    private static final Map<String, Object> CONFIGURED = Map.ofEntries(Map.entry("paths.data", "db/here"),
            Map.entry("history.retention_days", "2"), Map.entry("history.max_rows", "4"), Map.entry("store.type", "postgresql"),
            Map.entry("store.url", "jdbc:postgresql://127.0.0.1:1/firmware"), Map.entry("store.user", "watcher"),
            Map.entry("store.password_file", "secrets/pg"), Map.entry("store.password", "inline-S3cret"),
            Map.entry("store.pool_size", "3"), Map.entry("store.lease_seconds", "45"), Map.entry("node.name", "n7"));

    @Test
    void everyKeyTheReadmeDocumentsIsReadUnderThatName() {
        Set<String> documented = ReadmeKeys.table(README, "| PID | key | default | meaning |", 1);
        assertThat(CONFIGURED.keySet()).as("a documented key without a test here").isEqualTo(documented);
        assertThat(DsConfig.keys(StoreSettings.class)).as("the keys the components read").isEqualTo(documented);
        assertThat(DsConfig.keysAtDefault(StoreSettings.class, CONFIGURED)).isEmpty();
    }

    @Test
    void theSqliteKeysNameTheFileTheNodeTheLeaseAndTheRetention() throws Exception {
        Map<String, Object> sqlite = new HashMap<>(CONFIGURED);
        sqlite.keySet().removeIf(key -> key.startsWith("store.") && !key.equals("store.lease_seconds"));
        Database database = new Database(context(), DsConfig.of(StoreSettings.class, sqlite), instance());
        try {
            assertThat(database.file()).as("paths.data").isEqualTo(home.resolve("db/here/upgradeclient.db"));
            assertThat(database.lease()).as("node.name, store.lease_seconds").isEqualTo(new NodeLease("n7", Duration.ofSeconds(45)));

            SqlHistory history = new SqlHistory(database, ZoneOffset.UTC, new SqlHistory.Tuning(1_000, 100, Duration.ofSeconds(1), 4,
                    Duration.ofMillis(200)));
            Instant now = Instant.now();
            for (int i = 1; i <= 5; i++) {
                history.record(event(EventLevel.INFO, "r" + i, now.minusSeconds(60 - i)));
            }
            // the newest row but the oldest time: only the retention period deletes it, the row limit takes the lowest ids
            history.record(event(EventLevel.INFO, "old", now.minus(Duration.ofDays(10))));
            history.flush(WAIT);
            HistoryRetention retention = new HistoryRetention(database, DsConfig.of(StoreSettings.class, Map.of()));
            try {
                retention.modified(DsConfig.of(StoreSettings.class, sqlite));
                List<String> expected = List.of("r5", "r4", "r3", "r2");
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!messages(history).equals(expected) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(messages(history)).as("history.retention_days deletes 'old', history.max_rows then 'r1'").isEqualTo(expected);
            } finally {
                retention.stop();
                history.close();
            }
        } finally {
            database.close();
        }
    }

    @Test
    void thePostgresqlKeysDescribeTheConnection() throws Exception {
        Files.createDirectories(home.resolve("secrets"));
        Files.writeString(home.resolve("secrets/pg"), "from-the-file\n");
        StoreSettings settings = DsConfig.of(StoreSettings.class, CONFIGURED);

        assertThat(PostgresqlConnections.of(home.toString(), settings, "n7"))
                .hasToString("PostgresqlConnections[url=jdbc:postgresql://127.0.0.1:1/firmware, user=watcher, password=********,"
                        + " poolSize=3, node=n7]");
        Files.delete(home.resolve("secrets/pg"));
        assertThatThrownBy(() -> PostgresqlConnections.of(home.toString(), settings, "n7")).as("store.password_file is read")
                .isInstanceOf(IOException.class).hasMessageContaining("pg");
        Map<String, Object> inline = new HashMap<>(CONFIGURED);
        inline.remove("store.password_file");
        assertThat(PostgresqlConnections.of(home.toString(), DsConfig.of(StoreSettings.class, inline), "n7").toString())
                .as("store.password").contains("password=********");
        assertThatThrownBy(() -> new Database(context(), DsConfig.of(StoreSettings.class, inline), instance()))
                .as("store.type: PostgreSQL at store.url, where nothing listens").isInstanceOf(SQLException.class);
    }

    private static List<String> messages(SqlHistory history) {
        return history.search(EventQuery.all()).events().stream().map(Event::message).toList();
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> "getProperty".equals(method.getName()) && Database.HOME_PROPERTY.equals(args[0]) ? home.toString() : null);
    }

    private static InstanceInfo instance() {
        return new InstanceInfo() {
            @Override
            public String name() {
                return "upgradeclient";
            }

            @Override
            public String description() {
                return "";
            }
        };
    }
}
