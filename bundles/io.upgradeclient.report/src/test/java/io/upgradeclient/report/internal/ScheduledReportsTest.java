package io.upgradeclient.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;
import io.upgradeclient.api.TransientException;

class ScheduledReportsTest {
    private static final Instant DAY1_23 = Instant.parse("2026-11-25T23:00:00Z");
    private static final Instant DAY2_23 = Instant.parse("2026-11-26T23:00:00Z");
    private static final Instant DAY3_23 = Instant.parse("2026-11-27T23:00:00Z");

    private ReportFixture fixture;

    @BeforeEach
    void open(@TempDir Path folder) throws Exception {
        fixture = new ReportFixture(folder);
        fixture.catalog.checks.add(ReportFixture.check("xm_dvr", "0 23 * * *"));
    }

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    private void tickAt(ReportDispatcher dispatcher, Instant at) {
        fixture.clock.set(at);
        dispatcher.tick();
    }

    private Report onlyReport() {
        assertThat(fixture.alerter.delivered).hasSize(1);
        return fixture.alerter.delivered.get(0).report();
    }

    @Test
    void sendsTheReportAtTheCronFiringAndNotBefore() throws Exception {
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(false));
        dispatcher.tick();
        fixture.clock.advance(Duration.ofHours(1));
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published fw_A.20261125.bin");

        tickAt(dispatcher, DAY1_23.minusSeconds(1));
        assertThat(fixture.alerter.attempts).isEmpty();
        tickAt(dispatcher, DAY1_23);
        tickAt(dispatcher, DAY1_23.plusSeconds(30));

