package io.upgradeclient.web.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.store.internal.SqlCluster;

class NodesServletTest {
    private static final Instant NOW = Fixture.NOW;

    @Test
    void listsEveryNodeWithItsHeartbeatItsChecksAndItsRunningJobs(@TempDir Path folder) throws Exception {
        try (Fixture fixture = new Fixture(folder)) {
            SqlCluster cluster = new SqlCluster(fixture.database);
            String self = cluster.node();
            node(fixture, self, "1.4.0", NOW.minusSeconds(60), NOW.minusSeconds(5));
            node(fixture, "~dead", "1.3.0", NOW.minusSeconds(3600), NOW.minusSeconds(120));
            assertThat(cluster.ownCheck("xm_dvr", NOW)).isTrue();
            fixture.jobs.enqueue("xm_dvr", Fixture.change("a.bin", "General", "1"), List.of("main"), NOW).orElseThrow();
            fixture.jobs.claim(NOW, Set.of()).orElseThrow();

            Map<String, Object> view = new NodesServlet(cluster, Clock.fixed(NOW, ZoneOffset.UTC)).view(NOW);

            assertThat(view).containsEntry("node", self);
            assertThat(view.get("nodes")).asList().containsExactly(
                    Map.of("name", self, "version", "1.4.0", "started", NOW.minusSeconds(60).toString(),
                            "heartbeat", NOW.minusSeconds(5).toString(), "alive", true, "checks", List.of("xm_dvr"),
                            "running_jobs", 1),
                    Map.of("name", "~dead", "version", "1.3.0", "started", NOW.minusSeconds(3600).toString(),
                            "heartbeat", NOW.minusSeconds(120).toString(), "alive", false, "checks", List.of(),
                            "running_jobs", 0));
        }
    }

    /** A node's row as its heartbeat writes it. */
    private static void node(Fixture fixture, String name, String version, Instant started, Instant heartbeat) throws Exception {
        fixture.database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO nodes (name, version, started, heartbeat) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, version);
                insert.setLong(3, started.toEpochMilli());
                insert.setLong(4, heartbeat.toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }
}
