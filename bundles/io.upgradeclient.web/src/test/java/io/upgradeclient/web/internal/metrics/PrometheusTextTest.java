package io.upgradeclient.web.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.JobState;

class PrometheusTextTest {
    @Test
    void rendersCheckJobAndHistoryFigures() {
        CheckStatus ok = CheckStatus.fresh("xm_dvr").succeeded(Instant.ofEpochSecond(1_700_000_000), 4);
        CheckStatus failing = CheckStatus.fresh("odd\"name").failed(Instant.ofEpochSecond(1_700_000_100), "down").failed(Instant.ofEpochSecond(1_700_000_200), "down");

        String text = PrometheusText.render(List.of(ok, failing), Map.of(JobState.FAILED, 2L, JobState.DONE, 7L), Map.of("error", 3L, "info", 10L), TransferTotals.Totals.NONE);

        assertThat(text.lines()).contains(
                "# TYPE upgradeclient_check_last_success_timestamp_seconds gauge",
                "upgradeclient_check_last_success_timestamp_seconds{check=\"xm_dvr\"} 1700000000",
                "upgradeclient_check_consecutive_failures{check=\"odd\\\"name\"} 2",
                "upgradeclient_check_changes_found_total{check=\"xm_dvr\"} 4",
                "upgradeclient_jobs{state=\"failed\"} 2",
                "upgradeclient_jobs{state=\"pending\"} 0",
                "upgradeclient_jobs{state=\"done\"} 7",
                "upgradeclient_history_events{level=\"error\"} 3",
                "upgradeclient_history_events{level=\"warning\"} 0");
        assertThat(text).doesNotContain("check_last_success_timestamp_seconds{check=\"odd");
    }

    @Test
    void rendersTransferTotalsPerCheckAndStep() {
        TransferTotals.Totals transfers = new TransferTotals.Totals(Map.of("xm_dvr", 1024L), Map.of("xm_dvr", 2048L),
                Map.of("xm_dvr", Map.of("download", new TransferTotals.StepTime(2.5, 2))));

        String text = PrometheusText.render(List.of(), Map.of(), Map.of(), transfers);

        assertThat(text.lines()).contains(
                "# TYPE upgradeclient_downloaded_bytes_total counter",
                "upgradeclient_downloaded_bytes_total{check=\"xm_dvr\"} 1024",
                "# TYPE upgradeclient_uploaded_bytes_total counter",
                "upgradeclient_uploaded_bytes_total{check=\"xm_dvr\"} 2048",
                "# TYPE upgradeclient_step_duration_seconds summary",
                "upgradeclient_step_duration_seconds_sum{check=\"xm_dvr\",step=\"download\"} 2.5",
                "upgradeclient_step_duration_seconds_count{check=\"xm_dvr\",step=\"download\"} 2");
    }
}
