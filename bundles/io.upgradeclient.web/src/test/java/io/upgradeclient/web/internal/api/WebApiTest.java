package io.upgradeclient.web.internal.api;

import static io.upgradeclient.web.internal.api.Fixture.NOW;
import static io.upgradeclient.web.internal.api.Fixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.upgradeclient.api.BundleState;
import io.upgradeclient.api.ComponentRegistry;
import io.upgradeclient.api.DepartedPlugin;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobActivity;
import io.upgradeclient.api.JobProgress;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.PluginInfo;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.web.internal.security.Http;
import io.upgradeclient.web.internal.security.Role;
import io.upgradeclient.web.internal.security.User;

class WebApiTest {
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();
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
    void aRunningJobCarriesItsLiveProgressInTheJobAndTheProgressEndpoints() throws Exception {
        Job job = fixture.jobs.enqueue("xm_dvr", Fixture.change("fw.bin", "dvr", "r1"), List.of("default", "mirror"), NOW).orElseThrow();
        Map<String, JobState> targets = new LinkedHashMap<>();
        targets.put("default", JobState.DONE);
        targets.put("mirror", JobState.RUNNING);
        JobActivity activity = new JobActivity(job.id(), "xm_dvr", "fw.bin", "upload", "mirror", 300, 1200, 100, NOW, targets);
        JobProgress progress = new JobProgress() {
            @Override
            public List<JobActivity> running() {
                return List.of(activity);
            }

            @Override
            public Optional<JobActivity> of(long jobId) {
                return jobId == job.id() ? Optional.of(activity) : Optional.empty();
            }
        };
        WebApi live = new WebApi(fixture.history, fixture.jobs, fixture.checks, Clock.fixed(NOW, ZoneOffset.UTC), ZoneOffset.UTC, () -> progress);

        String one = GSON.toJson(live.get("/api/v1/jobs/" + job.id(), params()).body());
        String all = GSON.toJson(live.get("/api/v1/progress", params()).body());

        assertThat(one).contains("\"progress\":{\"job\":" + job.id(), "\"step\":\"upload\"", "\"target\":\"mirror\"",
                "\"bytes_done\":300", "\"bytes_total\":1200", "\"bytes_per_second\":100", "\"eta_seconds\":9",
                "\"targets\":{\"default\":\"DONE\",\"mirror\":\"RUNNING\"}");
        assertThat(all).startsWith("{\"running\":[{\"job\":" + job.id());
        assertThat(GSON.toJson(api.get("/api/v1/jobs/" + job.id(), params()).body())).as("without the engine").contains("\"progress\":null");
    }

