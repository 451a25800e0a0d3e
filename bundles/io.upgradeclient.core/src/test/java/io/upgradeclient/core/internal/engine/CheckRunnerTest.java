package io.upgradeclient.core.internal.engine;

import static io.upgradeclient.core.internal.engine.EngineFixture.change;
import static io.upgradeclient.core.internal.engine.EngineFixture.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.CheckRun;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checker;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.History;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransientException;

class CheckRunnerTest {
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1), () -> 0.5);

    @TempDir
    Path folder;

    private EngineFixture fixture;
    private CheckRunner runner;
    private final List<Checkpoint> checkpointsSeen = new CopyOnWriteArrayList<>();
    private List<RemoteChange> reported = List.of();

    @BeforeEach
    void setUp() throws Exception {
        fixture = new EngineFixture(folder);
        runner = new CheckRunner(fixture.plugins, fixture.jobs, fixture.checkpoints, fixture.events, fixture.clock, BACKOFF);
        fixture.plugins.deploy(PluginKind.CHECKER, "file", (Checker) (check, since) -> {
            checkpointsSeen.add(since);
            return new CheckResult(reported, new Checkpoint("rev-" + reported.size(), fixture.clock.instant()));
        });
        fixture.plugins.deploy(PluginKind.FILTER, "bin", binOnly());
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void queuesEachAcceptedChangeAndThenMovesTheCheckpoint() throws Exception {
        reported = List.of(change("a.20161025.bin", "1"), change("notes.txt", "1"));

        CheckRun run = runner.run(check("ipc", List.of("bin"), List.of("main")), false);

        assertThat(run.outcome()).isEqualTo(CheckRun.Outcome.SUCCEEDED);
        assertThat(run.queued()).isEqualTo(1);
        assertThat(fixture.jobs.list(Set.of(), "ipc", 0, 10)).extracting(job -> job.change().fileName()).containsExactly("a.20161025.bin");
        assertThat(fixture.jobs.list(Set.of(), "ipc", 0, 10).get(0).targets()).containsOnlyKeys("main");
        assertThat(fixture.checkpoints.load("ipc").value()).isEqualTo("rev-2");
        assertThat(fixture.events("rejected: not firmware")).singleElement()
                .satisfies(event -> {
                    assertThat(event.level()).isEqualTo(EventLevel.DEBUG);
                    assertThat(event.fileName()).isEqualTo("notes.txt");
                    assertThat(event.component()).isEqualTo("filter:bin");
                });
    }

    @Test
    void theSameChangeReportedAgainIsNeverQueuedTwice() {
        reported = List.of(change("a.20161025.bin", "1"));
        CheckDefinition ipc = check("ipc", List.of("bin"), List.of("main"));

        runner.run(ipc, false);
        CheckRun again = runner.run(ipc, false);

        assertThat(again.queued()).isZero();
        assertThat(fixture.jobs.list(Set.of(), "ipc", 0, 10)).hasSize(1);
    }

    @Test
    void aNewRevisionOfTheSameFileIsANewJob() {
        CheckDefinition ipc = check("ipc", List.of("bin"), List.of("main"));
        reported = List.of(change("a.20161025.bin", "1"));
        runner.run(ipc, false);
        reported = List.of(change("a.20161025.bin", "2"));

        assertThat(runner.run(ipc, false).queued()).isEqualTo(1);
        assertThat(fixture.jobs.list(Set.of(), "ipc", 0, 10)).extracting(job -> job.change().revision()).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void theCheckerGetsTheCheckpointOfTheRunBefore() {
        CheckDefinition ipc = check("ipc", List.of("bin"), List.of());
        reported = List.of(change("a.20161025.bin", "1"));

        runner.run(ipc, false);
        runner.run(ipc, false);

        assertThat(checkpointsSeen.get(0).isNone()).isTrue();
        assertThat(checkpointsSeen.get(1).value()).isEqualTo("rev-1");
    }

    @Test
    void filtersApplyInOrderEachSeeingOnlyWhatThePreviousKept() {
        List<String> secondSaw = new ArrayList<>();
        fixture.plugins.deploy(PluginKind.FILTER, "recording", (Filter) (check, changes) -> {
            changes.forEach(change -> secondSaw.add(change.fileName()));
            return changes.stream().map(change -> FilterDecision.accept(change, "ok")).toList();
        });
        reported = List.of(change("a.20161025.bin", "1"), change("notes.txt", "1"), change("b.20161025.bin", "1"));

        runner.run(check("ipc", List.of("bin", "recording"), List.of()), false);

        assertThat(secondSaw).containsExactly("a.20161025.bin", "b.20161025.bin");
    }

    @Test
    void aMissingCheckerMakesTheCheckWaitAndLeavesTheCheckpoint() throws Exception {
        fixture.plugins.remove(PluginKind.CHECKER, "file");
        reported = List.of(change("a.20161025.bin", "1"));

        CheckRun run = runner.run(check("ipc", List.of("bin"), List.of()), false);

        assertThat(run.outcome()).isEqualTo(CheckRun.Outcome.WAITING);
        assertThat(run.detail()).isEqualTo("checker:file");
        assertThat(fixture.checkpoints.load("ipc").isNone()).isTrue();
        assertThat(fixture.events("waiting for the plugin checker:file")).hasSize(1);
    }

    @Test
    void aMissingFilterQueuesNothingAndLeavesTheCheckpoint() {
        reported = List.of(change("a.20161025.bin", "1"));

        CheckRun run = runner.run(check("ipc", List.of("bin", "absent"), List.of()), false);

        assertThat(run.outcome()).isEqualTo(CheckRun.Outcome.WAITING);
        assertThat(run.detail()).isEqualTo("filter:absent");
        assertThat(fixture.jobs.list(Set.of(), "ipc", 0, 10)).isEmpty();
        assertThat(fixture.checkpoints.load("ipc").isNone()).isTrue();
    }

    @Test
    void anUnreachableSourceKeepsTheCheckpointAndIsRecordedAsWarning() throws Exception {
        fixture.plugins.deploy(PluginKind.CHECKER, "file", (Checker) (check, since) -> {
            throw new TransientException("connection refused by 127.0.0.1:3690", null);
        });

        CheckRun run = runner.run(check("ipc", List.of("bin"), List.of()), false);

        assertThat(run.outcome()).isEqualTo(CheckRun.Outcome.FAILED);
        assertThat(fixture.checkpoints.load("ipc").isNone()).isTrue();
        assertThat(fixture.events("connection refused")).singleElement()
                .satisfies(event -> assertThat(event.level()).isEqualTo(EventLevel.WARNING));
    }

    @Test
    void scheduledRunsHonourTheSourcesRetryAfterCappedAtTheLongestBackoff() {
        AtomicInteger asked = new AtomicInteger();
        fixture.plugins.deploy(PluginKind.CHECKER, "file", (Checker) (check, since) -> {
            asked.incrementAndGet();
            throw new TransientException("HTTP 503, retry after 999999999 s", null, Duration.ofSeconds(999_999_999));
        });
        CheckDefinition ipc = check("ipc", List.of("bin"), List.of());

        assertThat(runner.runScheduled(ipc).outcome()).isEqualTo(CheckRun.Outcome.FAILED);
        fixture.clock.advance(Duration.ofMinutes(59));
        CheckRun held = runner.runScheduled(ipc);

        assertThat(asked).as("the source is not asked again before its Retry-After").hasValue(1);
        assertThat(held.outcome()).isEqualTo(CheckRun.Outcome.FAILED);
        assertThat(held.detail()).contains(EngineFixture.T0.plus(Duration.ofHours(1)).toString());
        assertThat(runner.run(ipc, false).outcome()).as("an operator's run does not wait").isEqualTo(CheckRun.Outcome.FAILED);
        assertThat(asked).hasValue(2);

        fixture.clock.advance(Duration.ofHours(1));
        fixture.plugins.deploy(PluginKind.CHECKER, "file", (Checker) (check, since) -> {
            asked.incrementAndGet();
            return new CheckResult(List.of(), new Checkpoint("1", fixture.clock.instant()));
        });
        assertThat(runner.runScheduled(ipc).outcome()).as("capped at engine.backoff_max_seconds").isEqualTo(CheckRun.Outcome.SUCCEEDED);
        assertThat(asked).hasValue(3);
    }

    @Test
    void aCheckWaitingForAPluginThatIsNotDeployedLogsOneWarningNotOnePerRun() throws Exception {
        CheckDefinition unknown = new CheckDefinition("cam", "ftp", EngineFixture.BASE, io.upgradeclient.api.Credentials.NONE, "",
                Duration.ofDays(30), Duration.ofSeconds(15), List.of(), List.of(), "", List.of(), "", java.util.Map.of());

        for (int run = 0; run < 30; run++) {
            assertThat(runner.runScheduled(unknown).outcome()).isEqualTo(CheckRun.Outcome.WAITING);
            fixture.clock.advance(Duration.ofSeconds(15));
        }

        assertThat(fixture.logged).singleElement().asString().startsWith("WARNING cam [engine] check: waiting for the plugin checker:ftp");
        assertThat(fixture.events("checker:ftp")).as("the history still has it").isNotEmpty();
    }

    @Test
    void eachRefusedEntryOfTheSourceIsOneWarningEvent() throws Exception {
        fixture.plugins.deploy(PluginKind.CHECKER, "file", (Checker) (check, since) -> new CheckResult(List.of(),
                new Checkpoint("1", fixture.clock.instant()), List.of("listing http://h/fw/: refused the link '../../etc/passwd'")));

        assertThat(runner.run(check("ipc", List.of("bin"), List.of()), false).outcome()).isEqualTo(CheckRun.Outcome.SUCCEEDED);

        assertThat(fixture.events("refused the link")).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(EventLevel.WARNING);
            assertThat(event.component()).isEqualTo("checker:file");
            assertThat(event.check()).isEqualTo("ipc");
        });
    }

    @Test
    void aDryRunShowsTheDecisionsAndChangesNothing() {
        reported = List.of(change("a.20161025.bin", "1"), change("notes.txt", "1"));

        CheckRun run = runner.run(check("ipc", List.of("bin"), List.of("main")), true);

        assertThat(run.decisions()).extracting(FilterDecision::accepted).containsExactly(true, false);
        assertThat(fixture.jobs.list(Set.of(), "ipc", 0, 10)).isEmpty();
        assertThat(fixture.checkpoints.load("ipc").isNone()).isTrue();
    }

    @Test
    void aDryRunAfterACheckSaysWhyItSeesNothingAndFromTheStartReadsTheWholeSource() {
        CheckDefinition ipc = check("ipc", List.of("bin"), List.of("main"));
        reported = List.of(change("a.20161025.bin", "1"));
        runner.run(ipc, false);
        reported = List.of();

        CheckRun sinceCheckpoint = runner.run(ipc, true);
        reported = List.of(change("a.20161025.bin", "1"), change("notes.txt", "1"));
        CheckRun fromStart = runner.run(ipc, true, true);

        assertThat(sinceCheckpoint.detail()).startsWith("nothing changed since the checkpoint of ").contains("ignoring the checkpoint");
        assertThat(checkpointsSeen.get(checkpointsSeen.size() - 1).isNone()).as("the whole source is asked for").isTrue();
        assertThat(fromStart.decisions()).extracting(FilterDecision::accepted).containsExactly(true, false);
        assertThat(fromStart.detail()).isEqualTo("1 of 2 changes would be queued (whole source, checkpoint ignored)");
        assertThat(fixture.checkpoints.load("ipc").value()).as("the checkpoint stays").isEqualTo("rev-1");
        assertThat(fixture.jobs.list(Set.of(), "ipc", 0, 10)).hasSize(1);
    }

    @Test
    void aCheckWaitingForAFilterWarnsOnceWhenTheWaitStartsAndTellsOnceWhenItArrives() {
        List<Event> recorded = new CopyOnWriteArrayList<>();
        CheckRunner quiet = new CheckRunner(fixture.plugins, fixture.jobs, fixture.checkpoints,
                new EventLog(recording(recorded), fixture.clock), fixture.clock, BACKOFF);
        CheckDefinition ipc = check("ipc", List.of("bin", "latest"), List.of());
        reported = List.of(change("a.20161025.bin", "1"));

        for (int run = 0; run < 20; run++) {
            assertThat(quiet.run(ipc, false).detail()).isEqualTo("filter:latest");
        }
        assertThat(quiet.run(ipc, true).outcome()).as("a dry run").isEqualTo(CheckRun.Outcome.WAITING);
        fixture.plugins.deploy(PluginKind.FILTER, "latest", binOnly());
        assertThat(quiet.run(ipc, false).queued()).isEqualTo(1);
        quiet.run(ipc, false);
        fixture.plugins.remove(PluginKind.FILTER, "latest");
        for (int run = 0; run < 5; run++) {
            assertThat(quiet.run(ipc, false).outcome()).isEqualTo(CheckRun.Outcome.WAITING);
        }

        assertThat(recorded).filteredOn(event -> event.message().contains("filter:latest"))
                .extracting(Event::level, Event::message).containsExactly(
                        tuple(EventLevel.WARNING, "waiting for the plugin filter:latest to be deployed; the check queues nothing until it arrives"),
                        tuple(EventLevel.INFO, "the plugin filter:latest arrived; the check runs again"),
                        tuple(EventLevel.WARNING, "waiting for the plugin filter:latest to be deployed; the check queues nothing until it arrives"));
    }

    @Test
    void aWaitOfSixHoursForAFilterLogsOneWarningInAll() {
        CheckDefinition ipc = check("ipc", List.of("bin", "latest"), List.of());
        reported = List.of(change("a.20161025.bin", "1"));

        int runs = 0;
        for (Duration waited = Duration.ZERO; waited.compareTo(Duration.ofHours(6)) <= 0; waited = waited.plus(ipc.interval())) {
            assertThat(runner.runScheduled(ipc).detail()).isEqualTo("filter:latest");
            fixture.clock.advance(ipc.interval());
            runs++;
        }

        assertThat(runs).as("a run every 15 s").isEqualTo(1441);
        assertThat(fixture.logged).as("one wait, whatever the log's hourly repeat would allow")
                .singleElement().asString().startsWith("WARNING ipc [engine] filter: waiting for the plugin filter:latest");
    }

    @Test
    void aFilterWaitGoesOnWhileTheCheckerIsAwayForAWhile() throws Exception {
        CheckDefinition ipc = check("ipc", List.of("bin", "latest"), List.of());
        Checker checker = (check, since) -> new CheckResult(List.of(), new Checkpoint("1", fixture.clock.instant()));
        fixture.plugins.deploy(PluginKind.CHECKER, "file", checker);

        for (int hour = 0; hour < 3; hour++) {
            for (int run = 0; run < 240; run++) {
                runner.runScheduled(ipc);
                fixture.clock.advance(ipc.interval());
            }
            fixture.plugins.remove(PluginKind.CHECKER, "file");
            assertThat(runner.runScheduled(ipc).detail()).isEqualTo("checker:file");
            fixture.clock.advance(Duration.ofMinutes(1));
            fixture.plugins.deploy(PluginKind.CHECKER, "file", checker);
        }
        assertThat(runner.runScheduled(ipc).detail()).isEqualTo("filter:latest");

        assertThat(fixture.logged).filteredOn(line -> line.contains("filter:latest")).as("one wait for the filter all along")
                .singleElement().asString().startsWith("WARNING ipc [engine] filter: waiting for the plugin filter:latest");
        assertThat(fixture.events("arrived")).extracting(Event::message)
                .containsOnly("the plugin checker:file arrived; the check runs again");
    }

    @Test
    void waitingForOnePluginAfterAnotherReportsEachWait() {
        List<Event> recorded = new CopyOnWriteArrayList<>();
        CheckRunner quiet = new CheckRunner(fixture.plugins, fixture.jobs, fixture.checkpoints,
                new EventLog(recording(recorded), fixture.clock), fixture.clock, BACKOFF);
        fixture.plugins.remove(PluginKind.CHECKER, "file");
        Checker checker = (check, since) -> new CheckResult(List.of(), new Checkpoint("1", fixture.clock.instant()));

        quiet.run(check("ipc", List.of("absent"), List.of()), false);
        quiet.run(check("ipc", List.of("absent"), List.of()), false);
        fixture.plugins.deploy(PluginKind.CHECKER, "file", checker);
        quiet.run(check("ipc", List.of("absent"), List.of()), false);
        quiet.run(check("ipc", List.of("absent"), List.of()), false);
        quiet.run(check("ipc", List.of("bin"), List.of()), false);
        quiet.run(check("ipc", List.of("absent"), List.of()), false);

        assertThat(recorded).extracting(Event::level, Event::component, Event::message).containsExactly(
                tuple(EventLevel.WARNING, "engine", "waiting for the plugin checker:file to be deployed; the check queues nothing until it arrives"),
                tuple(EventLevel.INFO, "engine", "the plugin checker:file arrived; the check runs again"),
                tuple(EventLevel.WARNING, "engine", "waiting for the plugin filter:absent to be deployed; the check queues nothing until it arrives"),
                tuple(EventLevel.WARNING, "engine", "waiting for the plugin filter:absent to be deployed; the check queues nothing until it arrives"));
    }

    /** The fixture's history, recording each event as the engine hands it over (the store merges repeats of a day). */
    private History recording(List<Event> recorded) {
        return (History) Proxy.newProxyInstance(History.class.getClassLoader(), new Class<?>[] {History.class}, (proxy, method, args) -> {
            if ("record".equals(method.getName())) {
                recorded.add((Event) args[0]);
            }
            return method.invoke(fixture.history, args);
        });
    }

    private static Filter binOnly() {
        return (check, changes) -> changes.stream()
                .map(change -> change.fileName().endsWith(".bin") ? FilterDecision.accept(change, "firmware")
                        : FilterDecision.reject(change, "not firmware"))
                .toList();
    }
}
