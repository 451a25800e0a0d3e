package io.upgradeclient.config.internal;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;

class ReconcilerTest {
    private static final ConfigKey IPC = ConfigKey.factory(CheckFile.FACTORY_PID, "ipc");
    private static final ConfigKey DVR = ConfigKey.factory(CheckFile.FACTORY_PID, "dvr");
    private static final ConfigKey HTTP = ConfigKey.singleton(SettingsFile.HTTP_PID);
    private static final ConfigKey SETTINGS = ConfigKey.singleton(SettingsFile.PID);

    @TempDir
    Path folder;

    private final InMemoryTarget target = new InMemoryTarget();
    private final List<Event> events = new ArrayList<>();
    /** Ports another program holds, as the probe of the web server's port sees them. */
    private final Set<Integer> taken = new HashSet<>();
    private final HttpPortGuard httpPort = new HttpPortGuard(8081, "127.0.0.1", (host, port) -> !taken.contains(port));
    private Reconciler reconciler;

    @BeforeEach
    void create() {
        reconciler = new Reconciler(new ConfigFolder(folder, folder.getParent()), target, events::add, httpPort);
    }

    private Path write(String relative, String content) throws Exception {
        Path file = folder.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static String check(String name, int interval) {
        return "{\n  \"name\": \"" + name + "\",\n  \"base_url\": \"http://svn.example.com/" + name + "/\",\n"
                + "  \"summarize_interval\": " + interval + "\n}\n";
    }

    @Test
    void appliesEveryFileWithOriginAndSourceFile() throws Exception {
        Path check = write("check/ipc.json", check("ipc", 15));
        write("upload/upload.json", "{\"default\": {\"rsync\": {\"serverip\": \"10.0.0.5\"}}}");
        write("alert/alert.json", "{\"default\": {\"email\": {\"smtp_host\": \"smtp\"}}}");
        write("upgradeclient.yaml", "paths:\n  data: var/data\n");

        reconciler.scan();

        assertThat(target.all()).containsOnlyKeys(IPC, SETTINGS, ConfigKey.factory(SectionsFile.UPLOAD_PID, "default"),
                ConfigKey.factory(SectionsFile.ALERT_PID, "default"));
        assertThat(target.config(IPC))
                .containsEntry("upgradeclient.origin", "files")
                .containsEntry("source_file", check.toAbsolutePath().toString())
                .containsEntry("summarize_interval", 15L);
        assertThat(events).isEmpty();
    }

    @Test
    void anUnchangedFolderWritesNothing() throws Exception {
        write("check/ipc.json", check("ipc", 15));
        reconciler.scan();
        int writes = target.writes().size();

        reconciler.scan();
        reconciler.scan();

        assertThat(target.writes()).hasSize(writes);
    }

    @Test
    void anEditUpdatesOnlyTheConfigurationWhosePropertiesChanged() throws Exception {
        write("check/ipc.json", check("ipc", 15));
        Path dvr = write("check/dvr.json", check("dvr", 15));
        reconciler.scan();
        int writes = target.writes().size();

        write("check/ipc.json", check("ipc", 60));
        Files.writeString(dvr, check("dvr", 15).replace("\n", "\n\n"));
        reconciler.scan();

        assertThat(target.writes()).hasSize(writes + 1).last().isEqualTo("put " + IPC);
        assertThat(target.config(IPC)).containsEntry("summarize_interval", 60L);
    }

    @Test
    void deletingAFileDeletesItsConfigurations() throws Exception {
        Path check = write("check/ipc.json", check("ipc", 15));
        Path upload = write("upload/upload.json", "{\"eu\": {\"rsync\": {}}, \"us\": {\"rsync\": {}}}");
        reconciler.scan();

        Files.delete(check);
        Files.writeString(upload, "{\"eu\": {\"rsync\": {}}}");
        reconciler.scan();

        assertThat(target.all()).containsOnlyKeys(ConfigKey.factory(SectionsFile.UPLOAD_PID, "eu"));
    }

    @Test
    void renamingACheckReplacesItsConfiguration() throws Exception {
        write("check/ipc.json", check("ipc", 15));
        reconciler.scan();

        write("check/ipc.json", check("dvr", 15));
        reconciler.scan();

        assertThat(target.all()).containsOnlyKeys(DVR);
    }

    @Test
    void aBrokenFileKeepsItsPreviousConfigurationAndIsReportedOnce() throws Exception {
        Path file = write("check/ipc.json", check("ipc", 15));
        reconciler.scan();
        Map<String, Object> applied = target.config(IPC);

        Files.writeString(file, check("ipc", -5));
        reconciler.scan();
        reconciler.scan();

        assertThat(target.config(IPC)).isEqualTo(applied);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(EventLevel.ERROR);
            assertThat(event.name()).isEqualTo("config");
            assertThat(event.component()).isEqualTo("ConfigFiles");
            assertThat(event.check()).isEqualTo("ipc");
            assertThat(event.fileName()).isEqualTo("ipc.json");
            assertThat(event.message()).startsWith(file.toAbsolutePath() + ":4: summarize_interval: ").endsWith("was -5");
        });
    }

    @Test
    void aFixedFileIsAppliedAndABreakAfterThatIsReportedAgain() throws Exception {
        Path file = write("check/ipc.json", check("ipc", 15));
        reconciler.scan();
        Files.writeString(file, "{ broken");
        reconciler.scan();

        Files.writeString(file, check("ipc", 30));
        reconciler.scan();
        assertThat(target.config(IPC)).containsEntry("summarize_interval", 30L);

        Files.writeString(file, "{ broken again");
        reconciler.scan();
        assertThat(events).hasSize(2);
    }

    @Test
    void otherFilesKeepBeingAppliedWhileOneIsBroken() throws Exception {
        write("check/dvr.json", "{\"name\": \"dvr\"}");
        write("check/ipc.json", check("ipc", 15));

        reconciler.scan();

        assertThat(target.all()).containsOnlyKeys(IPC);
        assertThat(events).singleElement().extracting(Event::fileName).isEqualTo("dvr.json");
    }

    @Test
    void aDuplicateCheckNameInASecondFileIsAnErrorNamingBothFiles() throws Exception {
        Path first = write("check/a.json", check("ipc", 15));
        Path second = write("check/b.json", check("ipc", 60));

        reconciler.scan();
        reconciler.scan();

        assertThat(target.config(IPC)).containsEntry("source_file", first.toString());
        assertThat(events).singleElement().extracting(Event::message).asString()
                .startsWith(second + ":2: name: ")
                .contains("'ipc' is already defined in " + first);
    }

    @Test
    void theSecondFileTakesOverWhenTheFirstGoesAway() throws Exception {
        Path first = write("check/a.json", check("ipc", 15));
        Path second = write("check/b.json", check("ipc", 60));
        reconciler.scan();

        Files.delete(first);
        reconciler.scan();

        assertThat(target.config(IPC)).containsEntry("source_file", second.toString()).containsEntry("summarize_interval", 60L);
    }

    @Test
    void aFileEarlierByNameTakesADuplicateNameOverWhileRunningAsItWouldAtStart() throws Exception {
        Path later = write("check/b.json", check("ipc", 15));
        reconciler.scan();

        Path earlier = write("check/a.json", check("ipc", 60));
        reconciler.scan();
        reconciler.scan();

        assertThat(target.config(IPC)).containsEntry("source_file", earlier.toString()).containsEntry("summarize_interval", 60L);
        assertThat(events).singleElement().extracting(Event::message).asString()
                .startsWith(later + ":2: name: ")
                .contains("'ipc' is already defined in " + earlier);
    }

    @Test
    void aRestartKeepsTheSameWinnerForADuplicateName() throws Exception {
        Path earlier = write("check/a.json", check("ipc", 60));
        write("check/b.json", check("ipc", 15));
        reconciler.scan();

        Reconciler restarted = new Reconciler(new ConfigFolder(folder, folder.getParent()), target, events::add, httpPort);
        restarted.scan();

        assertThat(target.config(IPC)).containsEntry("source_file", earlier.toString()).containsEntry("summarize_interval", 60L);
        assertThat(events).hasSize(2).allSatisfy(event -> assertThat(event.fileName()).isEqualTo("b.json"));
    }

    @Test
    void aBrokenEarlierFileKeepsItsNameAfterARestart() throws Exception {
        Path earlier = write("check/a.json", check("ipc", 60));
        write("check/b.json", check("ipc", 15));
        reconciler.scan();
        Files.writeString(earlier, "{ broken");

        new Reconciler(new ConfigFolder(folder, folder.getParent()), target, events::add, httpPort).scan();

        assertThat(target.config(IPC)).containsEntry("source_file", earlier.toString()).containsEntry("summarize_interval", 60L);
    }

    @Test
    void warningsAreLoggedWhenTheConfigurationChangesNotOnEveryStart() throws Exception {
        write("check/ipc.json", check("ipc", 15).replace("{", "{\"target_host\": \"10.0.0.9\","));

        String first = stderrOf(reconciler::scan);
        String restart = stderrOf(() -> new Reconciler(new ConfigFolder(folder, folder.getParent()), target, events::add, httpPort).scan());

        assertThat(first).contains("target_host is not used");
        assertThat(restart).doesNotContain("target_host");
    }

    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void startupDeletesOrphansButKeepsWhatBrokenFilesAppliedAndWhatOthersMade() throws Exception {
        Path broken = write("check/dvr.json", "{ not json");
        target.preset(DVR, Map.of("name", "dvr", "upgradeclient.origin", "files", "source_file", broken.toString()));
        target.preset(IPC, Map.of("name", "ipc", "upgradeclient.origin", "files",
                "source_file", folder.resolve("check/gone.json").toString()));
        ConfigKey console = ConfigKey.factory(CheckFile.FACTORY_PID, "console");
        target.preset(console, Map.of("name", "console"));

        reconciler.scan();

        assertThat(target.all()).containsOnlyKeys(DVR, console);
        assertThat(events).hasSize(1);
    }

    @Test
    void webPortAndHostAreMergedIntoTheHttpPidAndRemovedAgain() throws Exception {
        target.preset(HTTP, Map.of("org.apache.felix.https.enable", "false", "org.osgi.service.http.port", 9999));
        Path yaml = write("upgradeclient.yaml", "web:\n  port: 8081\n  host: 0.0.0.0\n");

        reconciler.scan();

        assertThat(target.config(HTTP))
                .containsEntry("org.apache.felix.https.enable", "false")
                .containsEntry("org.osgi.service.http.port", 8081)
                .containsEntry("org.apache.felix.http.host", "0.0.0.0")
                .containsEntry("upgradeclient.origin", "files");

        Files.writeString(yaml, "web:\n  port: 8082\n");
        reconciler.scan();
        assertThat(target.config(HTTP))
                .containsEntry("org.osgi.service.http.port", 8082)
                .doesNotContainKey("org.apache.felix.http.host");

        Files.writeString(yaml, "paths:\n  data: var/data\n");
        reconciler.scan();
        assertThat(target.config(HTTP)).containsOnlyKeys("org.apache.felix.https.enable");
    }

    @Test
    void aPortInUseIsRefusedWithOneErrorAndTheServedPortStays() throws Exception {
        taken.add(8082);
        Path yaml = write("upgradeclient.yaml", "web:\n  port: 8081\n");
        reconciler.scan();
        assertThat(target.config(HTTP)).containsEntry("org.osgi.service.http.port", 8081);

        Files.writeString(yaml, "web:\n  port: 8082\n  public_url: http://example.com/\n");
        String log = stderrOf(reconciler::scan);

        assertThat(target.config(HTTP)).as("the web server keeps its port").containsEntry("org.osgi.service.http.port", 8081);
        assertThat(target.config(SETTINGS)).as("the rest of the file applies").containsEntry("web.public_url", "http://example.com/");
        String refusal = yaml + ": web.port 8082 is not applied: the port is in use on 127.0.0.1 (or cannot be bound there);"
                + " the web server stays on port 8081. Free the port or choose another, then save the file again";
        assertThat(log.lines().filter(line -> line.contains("ERROR"))).singleElement(as(InstanceOfAssertFactories.STRING))
                .endsWith(refusal);
        assertThat(events).singleElement().satisfies(event -> assertThat(event.message()).isEqualTo(refusal));

        reconciler.scan();
        assertThat(events).as("said once per version of the file").hasSize(1);

        taken.clear();
        Files.writeString(yaml, "web:\n  port: 8082\n");
        reconciler.scan();
        assertThat(target.config(HTTP)).as("saved again once the port is free").containsEntry("org.osgi.service.http.port", 8082);
    }

    @Test
    void thePortTheWebServerServesIsNotProbed() throws Exception {
        taken.add(8081);
        write("upgradeclient.yaml", "web:\n  port: 8081\n");

        reconciler.scan();

        assertThat(target.config(HTTP)).as("the launcher started it there: it holds that port itself")
                .containsEntry("org.osgi.service.http.port", 8081);
        assertThat(events).isEmpty();
    }

    @Test
    void theHttpPidIsDeletedWhenTheFilesHadCreatedIt() throws Exception {
        Path yaml = write("upgradeclient.yaml", "web:\n  port: 8081\n");
        reconciler.scan();
        assertThat(target.config(HTTP)).containsEntry("org.osgi.service.http.port", 8081);

        Files.delete(yaml);
        reconciler.scan();

        assertThat(target.all()).isEmpty();
    }

    @Test
    void aConfigAdminFailureIsRetriedAtTheNextScan() throws Exception {
        write("check/ipc.json", check("ipc", 15));
        target.failing(true);
        reconciler.scan();

        target.failing(false);
        reconciler.scan();

        assertThat(target.all()).containsOnlyKeys(IPC);
    }

    @Test
    void editorBackupFilesAndOtherExtensionsAreIgnored() throws Exception {
        write("check/.ipc.json", check("hidden", 15));
        write("check/ipc.json.bak", check("bak", 15));
        write("check/notes.txt", "x");

        reconciler.scan();

        assertThat(target.all()).isEmpty();
        assertThat(events).isEmpty();
    }
}