    @Test
    void componentsTellWhoUsesEachPluginWhoWaitsAndWhatIsMissing() throws Exception {
        Job waiting = fixture.jobs.enqueue("xm_dvr", Fixture.change("fw.bin", "dvr", "r1"), List.of("default"), NOW).orElseThrow()
                .waitingFor("uploader:rsync", NOW);
        fixture.jobs.update(waiting);
        PluginInfo svn = new PluginInfo(PluginKind.CHECKER, "svn", "io.upgradeclient.check.svn", "1.0.0", BundleState.ACTIVE,
                "io.upgradeclient.check.svn", 7, Map.of("upgradeclient.type", "svn"));
        PluginInfo left = new PluginInfo(PluginKind.UPLOADER, "rsync", "io.upgradeclient.upload.rsync", "1.0.0", BundleState.ACTIVE,
                "io.upgradeclient.upload.rsync", 8, Map.of());
        ComponentRegistry registry = new ComponentRegistry() {
            @Override
            public List<PluginInfo> plugins() {
                return List.of(svn);
            }

            @Override
            public Optional<Instant> arrivedAt(long serviceId) {
                return Optional.of(NOW.minusSeconds(serviceId));
            }

            @Override
            public List<DepartedPlugin> departed() {
                return List.of(new DepartedPlugin(left, NOW.minusSeconds(600), NOW.minusSeconds(60)));
            }
        };

        String json = GSON.toJson(Views.components(Components.of(registry, fixture.checks, fixture.jobs)));

        assertThat(json).contains("{\"kind\":\"CHECKER\",\"type\":\"svn\",\"bundle_symbolic_name\":\"io.upgradeclient.check.svn\"",
                "\"arrived\":\"2024-05-15T11:59:53Z\",\"used_by\":[\"xm_dvr\"],\"jobs_waiting\":[]",
                "{\"kind\":\"UPLOADER\",\"type\":\"rsync\",\"used_by\":[\"xm_dvr\"],\"jobs_waiting\":[" + waiting.id() + "]}",
                "{\"kind\":\"FILTER\",\"type\":\"default\",\"used_by\":[\"xm_dvr\"],\"jobs_waiting\":[]}",
                "\"departed\":[{\"kind\":\"UPLOADER\",\"type\":\"rsync\"", "\"departed\":\"2024-05-15T11:59:00Z\"");
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

    @Test
    void theDashboardsTrendNamesItsWholeRangeAndBucketSoAChartSpansTheRangeChosen() throws Exception {
        fixture.record(event(EventLevel.ERROR, "svn", "xm_dvr", "a", Instant("2024-05-15T10:00:00Z")));

        @SuppressWarnings("unchecked")
        Map<String, Object> weeks = (Map<String, Object>) api.get("/api/v1/dashboard", params("exp_during", "weeks_4")).body();
        assertThat(weeks).containsEntry("trend_from", NOW.minus(Duration.ofDays(28)).toEpochMilli())
                .containsEntry("trend_until", NOW.toEpochMilli()).containsEntry("trend_bucket_ms", Duration.ofDays(1).toMillis());
        assertThat((List<?>) weeks.get("trend")).as("only the one busy day has a point").hasSize(1);

        @SuppressWarnings("unchecked")
        Map<String, Object> days = (Map<String, Object>) api.get("/api/v1/dashboard", params("exp_during", "days_3")).body();
        assertThat(days).containsEntry("trend_from", NOW.minus(Duration.ofDays(3)).toEpochMilli())
                .containsEntry("trend_bucket_ms", Duration.ofHours(1).toMillis());
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
    void everyEventCarriesItsNodeAndTheBytesItsStepMoved() throws Exception {
        fixture.record(Event.builder(EventLevel.INFO, "download", "downloader:http").check("xm_dvr").message("downloaded 4096 bytes")
                .bytes(4096).createdTime(NOW).build());
        fixture.record(event(EventLevel.INFO, "svn", "xm_dvr", "no bytes", NOW.minusSeconds(1)));
        String node = fixture.database.lease().node();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> events = (List<Map<String, Object>>) ((Map<String, Object>) api.get("/api/v1/events", params()).body()).get("events");

        assertThat(events).extracting(row -> row.get("node")).containsExactly(node, node);
        assertThat(events).extracting(row -> row.get("bytes")).containsExactly(4096L, null);
        Reply detail = api.get("/api/v1/events/" + events.get(0).get("id"), params());
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = (Map<String, Object>) detail.body();
        assertThat(shown).containsEntry("node", node).containsEntry("bytes", 4096L);
    }

    @Test
    void checksAreListedWithEverySecretMasked() {
        String json = GSON.toJson(api.get("/api/v1/checks", params()).body());

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
    @SuppressWarnings("unchecked")
    void theWholeSourceDryRunAnswersWithWhatTheWholeSourceHoldsForAdminsOnly() throws Exception {
        ApiServlet servlet = new ApiServlet(fixture.history, fixture.jobs, fixture.checks);
        Http.Response refused = new Http.Response();
        servlet.doPost(new Http.Request("POST", "/api/v1/checks/xm_dvr/dryrun-all").user(new User("vic", Role.VIEWER)).get(), refused.response);
        assertThat(refused.status).isEqualTo(403);
        assertThat(fixture.checks.runs).as("a viewer runs nothing").isEmpty();

        Http.Response answer = new Http.Response();
        servlet.doPost(new Http.Request("POST", "/api/v1/checks/xm_dvr/dryrun-all").user(new User("ann", Role.ADMIN)).get(), answer.response);

        assertThat(answer.status).isEqualTo(200);
        assertThat(fixture.checks.runs).as("the whole-source dry run, not the plain one").containsExactly("xm_dvr from start");
        Map<String, Object> run = GSON.fromJson(answer.body(), Map.class);
        assertThat(run).containsEntry("outcome", "SUCCEEDED").containsEntry("queued", 0.0)
                .containsEntry("detail", "1 of 2 changes would be queued (whole source, checkpoint ignored)");
        assertThat((List<Map<String, Object>>) run.get("decisions")).extracting(d -> d.get("file_name"), d -> d.get("accepted"), d -> d.get("reason"))
                .containsExactly(tuple("old-fw.bin", true, "new firmware"), tuple("notes.txt", false, "not *.bin"));

        Http.Response unknown = new Http.Response();
        servlet.doPost(new Http.Request("POST", "/api/v1/checks/nothing/dryrun-all").user(new User("ann", Role.ADMIN)).get(), unknown.response);
        assertThat(unknown.status).isEqualTo(404);
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
