package io.upgradeclient.check.svn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransientException;

class SvnCheckerTest {
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    @TempDir
    Path folder;

    private SvnRepo repo;
    private final List<List<String>> commands = new CopyOnWriteArrayList<>();

    @BeforeEach
    void createRepository() throws Exception {
        repo = SvnRepo.create(folder);
    }

    @AfterEach
    void stopServer() throws Exception {
        repo.close();
    }

    private SvnChecker checker() {
        return new SvnChecker("svn", Duration.ofSeconds(60), Clock.systemUTC(), commands::add);
    }

    static CheckDefinition check(String baseUrl, Credentials credentials, String proxy) {
        return new CheckDefinition("xm_dvr", "svn", URI.create(baseUrl), credentials, proxy, THIRTY_DAYS,
                Duration.ofSeconds(15), List.of("default"), List.of(), "", List.of(), "", Map.of());
    }

    private CheckDefinition trunk() {
        return check(repo.fileUrl() + "/trunk/", Credentials.NONE, "");
    }

    private List<String> logCommand() {
        return commands.stream().filter(args -> args.get(1).equals("log")).reduce((first, second) -> second).orElseThrow();
    }

    @Test
    void firstCheckLooksBackOnlyRevisionSecondsAndIgnoresPathsOutsideBaseUrl() throws Exception {
        repo.write("trunk/General/IPC_X_S38/2016-10-25/ReleaseNote", "old note").commit("old release");
        repo.setDate(1, Instant.parse("2016-10-25T08:00:00Z"));
        repo.write("trunk/General/IPC_Y/2026-11-01/ReleaseNote", "new note")
                .write("other/outside.20161025.bin", "not watched").commit("new release");

        CheckResult result = checker().check(trunk(), Checkpoint.NONE);

        assertThat(result.changes()).extracting(RemoteChange::fileName, RemoteChange::fileType, RemoteChange::revision)
                .containsExactly(tuple("ReleaseNote", "General", "2"));
        assertThat(result.changes().get(0).url().toString()).isEqualTo(repo.fileUrl() + "/trunk/General/IPC_Y/2026-11-01/ReleaseNote");
        assertThat(result.checkpoint().value()).isEqualTo("2");
        assertThat(String.join(" ", logCommand())).matches(".* -r \\{\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ}:2 .*");
    }

    @Test
    void secondCheckAsksOnlyForTheNewRevisionsAndReportsOnlyTheNewFile() throws Exception {
        repo.write("trunk/General/a.20161025.bin", "a").commit("first");
        SvnChecker checker = checker();
        CheckResult first = checker.check(trunk(), Checkpoint.NONE);
        assertThat(first.changes()).extracting(RemoteChange::fileName).containsExactly("a.20161025.bin");

        repo.write("trunk/OEM/b.20161026.bin", "b").commit("second");
        CheckResult second = checker.check(trunk(), first.checkpoint());

        assertThat(second.changes()).singleElement().satisfies(change -> {
            assertThat(change.fileName()).isEqualTo("b.20161026.bin");
            assertThat(change.fileType()).isEqualTo("OEM");
            assertThat(change.action()).isEqualTo(ChangeAction.ADDED);
            assertThat(change.revision()).isEqualTo("2");
            assertThat(change.author()).isNotEmpty();
            assertThat(change.changedAt()).isBetween(Instant.now().minusSeconds(120), Instant.now());
        });
        assertThat(logCommand()).containsSequence("-r", "2:2");
        assertThat(second.checkpoint().value()).isEqualTo("2");
    }

    @Test
    void checkWithoutNewRevisionRunsNoLogAndKeepsTheCheckpoint() throws Exception {
        repo.write("trunk/General/a.20161025.bin", "a").commit("first");

        CheckResult result = checker().check(trunk(), new Checkpoint("1", Instant.EPOCH));

        assertThat(result.changes()).isEmpty();
        assertThat(result.checkpoint().value()).isEqualTo("1");
        assertThat(commands).extracting(args -> args.get(1)).containsExactly("info");
    }

    @Test
    void skipsDeletionsAndFoldersAndReportsEachFileOnceWithItsLastChange() throws Exception {
        repo.write("trunk/General/keep.20161025.bin", "1").write("trunk/General/gone.20161025.bin", "1").commit("base");
        repo.write("trunk/General/keep.20161025.bin", "2").mkdir("trunk/General/EmptyFolder").commit("modify, new folder");
        repo.delete("trunk/General/gone.20161025.bin").write("trunk/General/short.20161025.bin", "x").commit("delete one, add one");
        repo.write("trunk/General/keep.20161025.bin", "3").delete("trunk/General/short.20161025.bin").commit("modify again");

        CheckResult result = checker().check(trunk(), new Checkpoint("1", Instant.EPOCH));

        assertThat(result.changes()).extracting(RemoteChange::fileName, RemoteChange::action, RemoteChange::revision)
                .containsExactly(tuple("keep.20161025.bin", ChangeAction.MODIFIED, "4"));
        assertThat(result.checkpoint().value()).isEqualTo("4");
    }