        Report report = onlyReport();
        assertThat(report.kind()).isEqualTo(ReportKind.SCHEDULED);
        assertThat(report.check()).isEqualTo("xm_dvr");
        assertThat(report.since()).isEqualTo(ReportFixture.T0);
        assertThat(report.until()).isEqualTo(DAY1_23);
        assertThat(report.published()).extracting(Event::message).containsExactly("published fw_A.20261125.bin");
        assertThat(fixture.alerter.delivered.get(0).settings()).containsEntry("smtp_host", "127.0.0.1");
    }

    @Test
    void aStopWhileAReportWaitsForTheHistoryIsQuietAndTheReportIsSentLater() throws Exception {
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(true));
        dispatcher.tick();
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream logged = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(logged, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Thread.currentThread().interrupt();
            tickAt(dispatcher, DAY1_23);
        } finally {
            Thread.interrupted();
            System.setErr(stderr);
        }

        assertThat(logged.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("ERROR").doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(fixture.alerter.delivered).isEmpty();
        tickAt(dispatcher, DAY1_23.plus(Duration.ofMinutes(5)));
        assertThat(onlyReport().until()).isEqualTo(DAY1_23);
    }

    @Test
    void handsTheMediaWithItsCcRecipientsToTheAlerterUnchanged() throws Exception {
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(true));
        dispatcher.tick();
        tickAt(dispatcher, DAY1_23);

        assertThat(fixture.alerter.delivered).singleElement().satisfies(sent -> {
            assertThat(sent.media()).isEqualTo(ReportFixture.MEDIA);
            assertThat(sent.media().cc()).containsExactly("boss@example.com");
        });
    }

    @Test
    void aRestartNeitherRepeatsNorSkipsAReport() throws Exception {
        ReportDispatcher first = fixture.dispatcher(ReportFixture.settings(false));
        first.tick();
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published before the first report");
        tickAt(first, DAY1_23);
        assertThat(fixture.alerter.delivered).hasSize(1);

        fixture.clock.set(DAY1_23.plusSeconds(300));
        ReportDispatcher second = fixture.dispatcher(ReportFixture.settings(false));
        second.tick();
        assertThat(fixture.alerter.delivered).hasSize(1);
        fixture.clock.advance(Duration.ofMinutes(5));
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published after the restart");
        tickAt(second, DAY2_23);

        assertThat(fixture.alerter.delivered).hasSize(2);
        Report next = fixture.alerter.delivered.get(1).report();
        assertThat(next.since()).isEqualTo(DAY1_23);
        assertThat(next.until()).isEqualTo(DAY2_23);
        assertThat(next.published()).extracting(Event::message).containsExactly("published after the restart");
    }

    @Test
    void firingsMissedWhileDownAreCaughtUpOnceByOneReport() throws Exception {
        ReportDispatcher before = fixture.dispatcher(ReportFixture.settings(false));
        before.tick();
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published on day 1");
        fixture.clock.set(DAY1_23.plus(Duration.ofHours(5)));
        fixture.event(EventLevel.ERROR, "upload", "xm_dvr", "failed on day 2");
        fixture.clock.set(DAY2_23.plus(Duration.ofHours(2)));
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published on day 3 after the missed firings");

        ReportDispatcher after = fixture.dispatcher(ReportFixture.settings(false));
        after.tick();
        fixture.clock.advance(Duration.ofMinutes(1));
        after.tick();

        Report catchUp = onlyReport();
        assertThat(catchUp.since()).isEqualTo(ReportFixture.T0);
        assertThat(catchUp.until()).isEqualTo(DAY2_23);
        assertThat(catchUp.published()).extracting(Event::message).containsExactly("published on day 1");
        assertThat(catchUp.errors()).extracting(Event::message).containsExactly("failed on day 2");

        tickAt(after, DAY3_23);
        assertThat(fixture.alerter.delivered).hasSize(2);
        assertThat(fixture.alerter.delivered.get(1).report().published()).extracting(Event::message)
                .containsExactly("published on day 3 after the missed firings");
    }

    @Test
    void anEmptyReportIsNotSentButItsPeriodIsClosed() throws Exception {
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(false));
        dispatcher.tick();
        tickAt(dispatcher, DAY1_23);
        assertThat(fixture.alerter.attempts).isEmpty();

        fixture.clock.advance(Duration.ofHours(1));
        fixture.event(EventLevel.ERROR, "check", "xm_dvr", "source unreachable");
        tickAt(dispatcher, DAY2_23);

        assertThat(onlyReport().since()).isEqualTo(DAY1_23);
    }

    @Test
    void anEmptyReportIsSentWhenConfigured() throws Exception {
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(true));
        dispatcher.tick();
        tickAt(dispatcher, DAY1_23);

        assertThat(onlyReport().isEmpty()).isTrue();
    }

    @Test
    void aTransientFailureIsRetriedWithGrowingDelaysAndThePeriodIsSentOnce() throws Exception {
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(false));
        dispatcher.tick();
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published before the firing");
        fixture.alerter.failNext(new TransientException("smtp 127.0.0.1:2525: connection refused", null));
        fixture.alerter.failNext(new TransientException("smtp 127.0.0.1:2525: 421 busy", null));

        tickAt(dispatcher, DAY1_23);
        tickAt(dispatcher, DAY1_23.plusSeconds(59));
        assertThat(fixture.alerter.attempts).hasSize(1);
        tickAt(dispatcher, DAY1_23.plusSeconds(60));
        assertThat(fixture.alerter.attempts).hasSize(2);
        fixture.event(EventLevel.INFO, "upload", "xm_dvr", "published while retrying");
        tickAt(dispatcher, DAY1_23.plusSeconds(60 + 119));
        assertThat(fixture.alerter.attempts).hasSize(2);
        tickAt(dispatcher, DAY1_23.plusSeconds(60 + 120));
        tickAt(dispatcher, DAY1_23.plusSeconds(3600));

        assertThat(fixture.alerter.attempts).hasSize(3);
        Report report = onlyReport();
        assertThat(report.since()).isEqualTo(ReportFixture.T0);
        assertThat(report.until()).isEqualTo(DAY1_23);
        assertThat(report.published()).extracting(Event::message).containsExactly("published before the firing");
        assertThat(fixture.events(EventLevel.WARNING, ReportDispatcher.EVENT_NAME)).isNotEmpty();

        tickAt(dispatcher, DAY2_23);
        assertThat(fixture.alerter.delivered.get(1).report().since()).isEqualTo(DAY1_23);
        assertThat(fixture.alerter.delivered.get(1).report().published()).extracting(Event::message)
                .containsExactly("published while retrying");
    }

    @Test
    void aPermanentFailureIsRecordedAsAnErrorAndNotRetried() throws Exception {
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(true));
        dispatcher.tick();
        fixture.alerter.failNext(new PermanentException("smtp 127.0.0.1:2525: 535 login refused for section default"));

        tickAt(dispatcher, DAY1_23);
        tickAt(dispatcher, DAY1_23.plus(Duration.ofHours(2)));

        assertThat(fixture.alerter.attempts).hasSize(1);
        assertThat(fixture.events(EventLevel.ERROR, ReportDispatcher.EVENT_NAME)).singleElement().satisfies(event -> {
            assertThat(event.component()).isEqualTo("alerter:email");
            assertThat(event.check()).isEqualTo("xm_dvr");
            assertThat(event.message()).contains("535 login refused");
        });
        tickAt(dispatcher, DAY2_23);
        assertThat(onlyReport().since()).isEqualTo(DAY1_23);
    }

    @Test
    void aMissingAlerterIsAWarningAndTheNextFiringCoversBothPeriods() throws Exception {
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(true));
        dispatcher.tick();
        fixture.alerterDeployed = false;

        tickAt(dispatcher, DAY1_23);
        assertThat(fixture.events(EventLevel.WARNING, ReportDispatcher.EVENT_NAME)).singleElement()
                .satisfies(event -> assertThat(event.message()).contains("no alerter of type 'email'"));
        fixture.alerterDeployed = true;
        tickAt(dispatcher, DAY1_23.plus(Duration.ofHours(1)));
        assertThat(fixture.alerter.attempts).isEmpty();
        tickAt(dispatcher, DAY2_23);

        Report report = onlyReport();
        assertThat(report.since()).isEqualTo(ReportFixture.T0);
        assertThat(report.until()).isEqualTo(DAY2_23);
    }

    @Test
    void aMissingOrMismatchedSectionIsAWarning() throws Exception {
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(true));
        dispatcher.tick();
        fixture.sections.put("default", new AlertSection("default", "slack", Map.of()));

        tickAt(dispatcher, DAY1_23);
        fixture.sections.remove("default");
        tickAt(dispatcher, DAY2_23);

        assertThat(fixture.alerter.attempts).isEmpty();
        assertThat(fixture.events(EventLevel.WARNING, ReportDispatcher.EVENT_NAME)).extracting(Event::message)
                .anySatisfy(message -> assertThat(message).contains("is for 'slack', not 'email'"))
                .anySatisfy(message -> assertThat(message).contains("no alert section 'default'"));
    }

    @Test
    void thePublicUrlIsHandedToTheAlerterWhenItsSectionHasNone() throws Exception {
        ReportSettings withUrl = new ReportSettings(java.time.ZoneOffset.UTC, true, () -> "https://uc.example.com/", 3,
                Duration.ofDays(1), Duration.ofHours(1), Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofHours(1));
        ReportDispatcher dispatcher = fixture.dispatcher(withUrl);
        dispatcher.tick();
        tickAt(dispatcher, DAY1_23);

        assertThat(fixture.alerter.delivered.get(0).settings()).containsEntry("public_url", "https://uc.example.com/")
                .containsEntry("smtp_host", "127.0.0.1");
    }

    @Test
    void aCheckWithoutCronGetsNoScheduledReports() throws Exception {
        fixture.catalog.checks.clear();
        fixture.catalog.checks.add(ReportFixture.check("xm_dvr", ""));
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(true));
        dispatcher.tick();
        tickAt(dispatcher, DAY1_23);

        assertThat(fixture.alerter.attempts).isEmpty();
    }

    @Test
    void aBadCronExpressionDoesNotStopTheOtherChecksReports() throws Exception {
        fixture.catalog.checks.add(ReportFixture.check("broken", "0 25 * * *"));
        ReportDispatcher dispatcher = fixture.dispatcher(ReportFixture.settings(true));
        dispatcher.tick();
        tickAt(dispatcher, DAY1_23);

        assertThat(onlyReport().check()).isEqualTo("xm_dvr");
    }
}
