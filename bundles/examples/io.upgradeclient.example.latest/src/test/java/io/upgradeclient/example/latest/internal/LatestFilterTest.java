package io.upgradeclient.example.latest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;

class LatestFilterTest {
    private static final URI BASE = URI.create("http://svn.example.com/firmware/");
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final String XM = "General/IPC_XM530_80X20/General_IPC_XM530_80X20_WIFI.Nat.dss.OnvifS_";
    private static final String HIK = "OEM/hik/IPC_G5_EN_STD_";

    private final QueueOfJobs jobs = new QueueOfJobs();
    private final LatestFilter filter = new LatestFilter(jobs);
    private final AtomicInteger minutes = new AtomicInteger();

    /** A change whose modification time grows with each call, so that the oldest version can be the newest file. */
    private RemoteChange change(String path) {
        int minute = minutes.getAndIncrement();
        return new RemoteChange(ChangeAction.ADDED, BASE.resolve(path), path.substring(path.lastIndexOf('/') + 1),
                path.substring(0, path.indexOf('/')), "", T0.plus(Duration.ofMinutes(minute)), "r" + minute, 1024);
    }

    private static CheckDefinition check(String name, Map<String, String> options) {
        return new CheckDefinition(name, "svn", BASE, Credentials.NONE, "", Duration.ofDays(30), Duration.ofSeconds(15),
                List.of("default", "latest"), List.of(), "", List.of(), "", options);
    }

    /** What the engine does with the filter's verdicts: queues the accepted changes. */
    private List<FilterDecision> run(CheckDefinition check, RemoteChange... changes) throws PermanentException {
        List<FilterDecision> decisions = filter.decide(check, List.of(changes));
        for (FilterDecision decision : decisions) {
            if (decision.accepted()) {
                jobs.enqueue(check.name(), decision.change(), List.of(), T0);
            }
        }
        return decisions;
    }

    private static List<String> accepted(List<FilterDecision> decisions) {
        return decisions.stream().filter(FilterDecision::accepted).map(decision -> decision.change().fileName()).toList();
    }

    private static String reasonFor(List<FilterDecision> decisions, String fileName) {
        return decisions.stream().filter(decision -> decision.change().fileName().equals(fileName)).findFirst().orElseThrow().reason();
    }

    @Test
    void keepsTheNewestOfEachProductLineByVersionNotByFileTime() throws Exception {
        List<FilterDecision> decisions = run(check("ipc", Map.of()),
                change(XM + "V5.00.R03.20261105_all.bin"),
                change(HIK + "v5.7.10_build_221001.zip"),
                change(XM + "V5.00.R02.20261110_all.bin"),
                change(HIK + "v5.7.3_build_220112.zip"),
                change("General/IPC_XM530_80X20/ReleaseNote"),
                change(XM + "V5.00.R02.20261101_all.bin"),
                change(HIK + "v5.7.1_build_211201.zip"));

        assertThat(accepted(decisions)).containsExactly("General_IPC_XM530_80X20_WIFI.Nat.dss.OnvifS_V5.00.R03.20261105_all.bin",
                "IPC_G5_EN_STD_v5.7.10_build_221001.zip", "ReleaseNote");
        assertThat(reasonFor(decisions, "General_IPC_XM530_80X20_WIFI.Nat.dss.OnvifS_V5.00.R02.20261110_all.bin"))
                .isEqualTo("older than V5.00.R03.20261105 found in the same run");
        assertThat(reasonFor(decisions, "IPC_G5_EN_STD_v5.7.1_build_211201.zip"))
                .isEqualTo("older than v5.7.10_build_221001 found in the same run");
        assertThat(reasonFor(decisions, "ReleaseNote")).isEqualTo("release note: not judged by version");
        assertThat(reasonFor(decisions, "IPC_G5_EN_STD_v5.7.10_build_221001.zip"))
                .isEqualTo("v5.7.10_build_221001 is the newest of OEM/hik/IPC_G5_EN_STD_*.zip");
        assertThat(decisions).extracting(FilterDecision::change).as("one decision per change, in order")
                .extracting(RemoteChange::fileName).startsWith("General_IPC_XM530_80X20_WIFI.Nat.dss.OnvifS_V5.00.R03.20261105_all.bin");
    }

