package io.upgradeclient.store.internal;

import static io.upgradeclient.store.internal.Events.T0;
import static io.upgradeclient.store.internal.Events.change;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TargetStatus;

/** The same contract on both stores: every test runs on SQLite and on a real PostgreSQL server. */
@ParameterizedClass
@EnumSource(Dialect.class)
class JobQueueContractTest {
    @Parameter
    Dialect dialect;

    private static final Instant LATER = T0.plusSeconds(60);

    @TempDir
    Path dir;

    private TestDatabase store;

    private Database database;
    private SqlJobQueue queue;

    @BeforeEach
    void open() throws SQLException, IOException {
        store = TestDatabase.create(dialect, dir);
        database = store.open();
        queue = new SqlJobQueue(database);
    }

    @AfterEach
    void close() throws Exception {
        database.close();
        store.drop();
    }

    @Test
    void enqueueIsIdempotentPerCheckUrlAndRevision() {
        Optional<Job> first = queue.enqueue("xm_dvr", change("a.bin", "10"), List.of("main"), T0);
        assertThat(first).isPresent();
        assertThat(queue.enqueue("xm_dvr", change("a.bin", "10"), List.of("main"), LATER)).isEmpty();
        assertThat(queue.enqueue("xm_dvr", change("a.bin", "11"), List.of("main"), LATER)).isPresent();
        assertThat(queue.enqueue("xm_ipc", change("a.bin", "10"), List.of("main"), LATER)).isPresent();
        assertThat(queue.countByState("")).containsExactly(Map.entry(JobState.PENDING, 3L));
    }

