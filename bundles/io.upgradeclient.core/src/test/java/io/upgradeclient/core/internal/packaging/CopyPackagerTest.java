package io.upgradeclient.core.internal.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.Credentials;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.RemoteChange;

class CopyPackagerTest {
    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path folder;

    @Test
    void stagesTheFileAtItsPathBelowTheBaseInTheTargetCacheReadableByOthers() throws Exception {
        Artifact artifact = new CopyPackager().pack(check("xm_upgradefiles"), downloaded("IPC/2016-10-25/fw.20161025.bin"), null, folder.resolve("staging"));

        Path staged = folder.resolve("staging/xm_upgradefiles/IPC/2016-10-25/fw.20161025.bin");
        assertThat(staged).hasContent("firmware");
        assertThat(artifact.root()).isEqualTo(folder.resolve("staging/xm_upgradefiles"));
        assertThat(artifact.files()).containsExactly(Path.of("IPC/2016-10-25/fw.20161025.bin"));
        assertThat(Files.getPosixFilePermissions(staged)).contains(PosixFilePermission.OTHERS_READ);
        try (var files = Files.list(staged.getParent())) {
            assertThat(files).containsExactly(staged);
        }
    }

    @Test
    void leavesAnIdenticalStagedFileAlone() throws Exception {
        CopyPackager packager = new CopyPackager();
        packager.pack(check(""), downloaded("fw.20161025.bin"), null, folder.resolve("staging"));
        Path staged = folder.resolve("staging/fw.20161025.bin");
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(365)));
        Files.setLastModifiedTime(staged, old);

        packager.pack(check(""), downloaded("fw.20161025.bin"), null, folder.resolve("staging"));

        assertThat(Files.getLastModifiedTime(staged)).isEqualTo(old);
    }

    @Test
    void refusesATargetCacheThatWouldLeaveTheStagingArea() {
        assertThatThrownBy(() -> new CopyPackager().pack(check(".."), downloaded("fw.bin"), null, folder.resolve("staging")))
                .isInstanceOf(PermanentException.class);
    }

    private DownloadedFile downloaded(String path) throws Exception {
        Path file = folder.resolve("cache-" + path.replace('/', '_'));
        Files.writeString(file, "firmware");
        RemoteChange change = new RemoteChange(ChangeAction.ADDED, URI.create("http://svn.example/fw/" + path),
                path.substring(path.lastIndexOf('/') + 1), "", "", Instant.EPOCH, "1", 8);
        return new DownloadedFile(change, file, 8, SHA);
    }

    private static CheckDefinition check(String targetCache) {
        return new CheckDefinition("ipc", "svn", URI.create("http://svn.example/fw/"), Credentials.NONE, "", Duration.ofDays(1),
                Duration.ofSeconds(15), List.of(), List.of(), "", List.of(), targetCache, Map.of());
    }
}
