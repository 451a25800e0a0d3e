package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.upgradeclient.api.ChangeAction;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checker;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.Filter;
import io.upgradeclient.api.FilterDecision;
import io.upgradeclient.api.Job;
import io.upgradeclient.api.JobQueue;
import io.upgradeclient.api.JobState;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.Uploader;

/**
 * The engine in the real framework with the real store: a check configured through Config Admin waits for its
 * plugins, proceeds as each one is registered, publishes every change once, and a job whose uploader leaves goes
 * back to waiting.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineIT extends TestSupport {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private JobQueue jobs;

    @Test
    public void checkWaitsForEachPluginAndPublishesEveryChangeOnce() throws Exception {
        List<String> uploads = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger checkRuns = new AtomicInteger();
        Configuration target = configurationAdmin.getFactoryConfiguration("io.upgradeclient.upload", "itest-target", "?");
        target.update(properties(Map.of("name", "itest-target", "type", "itest")));
        Configuration check = configurationAdmin.getFactoryConfiguration("io.upgradeclient.check", "itest-check", "?");
        check.update(properties(Map.of("name", "itest-check", "check_type", "itest", "base_url", "itest://source/fw/",
                "summarize_interval", 1L, "check_filter", new String[] {"itest"}, "upload", new String[] {"itest-target:itest"})));

        ServiceRegistration<Checker> checker = context.registerService(Checker.class, (definition, since) -> {
            checkRuns.incrementAndGet();
            return new CheckResult(List.of(change("a.20161025.bin", "1"), change("b.20161025.bin", "1"), change("notes.txt", "1")),
                    new Checkpoint("1", Instant.now()));
        }, type("itest"));
        ServiceRegistration<Filter> filter = context.registerService(Filter.class, (definition, changes) -> changes.stream()
                .map(c -> c.fileName().endsWith(".bin") ? FilterDecision.accept(c, "firmware") : FilterDecision.reject(c, "not firmware"))
                .toList(), type("itest"));
        Eventually.await(DEADLINE, "two jobs waiting for the downloader",
                () -> jobs.list(Set.of(JobState.WAITING), "itest-check", 0, 10).size() == 2);
        assertThat(jobs.list(Set.of(), "itest-check", 0, 10)).allMatch(job -> job.waitingFor().equals("downloader:itest"));

        ServiceRegistration<Downloader> downloader = context.registerService(Downloader.class, (definition, change, cacheDir) -> {
            Path file = cacheDir.resolve(change.fileName());
            try {
                Files.createDirectories(cacheDir);
                Files.writeString(file, "firmware " + change.fileName(), StandardCharsets.UTF_8);
                return new DownloadedFile(change, file, Files.size(file), sha256(file));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, type("itest"));
        Eventually.await(DEADLINE, "both jobs waiting for the uploader",
                () -> jobs.list(Set.of(JobState.WAITING), "itest-check", 0, 10).stream().filter(job -> job.waitingFor().equals("uploader:itest")).count() == 2);

        ServiceRegistration<Uploader> uploader = context.registerService(Uploader.class, (artifact, uploadTarget) -> {
            uploads.add(artifact.files().toString());
            return new UploadReceipt(1, "ok");
        }, type("itest"));
        Eventually.await(DEADLINE, "both jobs done", () -> jobs.list(Set.of(JobState.DONE), "itest-check", 0, 10).size() == 2);

        assertThat(uploads).containsExactlyInAnyOrder("[a.20161025.bin]", "[b.20161025.bin]");
        assertThat(home().resolve("var/staging/a.20161025.bin")).hasContent("firmware a.20161025.bin");
        List<Job> done = jobs.list(Set.of(), "itest-check", 0, 10);
        assertThat(done).hasSize(2).allSatisfy(job -> {
            assertThat(job.targets().get("itest-target").state()).isEqualTo(JobState.DONE);
            assertThat(job.sha256()).hasSize(64);
        });

        // The checker keeps reporting the same changes every second: they are never queued again.
        int before = uploads.size();
        int runsSoFar = checkRuns.get();
        Eventually.await(DEADLINE, "three more check runs", () -> checkRuns.get() >= runsSoFar + 3);
        assertThat(jobs.list(Set.of(), "itest-check", 0, 10)).hasSize(2);
        assertThat(uploads).hasSize(before);

        String checks = shell("upgradeclient:checks");
        assertThat(checks).contains("itest-check").contains("itest://source/fw/");
        String jobList = shell("upgradeclient:jobs");
        assertThat(jobList).contains("a.20161025.bin").contains("b.20161025.bin").contains("itest-target=DONE");
        assertThat(shell("upgradeclient:dryrun itest-check")).contains("reject itest://source/fw/notes.txt  (not firmware)");
        assertThat(shell("upgradeclient:retry " + done.get(0).id())).contains("is DONE, not FAILED");
        assertThat(shell("upgradeclient:plugins")).contains("checker").contains("itest");

        uploader.unregister();
        downloader.unregister();
        filter.unregister();
        checker.unregister();
        check.delete();
        target.delete();
    }

    /** Runs a command in the Gogo shell, as an operator would type it. */
    private String shell(String command) throws Exception {
        ServiceReference<CommandProcessor> reference = context.getServiceReference(CommandProcessor.class);
        CommandProcessor processor = context.getService(reference);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            Object result = session.execute(command);
            return out.toString(StandardCharsets.UTF_8) + (result == null ? "" : result.toString());
        } finally {
            context.ungetService(reference);
        }
    }

    private static RemoteChange change(String name, String revision) {
        return new RemoteChange(ChangeAction.ADDED, URI.create("itest://source/fw/" + name), name, "", "itest",
                Instant.parse("2016-10-25T08:00:00Z"), revision, -1);
    }

    private static Dictionary<String, Object> type(String type) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PluginKind.TYPE_PROPERTY, type);
        return properties;
    }

    private static Dictionary<String, Object> properties(Map<String, Object> values) {
        return new Hashtable<>(values);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
