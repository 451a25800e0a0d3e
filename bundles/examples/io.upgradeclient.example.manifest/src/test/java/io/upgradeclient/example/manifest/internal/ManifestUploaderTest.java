package io.upgradeclient.example.manifest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;

class ManifestUploaderTest {

    @TempDir
    Path folder;

    @Test
    void writesOneManifestListingFilesAndChecksums() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
        RemoteChange change = new RemoteChange(ChangeAction.ADDED, URI.create("http://h/fw/a.20161025.bin"), "a.20161025.bin",
                "General", "", Instant.EPOCH, "7", 3);
        String sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        Artifact artifact = new Artifact("ipc/../x", Path.of("/staging"), List.of(Path.of("DEV/2016-10-25/a.20161025.bin")),
                List.of(new DownloadedFile(change, Path.of("/cache/a"), 3, sha)));

        UploadReceipt receipt = new ManifestUploader(folder, clock).upload(artifact, new UploadTarget(new TargetRef("m", "manifest"), Map.of()));

        Path manifest = folder.resolve("ipc_.._x-20261125T100000.000Z.manifest");
        assertThat(manifest).exists();
        assertThat(Files.readAllLines(manifest)).contains("check: ipc/../x", "target: m",
                "file: DEV/2016-10-25/a.20161025.bin", "source: " + sha + "  3  http://h/fw/a.20161025.bin");
        assertThat(receipt.bytes()).isEqualTo(Files.size(manifest));
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(manifest);
        }
    }
}
