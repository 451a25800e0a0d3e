package io.upgradeclient.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;

class ReportBuilderTest {
    private ReportFixture fixture;
    private ReportBuilder builder;

    @BeforeEach
    void open(@TempDir Path folder) throws Exception {
        fixture = new ReportFixture(folder);
        builder = new ReportBuilder(fixture.history, fixture.jobs);
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void listsTheUploadsAndErrorsOfTheCheckInThePeriodOldestFirst() throws Exception {
        Instant since = fixture.clock.instant();
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published fw_A.20261125.bin");
        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.event(EventLevel.INFO, "download", "xm_dvr", "downloaded fw_A.20261125.bin");
        fixture.event(EventLevel.INFO, "done", "xm_dvr", "done fw_A");
        fixture.event(EventLevel.WARNING, "upload", "xm_dvr", "retrying fw_B");
        fixture.event(EventLevel.ERROR, "download", "xm_dvr", "404 for fw_C");
        fixture.event(EventLevel.INFO, "upload", "other", "published elsewhere");
        fixture.event(EventLevel.ERROR, "check", "other", "other check's error");
        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published fw_D.20261125.bin");
        Instant until = fixture.clock.instant().plusMillis(1);
        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published after the period");

        Report report = builder.build(ReportKind.SCHEDULED, "xm_dvr", since, until);

        assertThat(report.kind()).isEqualTo(ReportKind.SCHEDULED);
        assertThat(report.since()).isEqualTo(since);
        assertThat(report.until()).isEqualTo(until);
        assertThat(report.published()).extracting(Event::message)
                .containsExactly("published fw_A.20261125.bin", "published fw_D.20261125.bin");
        assertThat(report.errors()).extracting(Event::message).containsExactly("404 for fw_C");
    }

    @Test
    void countsPendingJobsNowAndJobsThatFailedInThePeriod() throws Exception {
        Job failedBefore = fixture.runningJob("xm_dvr", "before.bin");
        fixture.jobs.update(failedBefore.failed("upload: refused", fixture.clock.instant()));
        fixture.clock.advance(Duration.ofMinutes(1));
        Instant since = fixture.clock.instant();
        Job failedInPeriod = fixture.runningJob("xm_dvr", "failed.bin");
        fixture.jobs.update(failedInPeriod.failed("upload: refused", fixture.clock.instant()));
        Job retrying = fixture.runningJob("xm_dvr", "retrying.bin");
        fixture.jobs.update(retrying.retryingAt("busy", fixture.clock.instant().plusSeconds(60), fixture.clock.instant()));
        Job waiting = fixture.runningJob("xm_dvr", "waiting.bin");
        fixture.jobs.update(waiting.waitingFor("uploader:rsync", fixture.clock.instant()));
        fixture.runningJob("xm_dvr", "running.bin");
        fixture.jobs.enqueue("xm_dvr", ReportFixture.change("pending.bin"), java.util.List.of("default"), fixture.clock.instant());
        Job done = fixture.runningJob("xm_dvr", "done.bin");
        fixture.jobs.update(done.withState(JobState.DONE, fixture.clock.instant()));
        fixture.jobs.enqueue("other", ReportFixture.change("other.bin"), java.util.List.of("default"), fixture.clock.instant());
        fixture.clock.advance(Duration.ofMinutes(1));

        Report report = builder.build(ReportKind.SCHEDULED, "xm_dvr", since, fixture.clock.instant());

        assertThat(report.pendingJobs()).isEqualTo(4);
        assertThat(report.failedJobs()).isEqualTo(1);
        assertThat(report.isEmpty()).isFalse();
    }

    @Test
    void aQuietPeriodGivesAnEmptyReport() throws Exception {
        fixture.event(EventLevel.INFO, "check", "xm_dvr", "no changes");
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published before the period");
        fixture.clock.advance(Duration.ofHours(1));

        Report report = builder.build(ReportKind.SCHEDULED, "xm_dvr", fixture.clock.instant().minusSeconds(60), fixture.clock.instant());

        assertThat(report.isEmpty()).isTrue();
    }

    @Test
    void pagesThroughMoreEventsThanOneQueryReturnsAndKeepsTheNewest() throws Exception {
        Instant since = fixture.clock.instant();
        for (int i = 0; i < 1800; i++) {
            fixture.history.record(Event.builder(EventLevel.INFO, i % 3 == 0 ? "upload" : "check", "engine")
                    .check("xm_dvr").message("event " + i).createdTime(since.plusMillis(i)).build());
        }
        fixture.history.flush(Duration.ofSeconds(30));

        Report report = builder.build(ReportKind.SCHEDULED, "xm_dvr", since, since.plusSeconds(10));

        assertThat(report.published()).hasSize(ReportBuilder.MAX_EVENTS);
        assertThat(report.published().get(0).message()).isEqualTo("event 300");
        assertThat(report.published().get(ReportBuilder.MAX_EVENTS - 1).message()).isEqualTo("event 1797");
    }
}
