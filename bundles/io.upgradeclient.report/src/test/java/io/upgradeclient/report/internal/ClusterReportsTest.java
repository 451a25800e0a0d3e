package io.upgradeclient.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.CheckStatus;
import io.upgradeclient.api.Report;
import io.upgradeclient.api.ReportKind;
import io.upgradeclient.store.internal.Database;
import io.upgradeclient.store.internal.NodeLease;
import io.upgradeclient.store.internal.SqlCheckpoints;
import io.upgradeclient.store.internal.SqlCluster;

/** Two nodes on one store: each period's report is sent once, by the node that owns the check. */
class ClusterReportsTest {
    private static final Instant DAY1_23 = Instant.parse("2026-11-25T23:00:00Z");
    private static final Instant DAY2_23 = Instant.parse("2026-11-26T23:00:00Z");

    private ReportFixture fixture;
    private Database nodeA;
    private Database nodeB;
    private SqlCluster clusterA;
    private SqlCluster clusterB;

    @BeforeEach
    void open(@TempDir Path folder) throws Exception {
        fixture = new ReportFixture(folder);
        fixture.catalog.checks.add(ReportFixture.check("xm_dvr", "0 23 * * *"));
        nodeA = Database.open(folder.resolve("upgradeclient.db"), NodeLease.of("node-a"));
        nodeB = Database.open(folder.resolve("upgradeclient.db"), NodeLease.of("node-b"));
        clusterA = new SqlCluster(nodeA);
        clusterB = new SqlCluster(nodeB);
    }

    @AfterEach
    void close() throws Exception {
        nodeA.close();
        nodeB.close();
        fixture.close();
    }

    private void tickBothAt(Instant at, ReportDispatcher a, ReportDispatcher b) {
        fixture.clock.set(at);
        a.tick();
        b.tick();
    }

    @Test
    void theOwnerSendsEachReportAndTheNodeTakingOverTheCheckGoesOnFromTheSharedPeriod() {
        ReportDispatcher a = fixture.dispatcher(ReportFixture.settings(true), clusterA, new SqlCheckpoints(nodeA));
        ReportDispatcher b = fixture.dispatcher(ReportFixture.settings(true), clusterB, new SqlCheckpoints(nodeB));
        assertThat(clusterA.ownCheck("xm_dvr", ReportFixture.T0)).isTrue();
        tickBothAt(ReportFixture.T0, a, b);

        assertThat(clusterA.ownCheck("xm_dvr", DAY1_23)).as("node a's engine keeps the check").isTrue();
        tickBothAt(DAY1_23, a, b);
        assertThat(fixture.alerter.delivered).singleElement().extracting(sent -> sent.report().until()).isEqualTo(DAY1_23);

        Instant aDied = DAY1_23.plus(NodeLease.DEFAULT_DURATION).plusSeconds(1);
        assertThat(clusterB.ownCheck("xm_dvr", aDied)).as("node a stopped renewing: b takes the check").isTrue();
        assertThat(clusterB.ownCheck("xm_dvr", DAY2_23)).as("node b's engine keeps the check").isTrue();
        tickBothAt(DAY2_23, a, b);

        assertThat(fixture.alerter.delivered).hasSize(2);
        Report second = fixture.alerter.delivered.get(1).report();
        assertThat(second.since()).as("b starts where a's last report ended").isEqualTo(DAY1_23);
        assertThat(second.until()).isEqualTo(DAY2_23);
    }

    @Test
    void aNodeThatHasNotYetNoticedItLostTheCheckDoesNotSendThePeriodAgain() {
        ReportDispatcher stale = fixture.dispatcher(ReportFixture.settings(true), new OwnsEveryCheck(clusterA, fixture.catalog),
                new SqlCheckpoints(nodeA));
        ReportDispatcher owner = fixture.dispatcher(ReportFixture.settings(true), new OwnsEveryCheck(clusterB, fixture.catalog),
                new SqlCheckpoints(nodeB));
        tickBothAt(ReportFixture.T0, stale, owner);

        tickBothAt(DAY1_23, owner, stale);
        tickBothAt(DAY1_23.plusSeconds(30), stale, owner);

        assertThat(fixture.alerter.delivered).as("one report for the period, whoever claimed it first").hasSize(1);
        assertThat(fixture.alerter.attempts).hasSize(1);
    }

    @Test
    void aFailureAlertIsSentOnceWhenTwoNodesBothTakeTheCheckForTheirs() {
        fixture.catalog.statuses.put("xm_dvr", CheckStatus.fresh("xm_dvr"));
        ReportDispatcher stale = fixture.dispatcher(ReportFixture.settings(true), new OwnsEveryCheck(clusterA, fixture.catalog),
                new SqlCheckpoints(nodeA));
        ReportDispatcher owner = fixture.dispatcher(ReportFixture.settings(true), new OwnsEveryCheck(clusterB, fixture.catalog),
                new SqlCheckpoints(nodeB));
        tickBothAt(ReportFixture.T0, stale, owner);

        for (int run = 1; run <= 3; run++) {
            fixture.catalog.statuses.computeIfPresent("xm_dvr",
                    (name, status) -> status.failed(fixture.clock.instant(), "svn: connection refused"));
            tickBothAt(ReportFixture.T0.plusSeconds(10L * run), stale, owner);
        }
        tickBothAt(ReportFixture.T0.plusSeconds(60), owner, stale);
        tickBothAt(ReportFixture.T0.plusSeconds(120), stale, owner);

        assertThat(fixture.alerter.delivered).extracting(sent -> sent.report().kind())
                .as("one FAILING alert for the cluster, whichever node claimed it").containsExactly(ReportKind.FAILING);

        fixture.catalog.statuses.computeIfPresent("xm_dvr", (name, status) -> status.succeeded(fixture.clock.instant().plusSeconds(1), 0));
        tickBothAt(ReportFixture.T0.plusSeconds(180), owner, stale);
        tickBothAt(ReportFixture.T0.plusSeconds(240), stale, owner);
        assertThat(fixture.alerter.delivered).extracting(sent -> sent.report().kind())
                .containsExactly(ReportKind.FAILING, ReportKind.RECOVERED);
    }
}
