package io.upgradeclient.web.internal.metrics;

import static io.upgradeclient.web.internal.api.Fixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.store.internal.Database;
import io.upgradeclient.store.internal.NodeLease;
import io.upgradeclient.store.internal.SqlCluster;
import io.upgradeclient.store.internal.SqlHistory;
import io.upgradeclient.web.internal.api.Fixture;
import io.upgradeclient.web.internal.security.Http;

/** {@code /metrics} on the real store: the totals are the store's, per node, all-time. */
class MetricsServletTest {
    @TempDir
    Path folder;

    @Test
    void transferTotalsArePerNodeEqualTheHistoryAndSurviveARestart() throws Exception {
        List<String> before;
        try (Fixture fixture = new Fixture(folder)) {
            String self = new SqlCluster(fixture.database).node();
            for (int i = 1; i <= 4; i++) {
                fixture.record(step("download", i * 1000L, Duration.ofMillis(250), "downloaded " + i));
                fixture.record(step("upload", i * 10L, Duration.ofMillis(500), "published " + i));
            }
            try (Database other = Database.open(folder.resolve("upgradeclient.db"), NodeLease.of("uc-b"));
                    SqlHistory onB = new SqlHistory(other, ZoneOffset.UTC, SqlHistory.Tuning.DEFAULTS)) {
                onB.record(step("download", 7L, Duration.ofSeconds(2), "downloaded on b"));
                assertThat(onB.flush(Duration.ofSeconds(10))).isTrue();
            }

            before = metrics(fixture);
            long downloadedHere = fixture.history.search(EventQuery.all().page(0, 100)).events().stream()
                    .filter(e -> e.node().equals(self) && e.name().equals("download")).mapToLong(Event::bytes).sum();
            assertThat(downloadedHere).isEqualTo(10_000L);
            assertThat(before).contains(
                    "upgradeclient_downloaded_bytes_total{node=\"" + self + "\",check=\"xm_dvr\"} " + downloadedHere,
                    "upgradeclient_downloaded_bytes_total{node=\"uc-b\",check=\"xm_dvr\"} 7",
                    "upgradeclient_uploaded_bytes_total{node=\"" + self + "\",check=\"xm_dvr\"} 100",
                    "upgradeclient_step_duration_seconds_sum{node=\"" + self + "\",check=\"xm_dvr\",step=\"download\"} 1",
                    "upgradeclient_step_duration_seconds_count{node=\"" + self + "\",check=\"xm_dvr\",step=\"download\"} 4",
                    "upgradeclient_step_duration_seconds_sum{node=\"uc-b\",check=\"xm_dvr\",step=\"download\"} 2",
                    "upgradeclient_events_total{node=\"" + self + "\",level=\"info\"} 8",
                    "upgradeclient_events_total{node=\"uc-b\",level=\"info\"} 1",
                    "upgradeclient_history_events{level=\"info\"} 9");
        }
        try (Fixture restarted = new Fixture(folder)) {
            assertThat(metrics(restarted).stream().filter(line -> line.contains("_total{") || line.contains("step_duration")).toList())
                    .as("after a restart").isEqualTo(before.stream().filter(line -> line.contains("_total{") || line.contains("step_duration")).toList())
                    .isNotEmpty();
        }
    }

    private static Event step(String name, long bytes, Duration took, String message) {
        return Event.builder(EventLevel.INFO, name, name + "er:http").check("xm_dvr").message(message).bytes(bytes).duration(took)
                .createdTime(NOW).build();
    }

    private static List<String> metrics(Fixture fixture) throws Exception {
        MetricsServlet servlet = new MetricsServlet(fixture.checks, fixture.jobs, fixture.history, new SqlCluster(fixture.database),
                Clock.fixed(NOW, ZoneOffset.UTC));
        Http.Response response = new Http.Response();
        servlet.doGet(new Http.Request("GET", "/metrics").get(), response.response);
        assertThat(response.status).isEqualTo(200);
        return response.body().lines().toList();
    }
}
