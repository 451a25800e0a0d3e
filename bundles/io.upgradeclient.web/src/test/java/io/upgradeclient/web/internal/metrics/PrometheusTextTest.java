package io.upgradeclient.web.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.ClusterNode;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventTotal;
import io.upgradeclient.api.JobState;

class PrometheusTextTest {
    private static final Instant T = Instant.ofEpochSecond(1_700_000_000);

    @Test
    void rendersCheckJobAndHistoryFigures() {
        CheckStatus ok = CheckStatus.fresh("xm_dvr").succeeded(T, 4);
        CheckStatus failing = CheckStatus.fresh("odd\"name").failed(T.plusSeconds(100), "down").failed(T.plusSeconds(200), "down");

        String text = PrometheusText.render(new PrometheusText.Figures("uc-a", List.of(ok, failing),
                Map.of(JobState.FAILED, 2L, JobState.DONE, 7L), Map.of("error", 3L, "info", 10L), List.of(), List.of()));

        assertThat(text.lines()).contains(
                "# TYPE upgradeclient_check_last_success_timestamp_seconds gauge",
                "upgradeclient_check_last_success_timestamp_seconds{node=\"uc-a\",check=\"xm_dvr\"} 1700000000",
                "upgradeclient_check_consecutive_failures{node=\"uc-a\",check=\"odd\\\"name\"} 2",
                "upgradeclient_check_changes_found_total{node=\"uc-a\",check=\"xm_dvr\"} 4",
                "upgradeclient_jobs{state=\"failed\"} 2",
                "upgradeclient_jobs{state=\"pending\"} 0",
                "upgradeclient_jobs{state=\"done\"} 7",
                "upgradeclient_history_events{level=\"error\"} 3",
                "upgradeclient_history_events{level=\"warning\"} 0");
        assertThat(text).doesNotContain("check_last_success_timestamp_seconds{node=\"uc-a\",check=\"odd");
    }

    @Test
    void rendersTheStoresTotalsPerNodeCheckAndStepSummingTheLevels() {
        List<EventTotal> totals = List.of(
                new EventTotal("uc-a", "xm_dvr", "download", EventLevel.INFO, 2, 2, Duration.ofMillis(2500), 1024),
                new EventTotal("uc-a", "xm_dvr", "download", EventLevel.ERROR, 1, 1, Duration.ofMillis(500), 0),
                new EventTotal("uc-b", "xm_dvr", "upload", EventLevel.INFO, 3, 3, Duration.ofSeconds(3), 2048),
                new EventTotal("uc-b", "xm_dvr", "check", EventLevel.INFO, 40, 0, Duration.ZERO, 0),
                new EventTotal("imported", "xm_ipc", "upload", EventLevel.WARNING, 5, 0, Duration.ZERO, 0));

        String text = PrometheusText.render(new PrometheusText.Figures("uc-a", List.of(), Map.of(), Map.of(), totals, List.of()));

        assertThat(text.lines()).contains(
                "# TYPE upgradeclient_events_total counter",
                "upgradeclient_events_total{node=\"uc-a\",level=\"info\"} 2",
                "upgradeclient_events_total{node=\"uc-a\",level=\"error\"} 1",
                "upgradeclient_events_total{node=\"uc-b\",level=\"info\"} 43",
                "upgradeclient_events_total{node=\"imported\",level=\"warning\"} 5",
                "# TYPE upgradeclient_downloaded_bytes_total counter",
                "upgradeclient_downloaded_bytes_total{node=\"uc-a\",check=\"xm_dvr\"} 1024",
                "# TYPE upgradeclient_uploaded_bytes_total counter",
                "upgradeclient_uploaded_bytes_total{node=\"uc-b\",check=\"xm_dvr\"} 2048",
                "# TYPE upgradeclient_step_duration_seconds summary",
                "upgradeclient_step_duration_seconds_sum{node=\"uc-a\",check=\"xm_dvr\",step=\"download\"} 3",
                "upgradeclient_step_duration_seconds_count{node=\"uc-a\",check=\"xm_dvr\",step=\"download\"} 3",
                "upgradeclient_step_duration_seconds_sum{node=\"uc-b\",check=\"xm_dvr\",step=\"upload\"} 3",
                "upgradeclient_step_duration_seconds_count{node=\"uc-b\",check=\"xm_dvr\",step=\"upload\"} 3");
        assertThat(text).as("no bytes series for a node that moved none").doesNotContain("uploaded_bytes_total{node=\"uc-a\"")
                .as("check events are no step").doesNotContain("step=\"check\"");
    }

    @Test
    void rendersEachNodeWithItsHeartbeatChecksAndRunningJobs() {
        List<ClusterNode> nodes = List.of(new ClusterNode("uc-a", "1.4.0", T, T.plusSeconds(30), true, List.of("xm_dvr", "xm_ipc"), 2),
                new ClusterNode("uc-b", "1.4.0", T, T, false, List.of(), 0));

        String text = PrometheusText.render(new PrometheusText.Figures("uc-a", List.of(), Map.of(), Map.of(), List.of(), nodes));

        assertThat(text.lines()).contains(
                "upgradeclient_node_up{node=\"uc-a\"} 1",
                "upgradeclient_node_up{node=\"uc-b\"} 0",
                "upgradeclient_node_heartbeat_timestamp_seconds{node=\"uc-a\"} 1700000030",
                "upgradeclient_node_checks{node=\"uc-a\"} 2",
                "upgradeclient_node_running_jobs{node=\"uc-a\"} 2",
                "upgradeclient_node_running_jobs{node=\"uc-b\"} 0");
    }
}
