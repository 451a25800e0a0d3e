package io.upgradeclient.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
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

import io.upgradeclient.api.ClusterNode;

/**
 * Check ownership and cluster-wide claims, the same on both stores: two nodes open one database (on SQLite two
 * connections to one file stand in for them).
 */
@ParameterizedClass
@EnumSource(Dialect.class)
class ClusterContractTest {
    private static final Instant T0 = Instant.parse("2024-05-01T02:00:00Z");
    private static final Instant LEASE_END = T0.plus(NodeLease.DEFAULT_DURATION);

    @Parameter
    Dialect dialect;

    @TempDir
    Path dir;

    private TestDatabase store;
    private Database a;
    private Database b;
    private SqlCluster onA;
    private SqlCluster onB;

    @BeforeEach
    void open() throws SQLException, IOException {
        store = TestDatabase.create(dialect, dir);
        a = store.open("node-a");
        b = store.open("node-b");
        onA = new SqlCluster(a);
        onB = new SqlCluster(b);
    }

    @AfterEach
    void close() throws Exception {
        a.close();
        b.close();
        store.drop();
    }

    @Test
    void aCheckIsOwnedByTheFirstNodeToTakeItAndKeptWhileItsLeaseRuns() {
        assertThat(onA.node()).isEqualTo("node-a");
        assertThat(onA.ownCheck("xm_dvr", T0)).isTrue();
        assertThat(onB.ownCheck("xm_dvr", T0.plusSeconds(1))).as("a holds it").isFalse();
        assertThat(onA.ownCheck("xm_dvr", T0.plusSeconds(20))).as("a keeps it, renewing its lease").isTrue();
        assertThat(onB.ownCheck("xm_dvr", LEASE_END.plusSeconds(1))).as("renewed until T0 + 20 s + lease").isFalse();
        assertThat(onB.ownCheck("xm_ipc", T0)).isTrue();

        assertThat(onA.ownedChecks(T0.plusSeconds(20))).containsExactly("xm_dvr");
        assertThat(onB.ownedChecks(T0.plusSeconds(20))).containsExactly("xm_ipc");
    }

    @Test
    void aDeadNodesCheckIsTakenOverOnceItsLeaseRanOutAndTheOldOwnerLosesIt() {
        assertThat(onA.ownCheck("xm_dvr", T0)).isTrue();
        assertThat(onB.ownCheck("xm_dvr", LEASE_END)).as("the lease still holds at its last instant").isFalse();
        assertThat(onB.ownCheck("xm_dvr", LEASE_END.plusMillis(1))).isTrue();

        assertThat(onA.ownedChecks(LEASE_END.plusMillis(1))).isEmpty();
        assertThat(onA.ownCheck("xm_dvr", LEASE_END.plusMillis(2))).as("node a came back: b holds it now").isFalse();
        assertThat(onB.ownedChecks(LEASE_END.plusMillis(2))).containsExactly("xm_dvr");
    }

    @Test
    void theHeartbeatRenewsTheChecksOfItsNodeAndAStoppingNodeHandsThemBack() {
        assertThat(onA.ownCheck("xm_dvr", T0)).isTrue();
        assertThat(onB.ownCheck("xm_ipc", T0)).isTrue();
        Instant beat = LEASE_END.minusSeconds(5);
        NodeHeartbeat heartbeatOfA = new NodeHeartbeat(a, "test", Clock.fixed(beat, ZoneOffset.UTC));
        assertThat(heartbeatOfA.beat()).isTrue();

        Instant afterFirstLease = LEASE_END.plusSeconds(1);
        assertThat(onB.ownCheck("xm_dvr", afterFirstLease)).as("a's lease was renewed").isFalse();
        assertThat(onA.ownCheck("xm_ipc", afterFirstLease)).as("b's was not").isTrue();

        heartbeatOfA.close();
        assertThat(onA.ownedChecks(afterFirstLease)).as("a stopped").isEmpty();
        assertThat(onB.ownCheck("xm_dvr", afterFirstLease)).as("taken at once, without waiting for the lease").isTrue();
    }

    @Test
    void theNodesAreListedWithTheirHeartbeatTheirChecksAndTheirRunningJobs() {
        assertThat(new NodeHeartbeat(a, "1.4.0", Clock.fixed(T0, ZoneOffset.UTC)).beat()).isTrue();
        assertThat(new NodeHeartbeat(b, "1.4.1", Clock.fixed(T0.plusSeconds(20), ZoneOffset.UTC)).beat()).isTrue();
        assertThat(onA.ownCheck("xm_ipc", T0.plusSeconds(20))).isTrue();
        assertThat(onA.ownCheck("xm_dvr", T0.plusSeconds(20))).isTrue();
        SqlJobQueue jobsOfB = new SqlJobQueue(b);
        jobsOfB.enqueue("xm_dvr", Events.change("a.bin", "1"), java.util.List.of("main"), T0).orElseThrow();
        jobsOfB.claim(T0.plusSeconds(20), java.util.Set.of()).orElseThrow();

        Instant now = LEASE_END.plusSeconds(1);
        assertThat(onB.nodes(now)).containsExactly(
                new ClusterNode("node-a", "1.4.0", T0, T0, false, List.of("xm_dvr", "xm_ipc"), 0),
                new ClusterNode("node-b", "1.4.1", T0.plusSeconds(20), T0.plusSeconds(20), true, List.of(), 1));
    }

    @Test
    void nodesTakingOneCheckAtTheSameTimeNeverBothWinIt() throws Exception {
        int rounds = 20;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < rounds; round++) {
                String check = "check-" + round;
                CyclicBarrier start = new CyclicBarrier(4);
                List<Future<Boolean>> takes = new ArrayList<>();
                for (SqlCluster node : List.of(onA, onB, onA, onB)) {
                    takes.add(threads.submit(atOnce(start, () -> node.ownCheck(check, T0))));
                }
                List<String> owners = new ArrayList<>();
                for (int i = 0; i < takes.size(); i++) {
                    if (takes.get(i).get()) {
                        owners.add(i % 2 == 0 ? "node-a" : "node-b");
                    }
                }
                assertThat(owners).as(check).isNotEmpty().allMatch(owners.get(0)::equals);
                assertThat(DatabaseTest.count(a, "SELECT count(*) FROM check_leases WHERE check_name = '" + check + "'"))
                        .isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aClaimIsWonByOneNodeOnceEvenWhenBothAskAtTheSameTime() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "report:xm_dvr:mail@" + T0.plusSeconds(round).toEpochMilli();
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Boolean> byA = threads.submit(atOnce(start, () -> onA.claimOnce(key, T0)));
                Future<Boolean> byB = threads.submit(atOnce(start, () -> onB.claimOnce(key, T0)));
                assertThat(byA.get() ^ byB.get()).as(key + ": exactly one node wins").isTrue();
                SqlCluster winner = byA.get() ? onA : onB;
                SqlCluster loser = byA.get() ? onB : onA;
                assertThat(winner.claimOnce(key, T0.plusSeconds(60))).as("the winner may retry its work").isTrue();
                assertThat(loser.claimOnce(key, T0.plusSeconds(60))).isFalse();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static <T> Callable<T> atOnce(CyclicBarrier start, Callable<T> work) {
        return () -> {
            start.await();
            return work.call();
        };
    }
}
