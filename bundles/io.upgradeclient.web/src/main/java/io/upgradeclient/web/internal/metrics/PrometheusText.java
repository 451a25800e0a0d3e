package io.upgradeclient.web.internal.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.ClusterNode;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventTotal;
import io.upgradeclient.api.JobState;

/**
 * Renders upgradeclient's figures in the Prometheus text exposition format (version 0.0.4). The all-time totals come
 * from the store's event counters ({@link EventTotal}), labelled with the node that recorded the events; they are the
 * whole cluster's, the same on every node of one database.
 */
public final class PrometheusText {
    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The event types that are steps of a job, whose durations are summed. */
    private static final Set<String> STEPS = Set.of("download", "package", "upload");

    private final StringBuilder out = new StringBuilder(2048);

    private PrometheusText() {
    }

    /**
     * What {@code /metrics} shows.
     *
     * @param node this node's name
     * @param checks the status of every check as this node sees it
     * @param jobs jobs per state (states with none may be left out)
     * @param events history events kept, per level column ({@code error}…)
     * @param totals the store's all-time event totals
     * @param nodes the nodes sharing the store
     */
    public record Figures(String node, List<CheckStatus> checks, Map<JobState, Long> jobs, Map<String, Long> events,
            List<EventTotal> totals, List<ClusterNode> nodes) {
    }

    /** Sums of one series: a count and a sum. */
    private record Sum(long count, double sum) {
        Sum plus(long moreCount, double moreSum) {
            return new Sum(count + moreCount, sum + moreSum);
        }
    }

    /**
     * @param figures what to show
     * @return the exposition
     */
    public static String render(Figures figures) {
        PrometheusText text = new PrometheusText();
        text.checks(figures.node(), figures.checks());
        text.header("upgradeclient_jobs", "gauge", "Jobs in the queue by state (the whole cluster's queue).");
        for (JobState state : JobState.values()) {
            text.sample("upgradeclient_jobs", figures.jobs().getOrDefault(state, 0L), "state", state.name().toLowerCase(Locale.ROOT));
        }
        text.header("upgradeclient_history_events", "gauge", "Events kept in the history by level.");
        for (EventLevel level : EventLevel.values()) {
            text.sample("upgradeclient_history_events", figures.events().getOrDefault(level.column(), 0L), "level", level.column());
        }
        text.totals(figures.totals());
        text.nodes(figures.nodes());
        return text.out.toString();
    }

    private void checks(String node, List<CheckStatus> checks) {
        header("upgradeclient_check_last_success_timestamp_seconds", "gauge", "When the check last succeeded on this node (Unix time); absent before its first success.");
        for (CheckStatus check : checks) {
            if (check.lastSuccess() != null) {
                sample("upgradeclient_check_last_success_timestamp_seconds", check.lastSuccess().toEpochMilli() / 1000.0,
                        "node", node, "check", check.check());
            }
        }
        header("upgradeclient_check_consecutive_failures", "gauge", "Failed runs of the check on this node since its last success.");
        checks.forEach(c -> sample("upgradeclient_check_consecutive_failures", c.consecutiveFailures(), "node", node, "check", c.check()));
        header("upgradeclient_check_changes_found_total", "counter", "Changes the check accepted and queued on this node since it started.");
        checks.forEach(c -> sample("upgradeclient_check_changes_found_total", c.changesFound(), "node", node, "check", c.check()));
    }

    private void totals(List<EventTotal> totals) {
        Map<List<String>, Long> events = new TreeMap<>(PrometheusText::compare);
        Map<List<String>, Long> downloaded = new TreeMap<>(PrometheusText::compare);
        Map<List<String>, Long> uploaded = new TreeMap<>(PrometheusText::compare);
        Map<List<String>, Sum> steps = new TreeMap<>(PrometheusText::compare);
        for (EventTotal total : totals) {
            events.merge(List.of(total.node(), total.level().column()), total.events(), Long::sum);
            if (total.level() == EventLevel.INFO && "download".equals(total.name())) {
                downloaded.merge(List.of(total.node(), total.check()), total.bytes(), Long::sum);
            }
            if (total.level() == EventLevel.INFO && "upload".equals(total.name())) {
                uploaded.merge(List.of(total.node(), total.check()), total.bytes(), Long::sum);
            }
            if (STEPS.contains(total.name()) && total.timed() > 0) {
                steps.merge(List.of(total.node(), total.check(), total.name()), new Sum(total.timed(), total.duration().toNanos() / 1e9),
                        (a, b) -> a.plus(b.count(), b.sum()));
            }
        }
        header("upgradeclient_events_total", "counter", "Events recorded by the node, by level (all-time, kept by the store).");
        events.forEach((key, count) -> sample("upgradeclient_events_total", count, "node", key.get(0), "level", key.get(1)));
        header("upgradeclient_downloaded_bytes_total", "counter", "Bytes the node downloaded for the check's jobs (all-time).");
        downloaded.forEach((key, bytes) -> sample("upgradeclient_downloaded_bytes_total", bytes, "node", key.get(0), "check", key.get(1)));
        header("upgradeclient_uploaded_bytes_total", "counter", "Bytes the node uploaded to the check's targets (all-time).");
        uploaded.forEach((key, bytes) -> sample("upgradeclient_uploaded_bytes_total", bytes, "node", key.get(0), "check", key.get(1)));
        header("upgradeclient_step_duration_seconds", "summary", "Time the check's job steps (download, package, upload) took on the node (all-time).");
        steps.forEach((key, sum) -> {
            sample("upgradeclient_step_duration_seconds_sum", sum.sum(), "node", key.get(0), "check", key.get(1), "step", key.get(2));
            sample("upgradeclient_step_duration_seconds_count", sum.count(), "node", key.get(0), "check", key.get(1), "step", key.get(2));
        });
    }

    private void nodes(List<ClusterNode> nodes) {
        header("upgradeclient_node_up", "gauge", "1 while the node's heartbeat is within store.lease_seconds, else 0.");
        nodes.forEach(n -> sample("upgradeclient_node_up", n.alive() ? 1 : 0, "node", n.name()));
        header("upgradeclient_node_heartbeat_timestamp_seconds", "gauge", "When the node last said it was alive (Unix time).");
        nodes.forEach(n -> sample("upgradeclient_node_heartbeat_timestamp_seconds", n.heartbeat().toEpochMilli() / 1000.0, "node", n.name()));
        header("upgradeclient_node_checks", "gauge", "Checks the node owns.");
        nodes.forEach(n -> sample("upgradeclient_node_checks", n.checks().size(), "node", n.name()));
        header("upgradeclient_node_running_jobs", "gauge", "Jobs the node is running.");
        nodes.forEach(n -> sample("upgradeclient_node_running_jobs", n.runningJobs(), "node", n.name()));
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int order = a.get(i).compareTo(b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** @param labels label names and values, alternating */
    private void sample(String name, double sample, String... labels) {
        out.append(name).append('{');
        for (int i = 0; i < labels.length; i += 2) {
            out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"").append(escapeLabel(labels[i + 1])).append('"');
        }
        out.append("} ");
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
