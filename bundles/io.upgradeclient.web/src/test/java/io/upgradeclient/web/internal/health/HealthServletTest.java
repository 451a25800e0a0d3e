package io.upgradeclient.web.internal.health;

import static io.upgradeclient.web.internal.api.Fixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.store.internal.SqlCluster;
import io.upgradeclient.web.internal.api.Fixture;

/** {@code /health}'s body on the real store: the cluster for signed-in users, DOWN only without the store. */
class HealthServletTest {
    private static final HealthReport COMPONENTS_UP = new HealthReport(true, List.of(), List.of(), List.of());

    @TempDir
    Path folder;

    @Test
    void aSignedInUserSeesEveryNodeAliveOrDeadWithItsChecksAndJobsAndADeadPeerKeepsThisNodeUp() throws Exception {
        try (Fixture fixture = new Fixture(folder)) {
            SqlCluster cluster = new SqlCluster(fixture.database);
            String self = cluster.node();
            node(fixture, self, NOW.minusSeconds(5));
            node(fixture, "uc-dead", NOW.minusSeconds(600));
            assertThat(cluster.ownCheck("xm_dvr", NOW)).isTrue();
            fixture.jobs.enqueue("xm_dvr", Fixture.change("a.bin", "General", "1"), List.of("main"), NOW).orElseThrow();
            fixture.jobs.claim(NOW, Set.of()).orElseThrow();

            Map<String, Object> body = HealthServlet.body(COMPONENTS_UP, ClusterHealth.read(cluster, NOW), "uc", true);

            assertThat(body).containsEntry("status", "UP").containsEntry("problems", List.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> view = (Map<String, Object>) body.get("cluster");
            assertThat(view).containsEntry("node", self).containsEntry("alive", 1L).containsEntry("dead", 1L);
            assertThat(view.get("nodes")).asList().containsExactly(
                    Map.of("name", self, "version", "1.4.0", "started", NOW.minusSeconds(3600).toString(),
                            "heartbeat", NOW.minusSeconds(5).toString(), "alive", true, "checks", List.of("xm_dvr"), "running_jobs", 1),
                    Map.of("name", "uc-dead", "version", "1.4.0", "started", NOW.minusSeconds(3600).toString(),
                            "heartbeat", NOW.minusSeconds(600).toString(), "alive", false, "checks", List.of(), "running_jobs", 0));
        }
    }

    @Test
    void anonymousCallersGetOnlyTheStatusAndTheInstance() throws Exception {
        try (Fixture fixture = new Fixture(folder)) {
            node(fixture, "uc-dead", NOW.minusSeconds(600));

            Map<String, Object> body = HealthServlet.body(COMPONENTS_UP, ClusterHealth.read(new SqlCluster(fixture.database), NOW), "uc", false);

            assertThat(body).containsOnlyKeys("status", "instance").containsEntry("status", "UP");
        }
    }

    @Test
    void aStoreThisNodeCannotReadMakesItDown() throws Exception {
        Fixture fixture = new Fixture(folder);
        SqlCluster cluster = new SqlCluster(fixture.database);
        fixture.close();

        ClusterHealth unreachable = ClusterHealth.read(cluster, NOW);
        Map<String, Object> signedIn = HealthServlet.body(COMPONENTS_UP, unreachable, "uc", true);
        Map<String, Object> anonymous = HealthServlet.body(COMPONENTS_UP, unreachable, "uc", false);

        assertThat(unreachable.reachable()).isFalse();
        assertThat(signedIn).containsEntry("status", "DOWN");
        assertThat(signedIn.get("problems")).asList().singleElement().asString().startsWith("store unreachable: ");
        assertThat(anonymous).containsOnlyKeys("status", "instance").containsEntry("status", "DOWN");
    }

    /** A node's row as its heartbeat writes it, started an hour ago. */
    private static void node(Fixture fixture, String name, Instant heartbeat) throws Exception {
        fixture.database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO nodes (name, version, started, heartbeat) VALUES (?, '1.4.0', ?, ?)")) {
                insert.setString(1, name);
                insert.setLong(2, NOW.minusSeconds(3600).toEpochMilli());
                insert.setLong(3, heartbeat.toEpochMilli());
                return insert.executeUpdate();
            }
        });
    }
}