    @Test
    void aLaterRunKeepsOnlyWhatIsNewerThanWhatWasPublished() throws Exception {
        CheckDefinition ipc = check("ipc", Map.of());
        run(ipc, change(XM + "V5.00.R02.20261120_all.bin"));

        List<FilterDecision> later = run(ipc, change(XM + "V5.00.R02.20261101_all.bin"), change(XM + "V5.00.R02.20261125_all.bin"));

        assertThat(accepted(later)).containsExactly("General_IPC_XM530_80X20_WIFI.Nat.dss.OnvifS_V5.00.R02.20261125_all.bin");
        assertThat(reasonFor(later, "General_IPC_XM530_80X20_WIFI.Nat.dss.OnvifS_V5.00.R02.20261101_all.bin"))
                .as("ranked against the newest of the run and of what was published").isEqualTo("older than V5.00.R02.20261125 found in the same run");

        List<FilterDecision> older = run(ipc, change(XM + "V5.00.R02.20261121_all.bin"));
        assertThat(reasonFor(older, "General_IPC_XM530_80X20_WIFI.Nat.dss.OnvifS_V5.00.R02.20261121_all.bin"))
                .isEqualTo("older than V5.00.R02.20261125 already published");
    }

    @Test
    void whatOtherChecksPublishedDoesNotCount() throws Exception {
        run(check("other", Map.of()), change(XM + "V5.00.R09.20261120_all.bin"));

        assertThat(accepted(run(check("ipc", Map.of()), change(XM + "V5.00.R02.20261120_all.bin")))).hasSize(1);
    }

    @Test
    void theSameNameInAnotherFolderIsAnotherProductLine() throws Exception {
        List<FilterDecision> decisions = run(check("ipc", Map.of()),
                change("General/IPC_A/fw.20261101.bin"), change("General/IPC_A/fw.20261120.bin"),
                change("General/IPC_A_XM711/fw.20261101.bin"));

        assertThat(decisions).extracting(FilterDecision::accepted).containsExactly(false, true, true);
    }

    @Test
    void theDateBreaksTiesOfEqualVersionsAndTheFileTimeRanksNamesWithNeither() throws Exception {
        List<FilterDecision> dated = run(check("ipc", Map.of()),
                change("a/NVR_v1.2.3_nand_20261120.bin"), change("a/NVR_v1.2.3_nand_20261101.bin"));
        assertThat(accepted(dated)).containsExactly("NVR_v1.2.3_nand_20261120.bin");

        RemoteChange older = change("b/firmware.img");
        RemoteChange newer = new RemoteChange(ChangeAction.MODIFIED, older.url(), older.fileName(), older.fileType(), "",
                older.changedAt().plusSeconds(60), "r-new", 2048);
        List<FilterDecision> plain = filter.decide(check("ipc", Map.of()), List.of(newer, older));
        assertThat(plain).extracting(FilterDecision::accepted).containsExactly(true, false);
        assertThat(plain.get(1).reason()).isEqualTo("older than firmware.img (modified 2026-11-25T10:03:00Z) found in the same run");
    }

    @Test
    void latestKeepKeepsThatManyOfTheNewest() throws Exception {
        CheckDefinition ipc = check("ipc", Map.of(LatestRule.KEEP, "2"));
        List<FilterDecision> first = run(ipc, change("d/fw_v1.0.bin"), change("d/fw_v3.0.bin"), change("d/fw_v2.0.bin"));
        assertThat(accepted(first)).containsExactly("fw_v3.0.bin", "fw_v2.0.bin");
        assertThat(reasonFor(first, "fw_v1.0.bin")).isEqualTo("older than v2.0 found in the same run (keeping the 2 newest of d/fw_*.bin)");

        List<FilterDecision> later = run(ipc, change("d/fw_v2.5.bin"), change("d/fw_v1.5.bin"));
        assertThat(accepted(later)).containsExactly("fw_v2.5.bin");
        assertThat(reasonFor(later, "fw_v1.5.bin")).isEqualTo("older than v2.5 found in the same run (keeping the 2 newest of d/fw_*.bin)");
        assertThat(reasonFor(run(ipc, change("d/fw_v2.2.bin")), "fw_v2.2.bin"))
                .isEqualTo("older than v2.5 already published (keeping the 2 newest of d/fw_*.bin)");
    }

    @Test
    void latestKeyNamesTheProductLineAcrossDateFolders() throws Exception {
        CheckDefinition ipc = check("ipc", Map.of(LatestRule.KEY, "^General/(?<product>[^/]+)/\\d{4}-\\d{2}-\\d{2}/"));

        List<FilterDecision> decisions = run(ipc,
                change("General/IPC_X/2026-11-01/IPC_X_S38.20261101.bin"),
                change("General/IPC_X/2026-11-20/IPC_X_S38_new_name.20261120.bin"),
                change("General/IPC_Y/2026-11-01/IPC_Y.20261101.bin"));

        assertThat(accepted(decisions)).containsExactly("IPC_X_S38_new_name.20261120.bin", "IPC_Y.20261101.bin");
        assertThat(reasonFor(decisions, "IPC_X_S38_new_name.20261120.bin")).isEqualTo("20261120 is the newest of IPC_X");
    }

