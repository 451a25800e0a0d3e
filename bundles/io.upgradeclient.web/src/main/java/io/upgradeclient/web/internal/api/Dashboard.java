package io.upgradeclient.web.internal.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.JobState;

/**
 * What the dashboard shows, read once for the page and for its refreshes.
 *
 * @param today events per level since local midnight
 * @param week events per level in the last 7 days
 * @param range the trend range, as asked ({@code weeks_4})
 * @param byComponent errors per component in the range, largest first
 * @param byCheck errors per check in the range
 * @param byFileType errors per file type in the range
 * @param trend errors per bucket in the range, oldest first
 * @param trendFrom where the trend's range begins, so that a chart spans the whole range, not only its busy days
 * @param trendUntil where it ends (the time the dashboard was computed)
 * @param trendBucket the width of one trend point
 * @param level the lowest level of the latest events
 * @param latest the latest events at that level and above
 * @param checks the status of every check
 * @param jobs jobs per state
 */
public record Dashboard(
        Map<String, Long> today,
        Map<String, Long> week,
        String range,
        Map<String, Long> byComponent,
        Map<String, Long> byCheck,
        Map<String, Long> byFileType,
        List<Map.Entry<Instant, Long>> trend,
        Instant trendFrom,
        Instant trendUntil,
        Duration trendBucket,
        String level,
        List<Event> latest,
        List<CheckStatus> checks,
        Map<JobState, Long> jobs) {
}
