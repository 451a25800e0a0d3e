package io.upgradeclient.config.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderPollerTest {
    private static final ConfigKey IPC = ConfigKey.factory(CheckFile.FACTORY_PID, "ipc");
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path folder;

    @Test
    void picksUpAddedChangedAndDeletedFilesWhileRunning() throws Exception {
        InMemoryTarget target = new InMemoryTarget();
        Reconciler reconciler = new Reconciler(new ConfigFolder(folder, folder.getParent()), target, event -> { }, new HttpPortGuard(0, "", (host, port) -> true));
        Path check = folder.resolve("check").resolve("ipc.json");

        try (FolderPoller poller = new FolderPoller(reconciler::scan, Duration.ofMillis(50), "test-poller")) {
            poller.start();

            Files.createDirectories(check.getParent());
            Files.writeString(check, "{\"name\": \"ipc\", \"base_url\": \"http://h/\", \"summarize_interval\": 15}");
            assertThat(target.awaitUntil(t -> t.config(IPC) != null, DEADLINE)).as("added").isTrue();

            Files.writeString(check, "{\"name\": \"ipc\", \"base_url\": \"http://h/\", \"summarize_interval\": 16}");
            assertThat(target.awaitUntil(t -> Long.valueOf(16).equals(t.config(IPC).get("summarize_interval")), DEADLINE))
                    .as("changed").isTrue();

            Files.delete(check);
            assertThat(target.awaitUntil(t -> t.config(IPC) == null, DEADLINE)).as("deleted").isTrue();
        }
    }

    @Test
    void theFolderIsAppliedOnceWhenStartReturns() throws Exception {
        InMemoryTarget target = new InMemoryTarget();
        Reconciler reconciler = new Reconciler(new ConfigFolder(folder, folder.getParent()), target, event -> { }, new HttpPortGuard(0, "", (host, port) -> true));
        Path check = folder.resolve("check").resolve("ipc.json");
        Files.createDirectories(check.getParent());
        Files.writeString(check, "{\"name\": \"ipc\", \"base_url\": \"http://h/\", \"summarize_interval\": 15}");

        try (FolderPoller poller = new FolderPoller(reconciler::scan, Duration.ofHours(1), "test-poller")) {
            poller.start();

            assertThat(target.config(IPC)).as("applied before start returned").isNotNull();
        }
    }

    @Test
    void keepsPollingAfterAScanFails() throws Exception {
        InMemoryTarget target = new InMemoryTarget();
        int[] runs = {0};
        Runnable failingOnce = () -> {
            if (runs[0]++ == 0) {
                throw new IllegalStateException("first scan fails");
            }
            try {
                target.put(IPC, Map.of("run", runs[0]));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };

        try (FolderPoller poller = new FolderPoller(failingOnce, Duration.ofMillis(20), "test-poller")) {
            poller.start();

            assertThat(target.awaitUntil(t -> t.config(IPC) != null, DEADLINE)).isTrue();
        }
    }
}
