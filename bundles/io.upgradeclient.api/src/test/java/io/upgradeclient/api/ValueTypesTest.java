package io.upgradeclient.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ValueTypesTest {

    private static final RemoteChange CHANGE = new RemoteChange(ChangeAction.ADDED,
            URI.create("http://svn.example/fw/General/IPC/2016-10-25/General_IPC.20161025.bin"),
            "General_IPC.20161025.bin", "General", "alice", Instant.parse("2016-10-25T08:00:00Z"), "1234", 42);

    @Test
    void credentialsNeverShowThePassword() {
        Credentials credentials = new Credentials("alice", "s3cret");

        assertThat(credentials.toString()).contains("alice").doesNotContain("s3cret");
    }

    @Test
    void checkDefinitionHidesSecretsAndCopiesCollections() {
        List<String> filters = new ArrayList<>(List.of("default"));
        CheckDefinition check = new CheckDefinition("ipc", "svn", URI.create("svn://127.0.0.1/repo/"),
                new Credentials("alice", "s3cret"), "", Duration.ofDays(30), Duration.ofSeconds(15), filters,
                List.of(new TargetRef("xm", "rsync")), "0 23 * * *", List.of(), "xm_upgradefiles",
                Map.of("api_token", "t0ken", "depth", "3"));
        filters.add("glob");

        assertThat(check.filters()).containsExactly("default");
        assertThat(check.toString()).doesNotContain("s3cret").doesNotContain("t0ken").contains("depth=3");
    }

    @Test
    void checkDefinitionRejectsNonPositiveInterval() {
        assertThatThrownBy(() -> new CheckDefinition("ipc", "svn", URI.create("svn://h/"), Credentials.NONE, "",
                Duration.ofDays(1), Duration.ofSeconds(-15), List.of(), List.of(), "", List.of(), "", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval");
    }

    @Test
    void artifactRejectsPathsThatLeaveTheStagingRoot() {
        assertThatThrownBy(() -> new Artifact("ipc", Path.of("/staging"), List.of(Path.of("a/../../etc/passwd")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Artifact("ipc", Path.of("/staging"), List.of(Path.of("/etc/passwd")), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new Artifact("ipc", Path.of("/staging"), List.of(Path.of("DEV/2016-10-25/fw.bin")), List.of()).files())
                .hasSize(1);
    }

    @Test
    void downloadedFileRequiresARealSha256() {
        String sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        assertThat(new DownloadedFile(CHANGE, Path.of("x"), 0, sha).sha256()).isEqualTo(sha);
        assertThatThrownBy(() -> new DownloadedFile(CHANGE, Path.of("x"), 0, sha.toUpperCase()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DownloadedFile(CHANGE, Path.of("x"), 0, "abc"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventCarriesTheChangesHistoryColumns() {
        Event event = Event.builder(EventLevel.INFO, "check", "SvnChecker").check("ipc").change(CHANGE)
                .message("found").jobId(7).build();

        assertThat(event.fileType()).isEqualTo("General");
        assertThat(event.fileName()).isEqualTo("General_IPC.20161025.bin");
        assertThat(event.lastRevision()).isEqualTo("1234");
        assertThat(event.lastAction()).isEqualTo("added");
        assertThat(event.lastAuthor()).isEqualTo("alice");
        assertThat(event.jobId()).isEqualTo(7);
        assertThat(event.level().column()).isEqualTo("info");
    }

    @Test
    void eventLevelReadsTheOriginalsQuirkyColumnValues() {
        assertThat(EventLevel.ofColumn("error ")).isEqualTo(EventLevel.ERROR);
        assertThat(EventLevel.ofColumn("warn")).isEqualTo(EventLevel.WARNING);
        assertThatThrownBy(() -> EventLevel.ofColumn("fatal")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void changeIdentityJoinsUrlAndRevision() {
        assertThat(CHANGE.identity()).isEqualTo(CHANGE.url() + "@1234");
    }

    @Test
    void reportIsEmptyOnlyWithNothingToTell() {
        Instant now = Instant.now();
        assertThat(new Report(ReportKind.SCHEDULED, "ipc", now, now, List.of(), List.of(), 0, 0).isEmpty()).isTrue();
        assertThat(new Report(ReportKind.SCHEDULED, "ipc", now, now, List.of(), List.of(), 1, 0).isEmpty()).isFalse();
        assertThatThrownBy(() -> new Report(ReportKind.SCHEDULED, "ipc", now, now.minusSeconds(1), List.of(), List.of(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transientFailureMayCarryTheDelayThePeerAskedFor() {
        TransientException busy = new TransientException("429 from http://h/", null, Duration.ofSeconds(30));

        assertThat(busy.retryAfter()).contains(Duration.ofSeconds(30));
        assertThat(new TransientException("timeout", null).retryAfter()).isEmpty();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2016-10-25T08:00:00Z");

        assertThat(TransientException.parseRetryAfter(" 120 ", now)).contains(Duration.ofSeconds(120));
        assertThat(TransientException.parseRetryAfter("Tue, 25 Oct 2016 08:01:30 GMT", now)).contains(Duration.ofSeconds(90));
        assertThat(TransientException.parseRetryAfter("Tue, 25 Oct 2016 07:00:00 GMT", now)).contains(Duration.ZERO);
        assertThat(TransientException.parseRetryAfter(null, now)).isEmpty();
        assertThat(TransientException.parseRetryAfter("", now)).isEmpty();
        assertThat(TransientException.parseRetryAfter("soon", now)).isEmpty();
        assertThat(TransientException.parseRetryAfter("-5", now)).isEmpty();
        assertThat(TransientException.parseRetryAfter("99999999999999999999", now)).isEmpty();
    }

    @Test
    void pluginKindIsFoundByItsServiceInterface() {
        assertThat(PluginKind.ofInterface(Uploader.class.getName())).isEqualTo(PluginKind.UPLOADER);
        assertThat(PluginKind.ofInterface("java.lang.Runnable")).isNull();
        assertThat(PluginKind.UPLOADER.label("rsync")).isEqualTo("uploader:rsync");
    }
}
