package io.upgradeclient.web.internal.api;

import static io.upgradeclient.web.internal.api.Fixture.NOW;
import static io.upgradeclient.web.internal.api.Fixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.Gson;

import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobState;

class WebApiTest {
    @TempDir
    Path folder;

    private Fixture fixture;
    private WebApi api;

    @BeforeEach
    void openStore() throws Exception {
        fixture = new Fixture(folder);
        api = fixture.api;
    }

    @AfterEach
    void closeStore() throws Exception {
        fixture.close();
    }

    private static Params params(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return new Params(map);
    }

    private void manyEvents(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            fixture.history.record(event(i % 3 == 0 ? EventLevel.ERROR : EventLevel.INFO, i % 2 == 0 ? "svn" : "rsync", "xm_dvr",
                    "message " + i, NOW.minus(Duration.ofMinutes(count - i))));
        }
        fixture.history.flush(Duration.ofSeconds(10));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Reply reply) {
        return (List<Map<String, Object>>) ((Map<String, Object>) reply.body()).get("rows");
    }

    @Test
    void firmwareListHasExactlyTheRequestedRowsPerPageNewestFirst() throws Exception {
        manyEvents(45);

        Reply first = api.get("/ajax/firmware/list", params("page", "1", "rows", "20"));
        Reply third = api.get("/ajax/firmware/list", params("page", "3", "rows", "20"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(((Map<?, ?>) first.body()).get("total")).isEqualTo(45L);
        assertThat(rows(first)).hasSize(20);
        assertThat(rows(first).get(0).get("log_message")).isEqualTo("message 44");
        assertThat(rows(third)).hasSize(5);
        assertThat(rows(third).get(4).get("log_message")).isEqualTo("message 0");
        assertThat(rows(first).get(0)).containsKeys("id", "log_level", "log_name", "log_class", "dao_name", "file_type", "file_name",
                "file_url", "last_author", "last_date", "last_revision", "last_action", "log_message", "created_time");
        assertThat(rows(first).get(0).get("created_time")).isEqualTo("2024-05-15 11:59:00");
    }

    @Test
    void firmwareListFiltersByLevelComponentAndText() throws Exception {
        manyEvents(30);

        Reply errors = api.get("/ajax/firmware/list", params("log_level", "error", "log_class", "svn", "rows", "100"));
        Reply text = api.get("/ajax/firmware/list", params("log_message", "message 2", "rows", "100"));

        assertThat(rows(errors)).isNotEmpty().allSatisfy(row -> {
            assertThat(row.get("log_level")).isEqualTo("error");
            assertThat(row.get("log_class")).isEqualTo("svn");
        });
        assertThat(rows(errors)).hasSize(5);
        assertThat(rows(text)).extracting(row -> row.get("log_message"))
                .containsExactlyInAnyOrder("message 2", "message 20", "message 21", "message 22", "message 23", "message 24",
                        "message 25", "message 26", "message 27", "message 28", "message 29");
    }

    @Test
    void invalidParametersGet400NamingTheParameter() {
        Reply rows = api.get("/ajax/firmware/list", params("rows", "0"));
        assertThat(rows.status()).isEqualTo(400);
        assertThat(((Map<?, ?>) rows.body()).get("parameter")).isEqualTo("rows");
        assertThat(((Map<?, ?>) api.get("/ajax/firmware/list", params("page", "x")).body()).get("parameter")).isEqualTo("page");
        assertThat(((Map<?, ?>) api.get("/ajax/firmware/list", params("log_level", "loud")).body()).get("parameter")).isEqualTo("log_level");
        assertThat(((Map<?, ?>) api.get("/ajax/exception/excepts", params("exp_during", "weeks_49")).body()).get("parameter")).isEqualTo("exp_during");
        assertThat(((Map<?, ?>) api.get("/api/v1/events", params("from", "yesterday")).body()).get("parameter")).isEqualTo("from");
        assertThat(((Map<?, ?>) api.get("/api/v1/jobs", params("state", "lost")).body()).get("parameter")).isEqualTo("state");
        assertThat(api.get("/api/v1/events/abc", params()).status()).isEqualTo(400);
    }

    @Test
    void chartsGiveLabelAndPercentOfErrors() throws Exception {
        fixture.record(event(EventLevel.ERROR, "svn", "xm_dvr", "a", NOW.minusSeconds(60)));
        fixture.record(event(EventLevel.ERROR, "svn", "xm_dvr", "b", NOW.minusSeconds(50)));
        fixture.record(event(EventLevel.ERROR, "rsync", "xm_dvr", "c", NOW.minusSeconds(40)));
        fixture.record(event(EventLevel.INFO, "http", "xm_dvr", "d", NOW.minusSeconds(30)));
        fixture.record(event(EventLevel.ERROR, "old", "xm_dvr", "e", NOW.minus(Duration.ofDays(30))));

        Reply threads = api.get("/ajax/exception/threads", params());
        Reply fmodels = api.get("/ajax/exception/fmodels", params("exp_during", "weeks_8"));

        assertThat(threads.body()).isEqualTo(List.of(List.of("svn", 66.67), List.of("rsync", 33.33)));
        assertThat(fmodels.body()).isEqualTo(List.of(List.of("dvr", 100.0)));
    }

    @Test
    void trendCountsErrorsPerDayInEpochMillis() throws Exception {
        fixture.record(event(EventLevel.ERROR, "svn", "xm_dvr", "a", Instant("2024-05-14T10:00:00Z")));
        fixture.record(event(EventLevel.ERROR, "svn", "xm_dvr", "b", Instant("2024-05-14T11:00:00Z")));
        fixture.record(event(EventLevel.ERROR, "svn", "xm_dvr", "c", Instant("2024-05-15T09:00:00Z")));

        Reply trend = api.get("/ajax/exception/excepts", params("exp_during", "weeks_1"));

        @SuppressWarnings("unchecked")
        List<List<Long>> points = (List<List<Long>>) trend.body();
        assertThat(points).extracting(point -> point.get(1)).containsExactly(2L, 1L);
        assertThat(points.get(0).get(0)).isEqualTo(Instant("2024-05-14T00:00:00Z").toEpochMilli());
    }

    private static java.time.Instant Instant(String text) {
        return java.time.Instant.parse(text);
    }

    @Test
    void realtimeGivesTheLatestAtThatLevelAndAbove() throws Exception {
        fixture.record(event(EventLevel.INFO, "svn", "xm_dvr", "info", NOW.minusSeconds(30)));
        fixture.record(event(EventLevel.WARNING, "svn", "xm_dvr", "warning", NOW.minusSeconds(20)));
        fixture.record(event(EventLevel.ERROR, "svn", "xm_dvr", "error", NOW.minusSeconds(10)));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) api.get("/ajax/exception/realtime", params("log_level", "warning", "log_limit", "5")).body();

        assertThat(rows).extracting(row -> row.get("log_message")).containsExactly("error", "warning");
    }

    @Test
    void eventsPageWithKeysetBeforeAndDetailById() throws Exception {
        manyEvents(7);

        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) api.get("/api/v1/events", params("limit", "4")).body();
        long next = (Long) first.get("next_before");
        @SuppressWarnings("unchecked")
        Map<String, Object> second = (Map<String, Object>) api.get("/api/v1/events", params("limit", "4", "before", String.valueOf(next))).body();

        assertThat((List<?>) first.get("events")).hasSize(4);
        assertThat((List<?>) second.get("events")).hasSize(3);
        assertThat(second.get("next_before")).isNull();
        Reply detail = api.get("/api/v1/events/" + next, params());
        assertThat(detail.status()).isEqualTo(200);
        assertThat(((Map<?, ?>) detail.body()).get("log_message")).isEqualTo("message 3");
        assertThat(api.get("/api/v1/events/999999", params()).status()).isEqualTo(404);
    }

    @Test
    void checksAreListedWithEverySecretMasked() {
        String json = new Gson().toJson(api.get("/api/v1/checks", params()).body());

        assertThat(json).contains("\"name\":\"xm_dvr\"", "\"auth_user\":\"reader\"", "\"include\":\"*.bin\"", "\"state\":\"failing\"")
                .doesNotContain("s3cret-pass", "mail-secret", "hunter2");
    }

    @Test
    void checksShowTheirPackagerFiltersAndTargets() {
        String json = new Gson().toJson(api.get("/api/v1/checks", params()).body());

        assertThat(json).contains("\"filters\":[\"default\"]", "\"packager\":\"xm\"",
                "\"uploads\":[{\"relation_name\":\"default\",\"relation_type\":\"rsync\"}]");
    }

    @Test
    void jobsFilterByStateAndRetryOnlyFailedOnes() {
        Job job = fixture.jobs.enqueue("xm_dvr", Fixture.change("a.bin", "dvr", "r1"), List.of("default"), NOW).orElseThrow();
        Job other = fixture.jobs.enqueue("xm_dvr", Fixture.change("b.bin", "dvr", "r2"), List.of("default"), NOW).orElseThrow();
        fixture.jobs.update(job.failed("404 on the server", NOW));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> failed = (List<Map<String, Object>>) ((Map<String, Object>) api.get("/api/v1/jobs", params("state", "failed")).body()).get("jobs");
        assertThat(failed).extracting(j -> j.get("id")).containsExactly(job.id());
        assertThat(api.get("/api/v1/jobs/" + other.id(), params()).status()).isEqualTo(200);

        assertThat(api.post("/api/v1/jobs/" + other.id() + "/retry").status()).isEqualTo(409);
        assertThat(api.post("/api/v1/jobs/" + job.id() + "/retry").status()).isEqualTo(200);
        assertThat(fixture.jobs.find(job.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
        assertThat(api.post("/api/v1/jobs/424242/retry").status()).isEqualTo(404);
    }

    @Test
    void runAndDryRunReachTheCatalog() {
        Reply run = api.post("/api/v1/checks/xm_dvr/run");
        Reply dry = api.post("/api/v1/checks/xm_dvr/dryrun");

        assertThat(run.status()).isEqualTo(200);
        assertThat(((Map<?, ?>) run.body()).get("queued")).isEqualTo(1);
        assertThat(((Map<?, ?>) dry.body()).get("queued")).isEqualTo(0);
        assertThat(fixture.checks.runs).containsExactly("xm_dvr", "xm_dvr dry");
        assertThat(api.post("/api/v1/checks/nope/run").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/nothing", params()).status()).isEqualTo(404);
    }
}
