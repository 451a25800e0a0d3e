package io.upgradeclient.check.file.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

class FileCheckerTest {
    private static final Instant START = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path temp;

    private Path folder;
    private final MovableClock clock = new MovableClock(START);
    private FileChecker checker;

    /** A clock the test moves forward, so that "stable for 5 s" needs no waiting. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeEach
    void createFolder() throws Exception {
        folder = Files.createDirectory(temp.resolve("share"));
        checker = new FileChecker(clock);
    }

    private CheckDefinition check(Map<String, String> options) {
        return check(folder.toUri(), options);
    }

    private static CheckDefinition check(URI baseUrl, Map<String, String> options) {
        return new CheckDefinition("local", "file", baseUrl, Credentials.NONE, "", Duration.ofDays(30),
                Duration.ofSeconds(15), List.of("default"), List.of(), "", List.of(), "", options);
    }

    /** Writes a file and sets its modification time to {@code age} before the clock's now. */
    private Path write(String path, String content, Duration age) throws Exception {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(clock.instant().minus(age)));
        return file;
    }

    @Test
    void reportsStableFilesInNestedFoldersWithFileTypeRevisionAndSize() throws Exception {
        write("General/IPC_X_S38/2016-10-25/a.20161025.bin", "12345", Duration.ofMinutes(2));
        write("OEM/b.20161025.bin", "12", Duration.ofMinutes(1));
        write("top.txt", "t", Duration.ofMinutes(3));

        CheckResult result = checker.check(check(Map.of()), Checkpoint.NONE);

        long aTime = START.minus(Duration.ofMinutes(2)).toEpochMilli();
        assertThat(result.changes()).extracting(RemoteChange::fileName, RemoteChange::fileType, RemoteChange::revision,
                RemoteChange::size, RemoteChange::action, RemoteChange::author).containsExactly(
                tuple("top.txt", "", START.minus(Duration.ofMinutes(3)).toEpochMilli() + ":1", 1L, ChangeAction.ADDED, ""),
                tuple("a.20161025.bin", "General", aTime + ":5", 5L, ChangeAction.ADDED, ""),
                tuple("b.20161025.bin", "OEM", START.minus(Duration.ofMinutes(1)).toEpochMilli() + ":2", 2L, ChangeAction.ADDED, ""));
        assertThat(result.changes().get(1).url()).isEqualTo(folder.resolve("General/IPC_X_S38/2016-10-25/a.20161025.bin").toUri());
        assertThat(result.changes().get(1).changedAt()).isEqualTo(Instant.ofEpochMilli(aTime));
        assertThat(result.checkpoint().takenAt()).isEqualTo(START);
    }

    @Test
    void aFileModifiedLessThanStableSecondsAgoIsReportedOnlyOnceStable() throws Exception {
        write("General/fresh.20161025.bin", "still copying", Duration.ofSeconds(2));

        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);
        assertThat(first.changes()).isEmpty();
        assertThat(CheckpointCodec.decode(first.checkpoint().value())).doesNotContainKey("General/fresh.20161025.bin");

        clock.advance(Duration.ofSeconds(3));
        CheckResult second = checker.check(check(Map.of()), first.checkpoint());

        assertThat(second.changes()).extracting(RemoteChange::fileName).containsExactly("fresh.20161025.bin");
    }

    @Test
    void stableSecondsComesFromTheCheckOptions() throws Exception {
        write("a.bin", "a", Duration.ofSeconds(30));

        assertThat(checker.check(check(Map.of("stable_seconds", "60")), Checkpoint.NONE).changes()).isEmpty();
        assertThat(checker.check(check(Map.of("stable_seconds", "0")), Checkpoint.NONE).changes()).hasSize(1);
        assertThatThrownBy(() -> checker.check(check(Map.of("stable_seconds", "soon")), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("option.stable_seconds").hasMessageContaining("'soon'");
    }

    @Test
    void aChangedFileIsReportedAgainAsModifiedWithANewRevisionAndUnchangedFilesAreNot() throws Exception {
        write("General/a.20161025.bin", "v1", Duration.ofMinutes(10));
        write("General/b.20161025.bin", "same", Duration.ofMinutes(10));
        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);
        assertThat(first.changes()).hasSize(2);

        clock.advance(Duration.ofMinutes(5));
        write("General/a.20161025.bin", "version 2", Duration.ofMinutes(1));
        CheckResult second = checker.check(check(Map.of()), first.checkpoint());

        assertThat(second.changes()).singleElement().satisfies(change -> {
            assertThat(change.fileName()).isEqualTo("a.20161025.bin");
            assertThat(change.action()).isEqualTo(ChangeAction.MODIFIED);
            assertThat(change.revision()).isEqualTo(clock.instant().minus(Duration.ofMinutes(1)).toEpochMilli() + ":9");
            assertThat(change.revision()).isNotEqualTo(first.changes().get(0).revision());
        });
        clock.advance(Duration.ofMinutes(1));
        assertThat(checker.check(check(Map.of()), second.checkpoint()).changes()).isEmpty();
    }

    @Test
    void aChangeStillBeingWrittenKeepsTheOldStateSoItIsReportedWhenStable() throws Exception {
        write("a.bin", "v1", Duration.ofMinutes(10));
        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);

        write("a.bin", "v2 partial", Duration.ofSeconds(1));
        CheckResult during = checker.check(check(Map.of()), first.checkpoint());
        assertThat(during.changes()).isEmpty();
        assertThat(during.checkpoint().value()).isEqualTo(first.checkpoint().value());

        clock.advance(Duration.ofSeconds(10));
        assertThat(checker.check(check(Map.of()), during.checkpoint()).changes()).extracting(RemoteChange::action)
                .containsExactly(ChangeAction.MODIFIED);
    }

    @Test
    void aDeletedFileIsNotReportedAndIsForgotten() throws Exception {
        Path gone = write("General/gone.20161025.bin", "x", Duration.ofMinutes(10));
        write("General/kept.20161025.bin", "y", Duration.ofMinutes(10));
        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);

        Files.delete(gone);
        CheckResult second = checker.check(check(Map.of()), first.checkpoint());

        assertThat(second.changes()).isEmpty();
        assertThat(CheckpointCodec.decode(second.checkpoint().value())).containsOnlyKeys("General/kept.20161025.bin");
    }

    @Test
    void firstCheckIgnoresFilesOlderThanLookBackButReportsTheirLaterChanges() throws Exception {
        write("old/a.20161025.bin", "old", Duration.ofDays(31));
        write("new/b.20161025.bin", "new", Duration.ofDays(29));

        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);
        assertThat(first.changes()).extracting(RemoteChange::fileName).containsExactly("b.20161025.bin");

        write("old/a.20161025.bin", "old, fixed", Duration.ofMinutes(1));
        assertThat(checker.check(check(Map.of()), first.checkpoint()).changes()).extracting(RemoteChange::fileName, RemoteChange::action)
                .containsExactly(tuple("a.20161025.bin", ChangeAction.MODIFIED));
    }

    @Test
    void keepsSpacesAndChineseInNamesAndPercentEncodesTheUrl() throws Exception {
        Path file = write("海思平台/IPC 1/固件 v1.20161025.bin", "fw", Duration.ofMinutes(1));

        RemoteChange change = checker.check(check(Map.of()), Checkpoint.NONE).changes().get(0);

        assertThat(change.fileType()).isEqualTo("海思平台");
        assertThat(change.fileName()).isEqualTo("固件 v1.20161025.bin");
        assertThat(change.url().toString()).isEqualTo(folder.toUri()
                + "%E6%B5%B7%E6%80%9D%E5%B9%B3%E5%8F%B0/IPC%201/%E5%9B%BA%E4%BB%B6%20v1.20161025.bin");
        assertThat(Path.of(change.url())).isEqualTo(file);
    }

    @Test
    void walksNoDeeperThanMaxDepth() throws Exception {
        write("a/b/c.bin", "3 levels", Duration.ofMinutes(1));
        write("a/b/c/d.bin", "4 levels", Duration.ofMinutes(1));

        assertThat(checker.check(check(Map.of("max_depth", "3")), Checkpoint.NONE).changes())
                .extracting(RemoteChange::fileName).containsExactly("c.bin");
        assertThat(checker.check(check(Map.of()), Checkpoint.NONE).changes()).hasSize(2);
    }

    @Test
    void followsLinksOnlyToFilesInsideTheFolder() throws Exception {
        write("real/a.bin", "inside", Duration.ofMinutes(1));
        Path outside = Files.writeString(temp.resolve("secret.bin"), "outside");
        Files.setLastModifiedTime(outside, FileTime.from(START.minusSeconds(60)));
        Files.createDirectories(folder.resolve("links"));
        Files.createSymbolicLink(folder.resolve("links/inside.bin"), folder.resolve("real/a.bin"));
        Files.createSymbolicLink(folder.resolve("links/outside.bin"), outside);
        Files.createSymbolicLink(folder.resolve("links/tmp"), temp);

        CheckResult result = checker.check(check(Map.of()), Checkpoint.NONE);

        assertThat(result.changes()).extracting(change -> folder.relativize(Path.of(change.url())).toString())
                .containsExactlyInAnyOrder("real/a.bin", "links/inside.bin");
    }

    @Test
    void linksOutOfTheFolderAreOneWarningNotOnePerLinkPerScan() throws Exception {
        write("real/a.bin", "inside", Duration.ofMinutes(1));
        Files.createDirectories(folder.resolve("links"));
        for (int i = 0; i < 50; i++) {
            Files.createSymbolicLink(folder.resolve("links/out" + i + ".bin"), temp);
        }
        List<String> warned = new ArrayList<>();
        FileChecker quiet = new FileChecker(clock, warned::add);

        Checkpoint checkpoint = Checkpoint.NONE;
        for (int scan = 0; scan < 20; scan++) {
            checkpoint = quiet.check(check(Map.of()), checkpoint).checkpoint();
        }

        assertThat(warned).singleElement().asString().contains("50 link(s) point out of the watched folder");
    }

    @Test
    void missingFolderIsPermanent() {
        assertThatThrownBy(() -> checker.check(check(folder.resolve("nope").toUri(), Map.of()), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("does not exist").hasMessageContaining("nope");
    }

    @Test
    void baseUrlThatIsNotALocalFolderIsPermanent() throws Exception {
        Path file = write("a.bin", "a", Duration.ofMinutes(1));

        assertThatThrownBy(() -> checker.check(check(URI.create("http://example.com/fw/"), Map.of()), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("not a file: URI");
        assertThatThrownBy(() -> checker.check(check(file.toUri(), Map.of()), Checkpoint.NONE))
                .isInstanceOf(PermanentException.class).hasMessageContaining("is not a folder");
    }

    @Test
    void malformedCheckpointIsPermanent() {
        assertThatThrownBy(() -> checker.check(check(Map.of()), new Checkpoint("r42", START)))
                .isInstanceOf(PermanentException.class).hasMessageContaining("checkpoint");
    }

    @Test
    void anUnreadableFolderKeepsItsFilesAsLastSeen() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every folder");
        write("locked/a.bin", "a", Duration.ofMinutes(10));
        CheckResult first = checker.check(check(Map.of()), Checkpoint.NONE);
        Path locked = folder.resolve("locked");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            CheckResult second = checker.check(check(Map.of()), first.checkpoint());

            assertThat(second.changes()).isEmpty();
            assertThat(CheckpointCodec.decode(second.checkpoint().value())).containsOnlyKeys("locked/a.bin");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
