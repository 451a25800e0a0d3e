package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A check may name an uploader that is not deployed yet: the assembled distribution watches an inbox folder whose
 * check publishes to an {@code httpput} target; its jobs wait for {@code uploader:httpput} and nothing is sent
 * until the example plugin's jar is dropped into {@code deploy/}; then every job completes and the HTTP server
 * started by the test received exactly the inbox's files.
 */
public class HotDeployUploaderEndToEndIT {
    private static final Path HTTPPUT_PLUGIN = Path.of(System.getProperty("upgradeclient.example.httpput",
            "../bundles/examples/io.upgradeclient.example.httpput/target/io.upgradeclient.example.httpput-0.1.0-SNAPSHOT.jar"));
    private static final List<String> FILES = List.of("fw-a.20161025.bin", "fw-b.20161026.bin", "fw-c.20161027.bin");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /** One PUT as the server saw it. */
    private record Put(String rawPath, byte[] body) {
    }

    private final List<Put> puts = new CopyOnWriteArrayList<>();
    private InstalledDistribution distribution;
    private HttpServer server;
    private Path inbox;

    @Before
    public void install() throws Exception {
        Path work = InstalledDistribution.workFolder(getClass());
        distribution = new InstalledDistribution(work);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::receive);
        server.start();

        inbox = Files.createDirectories(work.resolve("inbox"));
        Random random = new Random(7);
        for (int i = 0; i < FILES.size(); i++) {
            byte[] content = new byte[64 * 1024 + i * 1000];
            random.nextBytes(content);
            Files.write(inbox.resolve(FILES.get(i)), content);
        }
        Path config = distribution.home().resolve("config");
        Files.createDirectories(config.resolve("check"));
        Files.createDirectories(config.resolve("upload"));
        Files.writeString(config.resolve("upload/upload.json"),
                "{\"put\": {\"httpput\": {\"url\": \"http://127.0.0.1:" + server.getAddress().getPort() + "/fw/\"}}}", StandardCharsets.UTF_8);
        Files.writeString(config.resolve("check/inbox.json"), """
                {"name": "inbox", "check_type": "file", "base_url": "%s", "summarize_interval": "1",
                 "revision_seconds": "86400", "check_filter": ["glob"], "include": "*.bin", "stable_seconds": "0",
                 "upload": [{"relation_name": "put", "relation_type": "httpput"}]}""".formatted(inbox.toUri()), StandardCharsets.UTF_8);
    }

    @After
    public void stopLeftovers() {
        distribution.close();
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readAllBytes();
            if ("PUT".equals(exchange.getRequestMethod())) {
                puts.add(new Put(exchange.getRequestURI().getRawPath(), bytes));
            }
        }
        exchange.sendResponseHeaders("PUT".equals(exchange.getRequestMethod()) ? 201 : 405, -1);
        exchange.close();
    }

    @Test
    public void jobsWaitForTheUploaderAndCompleteOnceItIsDeployed() throws Exception {
        Process process = distribution.start();
        Eventually.await(DEADLINE, "every job waiting for uploader:httpput",
                () -> waitingFor().getOrDefault("uploader:httpput", 0) == FILES.size());
        assertThat(puts).as("PUTs before the uploader is deployed").isEmpty();

        Files.copy(HTTPPUT_PLUGIN, distribution.home().resolve("deploy").resolve(HTTPPUT_PLUGIN.getFileName()));
        Eventually.await(DEADLINE, "every job done", () -> jobStates().getOrDefault("DONE", 0) == FILES.size());

        assertThat(jobStates()).containsExactly(Map.entry("DONE", FILES.size()));
        assertThat(puts).extracting(Put::rawPath).containsExactlyInAnyOrderElementsOf(FILES.stream().map(name -> "/fw/" + name).toList());
        for (Put put : puts) {
            Path original = inbox.resolve(put.rawPath().substring("/fw/".length()));
            assertThat(put.body()).as(put.rawPath()).isEqualTo(Files.readAllBytes(original));
        }
        assertThat(distribution.log()).contains("Plugin arrived: uploader type 'httpput' from bundle io.upgradeclient.example.httpput");

        assertThat(distribution.command("stop")).as("exit code of 'upgradeclient stop'").isEqualTo(0);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
        assertThat(process.exitValue()).as("exit code of 'upgradeclient run'").isEqualTo(0);
        assertThat(distribution.log() + distribution.console()).as("log and console output").doesNotContain("Exception");
    }

    /** @return the number of waiting jobs by the plugin they wait for */
    private Map<String, Integer> waitingFor() throws SQLException {
        return distribution.counts("SELECT waiting_for, COUNT(*) FROM jobs WHERE state = 'WAITING' GROUP BY waiting_for");
    }

    private Map<String, Integer> jobStates() throws SQLException {
        return distribution.jobStates();
    }


}