    @Test
    void enqueuedJobIsStoredAsReturned() {
        RemoteChange hostile = new RemoteChange(ChangeAction.MODIFIED,
                URI.create("http://svn.example.com/fw/%E6%B5%B7%E6%80%9D/IPC%20'x'%25_.bin"), "IPC 'x' \"海思\" %_\\.bin",
                "海思平台", "bob", T0.minusMillis(1), "r1", -1);
        Job job = queue.enqueue("xm_dvr", hostile, List.of("zeta", "alpha", "mid"), T0).orElseThrow();

        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.key()).isEqualTo(SqlJobQueue.key("xm_dvr", job.change()));
        assertThat(job.targets()).containsExactly(Map.entry("zeta", TargetStatus.NEW), Map.entry("alpha", TargetStatus.NEW),
                Map.entry("mid", TargetStatus.NEW));
        assertThat(queue.find(job.id())).contains(job);
        assertThat(queue.find(job.id()).orElseThrow().change()).isEqualTo(hostile);
        assertThat(queue.find(job.id() + 100)).isEmpty();
    }

    @Test
    void claimTakesTheOldestDueJobAndMarksItRunningWithoutCountingAnAttempt() {
        Job first = queue.enqueue("xm_dvr", change("a.bin", "1"), List.of("main"), T0).orElseThrow();
        Job second = queue.enqueue("xm_dvr", change("b.bin", "1"), List.of("main"), T0).orElseThrow();

        Job claimed = queue.claim(LATER, Set.of()).orElseThrow();
        assertThat(claimed).isEqualTo(first.withState(JobState.RUNNING, LATER));
        assertThat(claimed.attempts()).as("a claim is no attempt: the engine counts tries of a step").isZero();
        assertThat(queue.find(first.id())).contains(claimed);
        assertThat(queue.claim(LATER, Set.of())).contains(second.withState(JobState.RUNNING, LATER));
        assertThat(queue.claim(LATER, Set.of())).isEmpty();
    }

    @Test
    void claimSkipsExcludedChecks() {
        queue.enqueue("xm_dvr", change("a.bin", "1"), List.of(), T0);
        Job other = queue.enqueue("xm_ipc", change("b.bin", "1"), List.of(), T0).orElseThrow();

        assertThat(queue.claim(LATER, Set.of("xm_dvr", "xm_nvr"))).map(Job::id).contains(other.id());
        assertThat(queue.claim(LATER, Set.of("xm_dvr"))).isEmpty();
    }

    @Test
    void retryingJobIsNotClaimedBeforeItsNextAttempt() {
        Job job = queue.enqueue("xm_dvr", change("a.bin", "1"), List.of("main"), T0).orElseThrow();
        Job running = queue.claim(T0, Set.of()).orElseThrow().started(T0);
        queue.update(running.retryingAt("HTTP 503 from http://svn.example.com", LATER, T0));

        assertThat(queue.claim(LATER.minusMillis(1), Set.of())).isEmpty();
        Job again = queue.claim(LATER, Set.of()).orElseThrow();
        assertThat(again.id()).isEqualTo(job.id());
        assertThat(again.attempts()).as("the attempt the engine counted, and no more").isEqualTo(1);
        assertThat(again.lastError()).isEqualTo("HTTP 503 from http://svn.example.com");
        assertThat(again.nextAttempt()).isNull();
    }

    @Test
    void waitingAndFinishedJobsAreNotClaimed() {
        Job waiting = queue.claim(T0, Set.of()).orElse(null);
        assertThat(waiting).isNull();
        Job a = queue.enqueue("xm_dvr", change("a.bin", "1"), List.of(), T0).orElseThrow();
        Job b = queue.enqueue("xm_dvr", change("b.bin", "1"), List.of(), T0).orElseThrow();
        Job c = queue.enqueue("xm_dvr", change("c.bin", "1"), List.of(), T0).orElseThrow();
        queue.update(a.waitingFor("downloader:http", T0));
        queue.update(b.withState(JobState.DONE, T0));
        queue.update(c.failed("404 http://svn.example.com/c.bin", T0));

        assertThat(queue.claim(LATER, Set.of())).isEmpty();
    }

    @Test
    void concurrentClaimsNeverReturnTheSameJob() throws Exception {
        int jobs = 200;
        for (int i = 0; i < jobs; i++) {
            queue.enqueue("check" + (i % 5), change("f" + i + ".bin", "1"), List.of("main"), T0);
        }
        int workers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            results.add(pool.submit(() -> {
                start.await();
                List<Long> mine = new ArrayList<>();
                for (Optional<Job> job = queue.claim(LATER, Set.of()); job.isPresent(); job = queue.claim(LATER, Set.of())) {
                    mine.add(job.get().id());
                }
                return mine;
            }));
        }
        start.countDown();
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            all.addAll(result.get());
        }
        pool.shutdown();

        assertThat(all).hasSize(jobs);
        assertThat(new HashSet<>(all)).hasSize(jobs);
        assertThat(queue.countByState("")).containsExactly(Map.entry(JobState.RUNNING, (long) jobs));
    }

    @Test
    void requeueInterruptedReturnsRunningJobsToPending() {
        Job a = queue.enqueue("xm_dvr", change("a.bin", "1"), List.of(), T0).orElseThrow();
        queue.enqueue("xm_dvr", change("b.bin", "1"), List.of(), T0);
        Job done = queue.enqueue("xm_dvr", change("c.bin", "1"), List.of(), T0).orElseThrow();
        queue.update(done.withState(JobState.DONE, T0));
        queue.claim(T0, Set.of());

        assertThat(queue.requeueInterrupted(LATER)).isEqualTo(1);
        Job requeued = queue.find(a.id()).orElseThrow();
        assertThat(requeued.state()).isEqualTo(JobState.PENDING);
        assertThat(requeued.attempts()).isZero();
        assertThat(requeued.updated()).isEqualTo(LATER);
        assertThat(queue.countByState("")).containsOnly(Map.entry(JobState.PENDING, 2L), Map.entry(JobState.DONE, 1L));
    }

    @Test
    void aDeadNodesJobIsResumedByAnotherNodeOnceItsLeaseRanOutWithItsDoneTargets() throws Exception {
        try (Database a = store.open("node-a"); Database b = store.open("node-b")) {
            SqlJobQueue onA = new SqlJobQueue(a);
            SqlJobQueue onB = new SqlJobQueue(b);
            Job job = onA.enqueue("xm_dvr", change("a.bin", "1"), List.of("one", "two"), T0).orElseThrow();
            Job claimed = onA.claim(T0, Set.of()).orElseThrow();
            onA.update(claimed.withTarget("one", new TargetStatus(JobState.DONE, 1, null, "", 4096)));
            Instant expiry = T0.plus(NodeLease.DEFAULT_DURATION);

            assertThat(onB.claim(expiry.minusMillis(1), Set.of())).as("node a's lease still holds").isEmpty();
            assertThat(onB.requeueInterrupted(expiry.minusMillis(1))).as("a live node's jobs stay its own").isZero();

            Job resumed = onB.claim(expiry.plusMillis(1), Set.of()).orElseThrow();
            assertThat(resumed.id()).isEqualTo(job.id());
            assertThat(resumed.state()).isEqualTo(JobState.RUNNING);
            assertThat(resumed.targets()).containsEntry("one", new TargetStatus(JobState.DONE, 1, null, "", 4096));
            assertThat(resumed.targets().get("two").state()).isEqualTo(JobState.PENDING);
            assertThat(onA.claim(expiry.plusMillis(2), Set.of())).as("now node b's").isEmpty();

            assertThatThrownBy(() -> onA.update(claimed.withState(JobState.DONE, expiry.plusMillis(3))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("node-b");
            assertThat(onB.find(job.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
            onB.update(resumed.withState(JobState.DONE, expiry.plusMillis(4)));
            assertThat(onA.find(job.id()).orElseThrow().state()).isEqualTo(JobState.DONE);
        }
    }

    @Test
    void aStaleNodeCannotOverwriteAJobTheNodeThatTookItOverFinished() throws Exception {
        try (Database a = store.open("node-a"); Database b = store.open("node-b")) {
            SqlJobQueue onA = new SqlJobQueue(a);
            SqlJobQueue onB = new SqlJobQueue(b);
            Job job = onA.enqueue("xm_dvr", change("a.bin", "1"), List.of("one"), T0).orElseThrow();
            Job staleRun = onA.claim(T0, Set.of()).orElseThrow();
            Instant expiry = T0.plus(NodeLease.DEFAULT_DURATION);
            Job resumed = onB.claim(expiry.plusMillis(1), Set.of()).orElseThrow();
            Job finished = resumed.withTarget("one", new TargetStatus(JobState.DONE, 1, null, "", 4096))
                    .withState(JobState.DONE, expiry.plusMillis(2));
            onB.update(finished);

            Job staleOutcome = staleRun.withTarget("one", new TargetStatus(JobState.FAILED, 1, null, "connection reset", 0))
                    .failed("one: connection reset", expiry.plusMillis(3));
            assertThatThrownBy(() -> onA.update(staleOutcome)).as("node a's claim is fenced off by node b's")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("taken over");
            assertThat(onA.find(job.id()).orElseThrow()).as("what node b recorded stands").isEqualTo(finished);
        }
    }

    @Test
    void aJobRequeuedBecauseItsNodeSeemedDeadIsFencedOffFromThatNode() throws Exception {
        try (Database a = store.open("node-a"); Database b = store.open("node-b")) {
            SqlJobQueue onA = new SqlJobQueue(a);
            SqlJobQueue onB = new SqlJobQueue(b);
            Job job = onA.enqueue("xm_dvr", change("a.bin", "1"), List.of("one"), T0).orElseThrow();
            Job staleRun = onA.claim(T0, Set.of()).orElseThrow();
            Instant expiry = T0.plus(NodeLease.DEFAULT_DURATION);
            assertThat(onB.requeueInterrupted(expiry.plusMillis(1))).isEqualTo(1);

            assertThatThrownBy(() -> onA.update(staleRun.withState(JobState.DONE, expiry.plusMillis(2))))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(onB.find(job.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
        }
    }

    @Test
    void aNodeDoesNotClaimAgainAJobItStillRunsAfterItsLeaseRanOut() {
        queue.enqueue("xm_dvr", change("a.bin", "1"), List.of("one"), T0).orElseThrow();
        Job running = queue.claim(T0, Set.of()).orElseThrow();
        Instant expiry = T0.plus(NodeLease.DEFAULT_DURATION);

        assertThat(queue.claim(expiry.plusMillis(1), Set.of())).as("its worker still holds it").isEmpty();
        Job progress = running.withTarget("one", new TargetStatus(JobState.DONE, 1, null, "", 4096));
        queue.update(progress);
        queue.update(progress.withState(JobState.DONE, expiry.plusMillis(2)));
        assertThat(queue.find(running.id()).orElseThrow().state()).isEqualTo(JobState.DONE);
    }

    @Test
    void theHeartbeatKeepsTheLeasesOfItsNodeAndRestartingNodesRequeueOnlyTheirOwn() throws Exception {
        try (Database a = store.open("node-a"); Database b = store.open("node-b")) {
            SqlJobQueue onA = new SqlJobQueue(a);
            SqlJobQueue onB = new SqlJobQueue(b);
            onA.enqueue("xm_dvr", change("a.bin", "1"), List.of("main"), T0).orElseThrow();
            onA.enqueue("xm_dvr", change("b.bin", "1"), List.of("main"), T0).orElseThrow();
            Job onANode = onA.claim(T0, Set.of()).orElseThrow();
            Job onBNode = onB.claim(T0, Set.of()).orElseThrow();
            Instant beat = T0.plus(NodeLease.DEFAULT_DURATION).minusSeconds(5);
            assertThat(new NodeHeartbeat(a, "test", java.time.Clock.fixed(beat, java.time.ZoneOffset.UTC)).beat()).isTrue();

            Instant afterFirstLease = T0.plus(NodeLease.DEFAULT_DURATION).plusSeconds(1);
            SqlJobQueue onBRestarted = new SqlJobQueue(b);
            assertThat(onBRestarted.claim(afterFirstLease, Set.of())).as("b's own job, its lease not renewed; a's was")
                    .map(Job::id).contains(onBNode.id());
            assertThat(onBRestarted.claim(afterFirstLease, Set.of())).isEmpty();
            assertThat(onA.requeueInterrupted(afterFirstLease)).as("node a restarting: its own job only").isEqualTo(1);
            assertThat(onA.find(onANode.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
            assertThat(onA.find(onBNode.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
            assertThat(DatabaseTest.count(a, "SELECT count(*) FROM nodes WHERE name = 'node-a'")).isEqualTo(1);
        }
    }

    @Test
    void wakeMakesJobsWaitingForThatPluginPending() {
        Job http = queue.enqueue("xm_dvr", change("a.bin", "1"), List.of(), T0).orElseThrow();
        Job rsync = queue.enqueue("xm_dvr", change("b.bin", "1"), List.of(), T0).orElseThrow();
        queue.update(http.waitingFor("downloader:http", T0));
        queue.update(rsync.waitingFor("uploader:rsync", T0));

        assertThat(queue.wake("downloader:http", LATER)).isEqualTo(1);
        Job woken = queue.find(http.id()).orElseThrow();
        assertThat(woken.state()).isEqualTo(JobState.PENDING);
        assertThat(woken.waitingFor()).isEmpty();
        assertThat(queue.find(rsync.id()).orElseThrow().state()).isEqualTo(JobState.WAITING);
        assertThat(queue.wake("downloader:http", LATER)).isZero();
        assertThat(queue.claim(LATER, Set.of())).map(Job::id).contains(http.id());
    }

    @Test
    void retryRestartsAFailedJobAndKeepsDoneTargets() {
        Job job = queue.enqueue("xm_dvr", change("a.bin", "1"), List.of("one", "two"), T0).orElseThrow();
        Job failed = queue.claim(T0, Set.of()).orElseThrow()
                .withTarget("one", new TargetStatus(JobState.DONE, 1, null, "", 4096))
                .withTarget("two", new TargetStatus(JobState.FAILED, 5, LATER, "auth failed for rsync://host/mod", 0))
                .failed("target two failed", T0);
        queue.update(failed);

        assertThat(queue.retry(job.id(), LATER)).isTrue();
        Job retried = queue.find(job.id()).orElseThrow();
        assertThat(retried.state()).isEqualTo(JobState.PENDING);
        assertThat(retried.attempts()).isZero();
        assertThat(retried.targets()).containsExactly(
                Map.entry("one", new TargetStatus(JobState.DONE, 1, null, "", 4096)),
                Map.entry("two", new TargetStatus(JobState.PENDING, 0, null, "auth failed for rsync://host/mod", 0)));
        assertThat(queue.retry(job.id(), LATER)).isFalse();
        assertThat(queue.retry(job.id() + 100, LATER)).isFalse();
    }

    @Test
    void updateRoundTripsStateAndTargetsInOrder() {
        Job job = queue.enqueue("xm_dvr", change("a.bin", "1"), List.of("c", "a", "b"), T0).orElseThrow();
        Job changed = job.started(T0)
                .withSha256("ab".repeat(32))
                .withTarget("a", new TargetStatus(JobState.RETRYING, 2, LATER, "timeout 'x' \"y\" 海", 0))
                .withTarget("b", new TargetStatus(JobState.DONE, 1, null, "", 123_456_789_000L))
                .withTarget("d", new TargetStatus(JobState.WAITING, 0, null, "", 0))
                .retryingAt("target a failed", LATER, LATER);
        queue.update(changed);

        Job stored = queue.find(job.id()).orElseThrow();
        assertThat(stored).isEqualTo(changed);
        assertThat(new ArrayList<>(stored.targets().keySet())).containsExactly("c", "a", "b", "d");
    }

    @Test
    void updateOfAnUnknownJobIsRejected() {
        Job job = queue.enqueue("xm_dvr", change("a.bin", "1"), List.of(), T0).orElseThrow();
        Job ghost = new Job(job.id() + 1, job.check(), job.key(), job.change(), JobState.DONE, 0, null, "", "", "",
                Map.of(), T0, T0);
        assertThatThrownBy(() -> queue.update(ghost)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(ghost.id()));
    }

    @Test
    void listsNewestFirstByStateAndCheck() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(queue.enqueue(i % 2 == 0 ? "xm_dvr" : "xm_ipc", change("f" + i, "1"), List.of("t"), T0).orElseThrow().id());
        }
        queue.update(queue.find(ids.get(0)).orElseThrow().failed("x", T0));
        Collections.reverse(ids);

        assertThat(queue.list(Set.of(), "", 0, 10)).extracting(Job::id).containsExactlyElementsOf(ids);
        assertThat(queue.list(Set.of(), "", 2, 2)).extracting(Job::id).containsExactly(ids.get(2), ids.get(3));
        assertThat(queue.list(Set.of(JobState.PENDING), "xm_dvr", 0, 10)).extracting(Job::id)
                .containsExactly(ids.get(1), ids.get(3));
        assertThat(queue.list(Set.of(JobState.FAILED, JobState.DONE), "", 0, 10)).extracting(Job::id)
                .containsExactly(ids.get(5));
        assertThat(queue.list(Set.of(), "", 0, 1).get(0).targets()).containsOnlyKeys("t");
        assertThat(queue.countByState("xm_dvr")).containsOnly(Map.entry(JobState.PENDING, 2L), Map.entry(JobState.FAILED, 1L));
        assertThatThrownBy(() -> queue.list(Set.of(), "", 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jobsSurviveAReopen() throws SQLException {
        Job job = queue.enqueue("xm_dvr", change("a.bin", "1"), List.of("main"), T0).orElseThrow();
        database.close();
        database = store.open();
        queue = new SqlJobQueue(database);

        assertThat(queue.find(job.id())).contains(job);
        assertThat(queue.enqueue("xm_dvr", change("a.bin", "1"), List.of("main"), T0.plus(Duration.ofDays(1)))).isEmpty();
    }
}