    @Test
    void reportsOldestFirstByLastChange() throws Exception {
        repo.write("trunk/A/one.bin", "1").write("trunk/A/two.bin", "1").commit("both");
        repo.write("trunk/A/one.bin", "2").commit("one again");

        CheckResult result = checker().check(trunk(), Checkpoint.NONE);

        assertThat(result.changes()).extracting(RemoteChange::fileName, RemoteChange::revision)
                .containsExactly(tuple("two.bin", "1"), tuple("one.bin", "2"));
    }

    @Test
    void reportsTheFilesOfACopiedFolderAsAdded() throws Exception {
        repo.write("trunk/General/IPC_X_S38/ReleaseNote", "note").write("trunk/General/IPC_X_S38/fw.20161025.bin", "12345")
                .commit("original");
        repo.copy("trunk/General/IPC_X_S38", "trunk/General/IPC_X_S38_XM711").commit("branch it");

        CheckResult result = checker().check(trunk(), new Checkpoint("1", Instant.EPOCH));

        assertThat(result.changes()).extracting(change -> change.url().getPath(), RemoteChange::action, RemoteChange::size)
                .containsExactlyInAnyOrder(
                        tuple(repo.fileUrl().substring("file://".length()) + "/trunk/General/IPC_X_S38_XM711/ReleaseNote", ChangeAction.ADDED, 4L),
                        tuple(repo.fileUrl().substring("file://".length()) + "/trunk/General/IPC_X_S38_XM711/fw.20161025.bin", ChangeAction.ADDED, 5L));
        assertThat(result.changes()).allSatisfy(change -> assertThat(change.revision()).isEqualTo("2"));
    }

    @Test
    void keepsNonAsciiFileTypesAndNamesAndPercentEncodesTheUrl() throws Exception {
        repo.write("trunk/海思平台/IPC 1/固件.20161025.bin", "fw").commit("chinese");

        CheckResult result = checker().check(trunk(), Checkpoint.NONE);

        assertThat(result.changes()).singleElement().satisfies(change -> {
            assertThat(change.fileType()).isEqualTo("海思平台");
            assertThat(change.fileName()).isEqualTo("固件.20161025.bin");
            assertThat(change.url().toString()).isEqualTo(repo.fileUrl()
                    + "/trunk/%E6%B5%B7%E6%80%9D%E5%B9%B3%E5%8F%B0/IPC%201/%E5%9B%BA%E4%BB%B6.20161025.bin");
            assertThat(change.url().getPath()).endsWith("/trunk/海思平台/IPC 1/固件.20161025.bin");
        });
    }

    @Test
    void watchesANonAsciiBaseUrl() throws Exception {
        repo.write("海思平台/IPC/固件.20161025.bin", "fw").write("General/x.bin", "x").commit("chinese base");

        CheckResult result = checker().check(check(repo.fileUrl() + "/%E6%B5%B7%E6%80%9D%E5%B9%B3%E5%8F%B0", Credentials.NONE, ""),
                Checkpoint.NONE);

        assertThat(result.changes()).extracting(RemoteChange::fileName, RemoteChange::fileType)
                .containsExactly(tuple("固件.20161025.bin", "IPC"));
    }

    @Test
    void missingBaseUrlIsPermanentAndNamesTheUrl() throws Exception {
        repo.write("trunk/a.bin", "a").commit("one");

        assertThatThrownBy(() -> checker().check(check(repo.fileUrl() + "/nope", Credentials.NONE, ""), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class)
                .hasMessageContaining(repo.fileUrl() + "/nope")
                .hasMessageContaining("E200009");
    }

    @Test
    void baseUrlThatIsAFileIsPermanent() throws Exception {
        repo.write("trunk/a.bin", "a").commit("one");

        assertThatThrownBy(() -> checker().check(check(repo.fileUrl() + "/trunk/a.bin", Credentials.NONE, ""), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("is not a folder");
    }

    @Test
    void malformedCheckpointIsPermanent() {
        assertThatThrownBy(() -> checker().check(trunk(), new Checkpoint("etag-123", Instant.EPOCH)))
                .isInstanceOf(PermanentException.class).hasMessageContaining("etag-123");
    }

    @Test
    void killsSvnAfterTheTimeoutAndReportsATransientFailure() throws Exception {
        Path slow = folder.resolve("slow-svn");
        Files.writeString(slow, "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwx------"));
        SvnChecker checker = new SvnChecker(slow.toString(), Duration.ofMillis(500), Clock.systemUTC(), commands::add);

        long start = System.nanoTime();
        assertThatThrownBy(() -> checker.check(trunk(), Checkpoint.NONE))
                .isInstanceOf(TransientException.class).hasMessageContaining("did not finish within");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void missingSvnBinaryIsPermanent() {
        SvnChecker checker = new SvnChecker(folder.resolve("no-such-svn").toString(), Duration.ofSeconds(5),
                Clock.systemUTC(), commands::add);

        assertThatThrownBy(() -> checker.check(trunk(), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("no-such-svn");
    }
}
