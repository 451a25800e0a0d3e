package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * {@code web.port} of {@code upgradeclient.yaml} changed while the distribution runs: to a free port the web UI
 * moves there without an error or a stack trace in the log; to a port another program holds the change is refused
 * with one clear line and the web UI keeps answering where it was (Felix HTTP Jetty 12 would fail to bind, log its
 * own {@code NullPointerException} and leave the web UI down).
 */
public class WebPortEndToEndIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private InstalledDistribution distribution;

    @Before
    public void install() throws Exception {
        distribution = new InstalledDistribution(
                InstalledDistribution.workFolder(getClass()));
    }

    @After
    public void killLeftovers() {
        distribution.close();
    }

    @Test
    public void aFreePortIsTakenQuietlyAndAPortInUseIsRefusedInOneLine() throws Exception {
        distribution.start();
        Path yaml = distribution.home().resolve("config/upgradeclient.yaml");
        String shipped = Files.readString(yaml);

        int moved = TestSupport.freePort();
        save(yaml, shipped + "\nweb:\n  port: " + moved + "\n");
        Eventually.await(DEADLINE, "the web UI on the new port " + moved, () -> health(moved) == 200);
        Eventually.await(DEADLINE, "the old port " + distribution.baseUrl().getPort() + " closed",
                () -> health(distribution.baseUrl().getPort()) == -1);
        assertThat(distribution.log()).as("the log after moving to a free port")
                .doesNotContain(" ERROR ").doesNotContain("Exception").doesNotContain("\tat ");

        try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int taken = other.getLocalPort();
            save(yaml, shipped + "\nweb:\n  port: " + taken + "\n");
            String refusal = "web.port " + taken + " is not applied: the port is in use on 127.0.0.1 (or cannot be bound there);"
                    + " the web server stays on port " + moved + ". Free the port or choose another, then save the file again";
            Eventually.await(DEADLINE, "the refusal in the log", () -> distribution.log().contains(refusal));

            String log = distribution.log();
            assertThat(log.substring(log.indexOf(refusal))).as("the web server's configuration is left alone")
                    .doesNotContain("configuration org.apache.felix.http");
            // the rest of the file applies, and a settings change restarts the engine: /health is 503 for a moment
            Eventually.await(DEADLINE, "the web UI answering on " + moved, () -> health(moved) == 200);
            log = distribution.log();
            assertThat(log.lines().filter(line -> line.contains(" ERROR "))).as("ERROR lines")
                    .singleElement().asString().contains(yaml + ": " + refusal);
            assertThat(log).doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(asAdmin(moved, "/api/v1/events?limit=1000")).as("the refusal is in the history too")
                    .contains("web.port " + taken + " is not applied");
        }
    }

    /** Saves the way the guide says: a new file renamed over the old one. */
    private static void save(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private String asAdmin(int port, String path) throws IOException, InterruptedException {
        String password = Files.readString(distribution.home().resolve("var/webconsole-password")).strip();
        String basic = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** @return the status of {@code /health} on the port, -1 when nothing answers there */
    private int health(int port) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
