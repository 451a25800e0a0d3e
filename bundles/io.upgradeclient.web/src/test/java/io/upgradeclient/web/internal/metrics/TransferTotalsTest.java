package io.upgradeclient.web.internal.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.TargetStatus;
import io.upgradeclient.web.internal.api.Fixture;

class TransferTotalsTest {
    @TempDir
    Path folder;

    private Fixture fixture;
    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void open() throws Exception {
        fixture = new Fixture(folder);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private static Event step(EventLevel level, String name, String check, long seconds, String message) {
        return Event.builder(level, name, "downloader:svn").check(check).message(message).duration(Duration.ofSeconds(seconds))
                .createdTime(Fixture.NOW).jobId(7).build();
    }

    private void recordAll(Event... events) throws InterruptedException {
        for (Event event : events) {
            fixture.history.record(event);
        }
        assertThat(fixture.history.flush(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void countsDownloadedBytesAndStepTimesPerCheckRecordedAfterStart() throws Exception {
        recordAll(step(EventLevel.INFO, "download", "xm_dvr", 9, "downloaded 999999 bytes, sha256 before-start"));
        TransferTotals totals = new TransferTotals(fixture.history, fixture.jobs, clock);

        recordAll(
                step(EventLevel.INFO, "download", "xm_dvr", 2, "downloaded 1000 bytes, sha256 aa"),
                step(EventLevel.INFO, "download", "xm_dvr", 4, "downloaded 24 bytes, sha256 bb"),
                step(EventLevel.INFO, "download", "hik_ipc", 1, "downloaded 500 bytes, sha256 cc"),
                step(EventLevel.INFO, "package", "xm_dvr", 1, "staged [fw.bin]"),
                step(EventLevel.WARNING, "upload", "xm_dvr", 3, "upload to default failed, retrying at ..."),
                step(EventLevel.INFO, "check", "xm_dvr", 5, "downloaded 77 bytes, sha256 not-a-step"),
                Event.builder(EventLevel.ERROR, "download", "downloader:svn").check("xm_dvr").message("download failed: 404")
                        .createdTime(Fixture.NOW).build());
        TransferTotals.Totals figures = totals.current();

        assertThat(figures.downloaded()).containsExactly(Map.entry("hik_ipc", 500L), Map.entry("xm_dvr", 1024L));
        assertThat(figures.steps().get("xm_dvr")).containsExactly(
                Map.entry("download", new TransferTotals.StepTime(6.0, 2)),
                Map.entry("package", new TransferTotals.StepTime(1.0, 1)),
                Map.entry("upload", new TransferTotals.StepTime(3.0, 1)));
        assertThat(figures.steps().get("hik_ipc")).containsExactly(Map.entry("download", new TransferTotals.StepTime(1.0, 1)));
    }

    @Test
    void reusesFiguresForThirtySecondsThenAddsOnlyNewRows() throws Exception {
        TransferTotals totals = new TransferTotals(fixture.history, fixture.jobs, clock);
        recordAll(step(EventLevel.INFO, "download", "xm_dvr", 2, "downloaded 100 bytes, sha256 aa"));
        assertThat(totals.current().downloaded()).containsExactly(Map.entry("xm_dvr", 100L));

        recordAll(step(EventLevel.INFO, "download", "xm_dvr", 2, "downloaded 50 bytes, sha256 bb"));
        clock.now = clock.now.plus(TransferTotals.MAX_AGE).minusMillis(1);
        assertThat(totals.current().downloaded()).as("within 30 s").containsExactly(Map.entry("xm_dvr", 100L));

        clock.now = clock.now.plusMillis(1);
        assertThat(totals.current().downloaded()).containsExactly(Map.entry("xm_dvr", 150L));
        clock.now = clock.now.plus(TransferTotals.MAX_AGE);
        assertThat(totals.current().downloaded()).as("nothing new: nothing counted twice").containsExactly(Map.entry("xm_dvr", 150L));
        assertThat(totals.current().steps().get("xm_dvr").get("download")).isEqualTo(new TransferTotals.StepTime(4.0, 2));
    }

    @Test
    void readsNewRowsAcrossSeveralPages() throws Exception {
        TransferTotals totals = new TransferTotals(fixture.history, fixture.jobs, clock);
        Event[] events = new Event[2_345];
        for (int i = 0; i < events.length; i++) {
            events[i] = step(EventLevel.INFO, "download", "xm_dvr", 1, "downloaded " + (i + 1) + " bytes, sha256 " + i);
        }
        recordAll(events);

        assertThat(totals.current().downloaded()).containsExactly(Map.entry("xm_dvr", 2_345L * 2_346 / 2));
        assertThat(totals.current().steps().get("xm_dvr").get("download").count()).isEqualTo(2_345);
    }

    @Test
    void sumsBytesOfDoneTargetsOfEveryJobOverSeveralPages() throws Exception {
        int count = 1_003;
        for (int i = 0; i < count; i++) {
            String check = i % 2 == 0 ? "xm_dvr" : "hik_ipc";
            Job job = fixture.jobs.enqueue(check, Fixture.change("fw" + i + ".bin", "dvr", "r" + i), List.of("a", "b"), Fixture.NOW).orElseThrow();
            job = job.withTarget("a", new TargetStatus(JobState.DONE, 1, null, "", 10))
                    .withTarget("b", new TargetStatus(i % 3 == 0 ? JobState.DONE : JobState.FAILED, 1, null, "", i % 3 == 0 ? 5 : 0));
            fixture.jobs.update(job.withState(i % 3 == 0 ? JobState.DONE : JobState.FAILED, Fixture.NOW));
        }
        long expectedEven = 0;
        long expectedOdd = 0;
        for (int i = 0; i < count; i++) {
            long bytes = 10 + (i % 3 == 0 ? 5 : 0);
            if (i % 2 == 0) {
                expectedEven += bytes;
            } else {
                expectedOdd += bytes;
            }
        }

        Map<String, Long> uploaded = new TransferTotals(fixture.history, fixture.jobs, clock).current().uploaded();

        assertThat(uploaded).containsExactly(Map.entry("hik_ipc", expectedOdd), Map.entry("xm_dvr", expectedEven));
    }

    static final class MutableClock extends Clock {
        Instant now = Fixture.NOW;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
