package io.upgradeclient.web.internal.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.JobState;

/**
 * Renders upgradeclient's figures in the Prometheus text exposition format (version 0.0.4).
 */
public final class PrometheusText {
    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(2048);

    private PrometheusText() {
    }

    /**
     * @param checks the status of every check
     * @param jobs jobs per state (states with none may be left out)
     * @param events history events per level column ({@code error}…)
     * @param transfers bytes moved and step durations per check
     * @return the exposition
     */
    public static String render(List<CheckStatus> checks, Map<JobState, Long> jobs, Map<String, Long> events, TransferTotals.Totals transfers) {
        PrometheusText text = new PrometheusText();
        text.header("upgradeclient_check_last_success_timestamp_seconds", "gauge", "When the check last succeeded (Unix time); absent before its first success.");
        for (CheckStatus check : checks) {
            if (check.lastSuccess() != null) {
                text.sample("upgradeclient_check_last_success_timestamp_seconds", "check", check.check(), check.lastSuccess().toEpochMilli() / 1000.0);
            }
        }
        text.header("upgradeclient_check_consecutive_failures", "gauge", "Failed runs of the check since its last success.");
        checks.forEach(c -> text.sample("upgradeclient_check_consecutive_failures", "check", c.check(), c.consecutiveFailures()));
        text.header("upgradeclient_check_changes_found_total", "counter", "Changes the check accepted and queued since start.");
        checks.forEach(c -> text.sample("upgradeclient_check_changes_found_total", "check", c.check(), c.changesFound()));
        text.header("upgradeclient_jobs", "gauge", "Jobs in the queue by state.");
        for (JobState state : JobState.values()) {
            text.sample("upgradeclient_jobs", "state", state.name().toLowerCase(Locale.ROOT), jobs.getOrDefault(state, 0L));
        }
        text.header("upgradeclient_history_events", "gauge", "Events kept in the history by level.");
        for (EventLevel level : EventLevel.values()) {
            text.sample("upgradeclient_history_events", "level", level.column(), events.getOrDefault(level.column(), 0L));
        }
        text.header("upgradeclient_downloaded_bytes_total", "counter", "Bytes of the files the check's jobs downloaded since the web UI started.");
        transfers.downloaded().forEach((check, bytes) -> text.sample("upgradeclient_downloaded_bytes_total", "check", check, bytes));
        text.header("upgradeclient_uploaded_bytes_total", "counter", "Bytes the check's jobs uploaded to their targets, all jobs in the queue.");
        transfers.uploaded().forEach((check, bytes) -> text.sample("upgradeclient_uploaded_bytes_total", "check", check, bytes));
        text.header("upgradeclient_step_duration_seconds", "summary", "Time the check's job steps (download, package, upload) took since the web UI started.");
        transfers.steps().forEach((check, byStep) -> byStep.forEach((step, time) -> {
            text.stepSample("upgradeclient_step_duration_seconds_sum", check, step, time.seconds());
            text.stepSample("upgradeclient_step_duration_seconds_count", check, step, time.count());
        }));
        return text.out.toString();
    }

    private void stepSample(String name, String check, String step, double sample) {
        value(name + "{check=\"" + escapeLabel(check) + "\",step=\"" + escapeLabel(step) + "\"} ", sample);
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String label, String value, double sample) {
        value(name + "{" + label + "=\"" + escapeLabel(value) + "\"} ", sample);
    }

    private void value(String series, double sample) {
        out.append(series);
        if (sample == Math.rint(sample) && Math.abs(sample) < 1e15) {
            out.append((long) sample);
        } else {
            out.append(sample);
        }
        out.append('\n');
    }

    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