    @Test
    void aChangeQueuedBeforeIsJudgedAsItselfNotAsOlder() throws Exception {
        CheckDefinition ipc = check("ipc", Map.of());
        RemoteChange once = change("d/fw_v2.0.bin");
        run(ipc, once);

        assertThat(run(ipc, once)).extracting(FilterDecision::accepted).as("a repeated run, e.g. after a crash").containsExactly(true);
    }

    @Test
    void badOptionsArePermanentErrorsNamingTheCheckAndOption() {
        assertThatThrownBy(() -> filter.decide(check("ipc", Map.of(LatestRule.KEEP, "0")), List.of()))
                .isInstanceOf(PermanentException.class).hasMessage("check 'ipc': option.latest_keep: expected a whole number of 1 or more, was '0'");
        assertThatThrownBy(() -> filter.decide(check("ipc", Map.of(LatestRule.KEEP, "two")), List.of()))
                .isInstanceOf(PermanentException.class).hasMessageContaining("was 'two'");
        assertThatThrownBy(() -> filter.decide(check("ipc", Map.of(LatestRule.KEY, "(?<product>[a-z")), List.of()))
                .isInstanceOf(PermanentException.class).hasMessageStartingWith("check 'ipc': option.latest_key: not a regular expression");
        assertThatThrownBy(() -> filter.decide(check("ipc", Map.of(LatestRule.KEY, "IPC_[A-Z]+")), List.of()))
                .isInstanceOf(PermanentException.class).hasMessageContaining("needs a named group (?<product>");
    }

    @Test
    void laterRunsReadOnlyTheJobsQueuedSinceTheRunBefore() throws Exception {
        CheckDefinition ipc = check("ipc", Map.of());
        for (int i = 0; i < 1200; i++) {
            jobs.enqueue("ipc", change("d/fw_v1." + i + ".bin"), List.of(), T0);
        }
        assertThat(accepted(run(ipc, change("d/fw_v1.1500.bin")))).hasSize(1);
        long firstRead = jobs.handedOut();

        List<FilterDecision> next = run(ipc, change("d/fw_v1.1400.bin"));

        assertThat(firstRead).isGreaterThanOrEqualTo(1200);
        assertThat(jobs.handedOut() - firstRead).as("one short page: the job queued by the run before, and older ones")
                .isEqualTo(PublishedReleases.FIRST_PAGE);
        assertThat(reasonFor(next, "fw_v1.1400.bin")).isEqualTo("older than v1.1500 already published");
    }

    @Test
    void changingAnOptionReadsWhatWasPublishedAgainUnderTheNewRule() throws Exception {
        run(check("ipc", Map.of()), change("d/fw_v1.0.bin"), change("d/fw_v2.0.bin"));
        run(check("ipc", Map.of(LatestRule.KEEP, "2")), change("d/fw_v1.5.bin"));

        assertThat(accepted(run(check("ipc", Map.of(LatestRule.KEEP, "2")), change("d/fw_v1.7.bin"))))
                .as("v2.0 and v1.5 were published; v1.7 is newer than v1.5").containsExactly("fw_v1.7.bin");
    }

    @Test
    void checksDecidedAtTheSameTimeGetTheSameVerdictsAsOneAfterTheOther() throws Exception {
        int checks = 8;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<String>>> runs = new ArrayList<>();
            for (int c = 0; c < checks; c++) {
                CheckDefinition check = check("check" + c, Map.of());
                runs.add(() -> {
                    List<String> kept = new ArrayList<>();
                    for (int v = 0; v < 50; v++) {
                        // every third run brings an older version, which must be rejected
                        int version = v % 3 == 2 ? v - 2 : v;
                        kept.addAll(accepted(run(check, change("d/fw_v1." + version + ".bin"))));
                    }
                    return kept;
                });
            }
            Map<Integer, List<String>> results = new HashMap<>();
            List<Future<List<String>>> futures = pool.invokeAll(runs);
            for (int c = 0; c < checks; c++) {
                results.put(c, futures.get(c).get());
            }
            List<String> expected = new ArrayList<>();
            for (int v = 0; v < 50; v++) {
                if (v % 3 != 2) {
                    expected.add("fw_v1." + v + ".bin");
                }
            }
            results.values().forEach(kept -> assertThat(kept).isEqualTo(expected));
        } finally {
            pool.shutdownNow();
        }
    }
}
