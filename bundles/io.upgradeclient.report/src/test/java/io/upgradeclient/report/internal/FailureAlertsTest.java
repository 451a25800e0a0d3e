package io.upgradeclient.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;
import io.upgradeclient.api.TargetStatus;
import io.upgradeclient.api.TransientException;

class FailureAlertsTest {
    private static final String CHECK = "xm_dvr";

    private ReportFixture fixture;
    private ReportDispatcher dispatcher;

    @BeforeEach
    void open(@TempDir Path folder) throws Exception {
        fixture = new ReportFixture(folder);
        fixture.catalog.checks.add(ReportFixture.check(CHECK, ""));
        fixture.catalog.statuses.put(CHECK, CheckStatus.fresh(CHECK));
        dispatcher = fixture.dispatcher(ReportFixture.settings(false));
        dispatcher.tick();
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    /** Lets time pass in steps, ticking after each, as the scheduler thread does. */
    private void pass(Duration duration, Duration step) {
        for (Duration passed = Duration.ZERO; passed.compareTo(duration) < 0; passed = passed.plus(step)) {
            fixture.clock.advance(step);
            dispatcher.tick();
        }
    }

    private void runFails() {
        fixture.catalog.statuses.computeIfPresent(CHECK, (name, status) -> status.failed(fixture.clock.instant(), "svn: connection refused"));
    }

    private void runSucceeds() {
        fixture.catalog.statuses.computeIfPresent(CHECK, (name, status) -> status.succeeded(fixture.clock.instant(), 0));
    }

    private List<ReportKind> kinds() {
        return fixture.alerter.delivered.stream().map(sent -> sent.report().kind()).toList();
    }

    private void failingReported() {
        runSucceeds();
        pass(Duration.ofSeconds(10), Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            runFails();
            pass(Duration.ofSeconds(15), Duration.ofSeconds(5));
        }
        assertThat(kinds()).containsExactly(ReportKind.FAILING);
    }

    @Test
    void aCheckIsReportedFailingOnceWhenItReachesTheThreshold() throws Exception {
        runSucceeds();
        pass(Duration.ofSeconds(10), Duration.ofSeconds(5));
        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.event(EventLevel.ERROR, "check", CHECK, "svn: connection refused");
        runFails();
        pass(Duration.ofSeconds(15), Duration.ofSeconds(5));
        runFails();
        pass(Duration.ofSeconds(15), Duration.ofSeconds(5));
        assertThat(fixture.alerter.attempts).isEmpty();

        runFails();
        pass(Duration.ofSeconds(15), Duration.ofSeconds(5));
        for (int i = 0; i < 5; i++) {
            runFails();
            pass(Duration.ofMinutes(5), Duration.ofSeconds(5));
        }

        assertThat(kinds()).containsExactly(ReportKind.FAILING);
        Report failing = fixture.alerter.delivered.get(0).report();
        assertThat(failing.check()).isEqualTo(CHECK);
        assertThat(failing.errors()).extracting(Event::message).containsExactly("svn: connection refused");
    }

    @Test
    void remindersComeAtGrowingIntervalsWhileItKeepsFailing() {
        failingReported();
        pass(Duration.ofHours(40), Duration.ofMinutes(5));

        List<Instant> sent = fixture.alerter.delivered.stream().map(delivered -> delivered.report().until()).toList();
        assertThat(kinds().subList(1, kinds().size())).containsOnly(ReportKind.STILL_FAILING);
        List<Duration> expected = List.of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8),
                Duration.ofHours(16));
        assertThat(sent).hasSize(expected.size() + 1);
        for (int i = 0; i < expected.size(); i++) {
            // due at the interval, sent at the first tick after it: ticks here are 5 minutes apart
            assertThat(Duration.between(sent.get(i), sent.get(i + 1))).isBetween(expected.get(i), expected.get(i).plusMinutes(5));
        }
    }

    @Test
    void recoveryIsReportedOnceAndEndsTheReminders() {
        failingReported();
        pass(Duration.ofMinutes(30), Duration.ofMinutes(5));
        runSucceeds();
        pass(Duration.ofHours(20), Duration.ofMinutes(5));

        assertThat(kinds()).containsExactly(ReportKind.FAILING, ReportKind.RECOVERED);
    }

    @Test
    void aRestartDoesNotRepeatTheFailingAlertButKeepsReminding() {
        failingReported();
        Instant failingSent = fixture.alerter.delivered.get(0).report().until();

        fixture.catalog.statuses.put(CHECK, CheckStatus.fresh(CHECK));
        dispatcher = fixture.dispatcher(ReportFixture.settings(false));
        for (int i = 0; i < 4; i++) {
            runFails();
            pass(Duration.ofMinutes(5), Duration.ofSeconds(5));
        }
        assertThat(kinds()).containsExactly(ReportKind.FAILING);
        pass(Duration.ofMinutes(45), Duration.ofMinutes(1));

        assertThat(kinds()).containsExactly(ReportKind.FAILING, ReportKind.STILL_FAILING);
        assertThat(fixture.alerter.delivered.get(1).report().until())
                .isBetween(failingSent.plus(Duration.ofHours(1)), failingSent.plus(Duration.ofMinutes(61)));
    }

    @Test
    void aFreshStatusAfterARestartIsNotTakenForARecovery() {
        failingReported();

        fixture.catalog.statuses.put(CHECK, CheckStatus.fresh(CHECK));
        dispatcher = fixture.dispatcher(ReportFixture.settings(false));
        pass(Duration.ofMinutes(30), Duration.ofMinutes(1));

        assertThat(kinds()).containsExactly(ReportKind.FAILING);
    }

    @Test
    void aCheckWithoutSuccessForTooLongIsReportedStaleOnceThenRecovered() {
        pass(Duration.ofMinutes(1435), Duration.ofMinutes(5));
        assertThat(fixture.alerter.attempts).isEmpty();
        pass(Duration.ofMinutes(10), Duration.ofMinutes(5));
        assertThat(kinds()).containsExactly(ReportKind.STALE);
        assertThat(fixture.alerter.delivered.get(0).report().since()).isEqualTo(ReportFixture.T0);

        pass(Duration.ofDays(2), Duration.ofMinutes(30));
        assertThat(kinds()).containsExactly(ReportKind.STALE);
        runSucceeds();
        pass(Duration.ofMinutes(5), Duration.ofMinutes(1));

        assertThat(kinds()).containsExactly(ReportKind.STALE, ReportKind.RECOVERED);
    }

    @Test
    void aJobFailingForGoodIsReportedOnce() throws Exception {
        runSucceeds();
        pass(Duration.ofSeconds(10), Duration.ofSeconds(5));
        Job job = fixture.runningJob(CHECK, "fw_A.20261125.bin");
        fixture.history.record(Event.builder(EventLevel.ERROR, "upload", "uploader:rsync").check(CHECK).jobId(job.id())
                .message("upload to default failed: auth failed on module fw").createdTime(fixture.clock.instant()).build());
        fixture.jobs.update(job.failed("default: auth failed on module fw", fixture.clock.instant()));
        pass(Duration.ofMinutes(10), Duration.ofSeconds(5));

        assertThat(kinds()).containsExactly(ReportKind.FAILING);
        Report report = fixture.alerter.delivered.get(0).report();
        assertThat(report.errors()).extracting(Event::message).containsExactly("upload to default failed: auth failed on module fw");
        assertThat(report.failedJobs()).isEqualTo(1);
    }

    @Test
    void aTransientFailureDelaysTheAlertUntilItCanBeSent() {
        fixture.alerter.failNext(new TransientException("smtp 127.0.0.1:2525: connection refused", null));
        runSucceeds();
        pass(Duration.ofSeconds(10), Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            runFails();
        }
        pass(Duration.ofSeconds(55), Duration.ofSeconds(5));
        assertThat(fixture.alerter.attempts).hasSize(1);
        pass(Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(fixture.alerter.attempts).hasSize(2);
        assertThat(kinds()).containsExactly(ReportKind.FAILING);
    }

    @Test
    void failureAlertsCanBeTurnedOffByTheChecksOption() {
        fixture.catalog.checks.clear();
        fixture.catalog.checks.add(ReportFixture.check(CHECK, "", Map.of("failure_alerts", "false"), ReportFixture.MEDIA));
        for (int i = 0; i < 3; i++) {
            runFails();
        }
        pass(Duration.ofDays(2), Duration.ofMinutes(10));

        assertThat(fixture.alerter.attempts).isEmpty();
    }

    @Test
    void failureAlertsCanBeTurnedOffInTheAlertSection() {
        fixture.sections.put("default", new AlertSection("default", "email", Map.of("failure_alerts", "false")));
        for (int i = 0; i < 3; i++) {
            runFails();
        }
        pass(Duration.ofDays(2), Duration.ofMinutes(10));

        assertThat(fixture.alerter.attempts).isEmpty();
    }

    @Test
    void aTargetThatKeepsFailingIsReportedOnceAndItsRecoveryWhenItsUploadSucceeds() {
        runSucceeds();
        pass(Duration.ofSeconds(10), Duration.ofSeconds(5));
        Job job = fixture.runningJob(CHECK, "fw.bin");
        for (int attempt = 1; attempt <= 5; attempt++) {
            job = job.withTarget("default", new TargetStatus(JobState.RETRYING, attempt, fixture.clock.instant().plusSeconds(30),
                    "rclone: connection refused", 0)).withState(JobState.RETRYING, fixture.clock.instant());
            fixture.jobs.update(job);
            runSucceeds();
            pass(Duration.ofSeconds(15), Duration.ofSeconds(5));
            assertThat(kinds()).as("after attempt %d", attempt).isEqualTo(attempt < 3 ? List.of() : List.of(ReportKind.FAILING));
        }

        fixture.jobs.update(job.withTarget("default", new TargetStatus(JobState.DONE, 6, null, "", 10))
                .withState(JobState.DONE, fixture.clock.instant()));
        runSucceeds();
        pass(Duration.ofMinutes(10), Duration.ofSeconds(5));
        assertThat(kinds()).containsExactly(ReportKind.FAILING, ReportKind.RECOVERED);
    }
}
