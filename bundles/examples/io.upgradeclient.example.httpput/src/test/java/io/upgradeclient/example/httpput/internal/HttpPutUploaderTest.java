package io.upgradeclient.example.httpput.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.upgradeclient.api.Artifact;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.TargetRef;
import io.upgradeclient.api.TransientException;
import io.upgradeclient.api.UploadReceipt;
import io.upgradeclient.api.UploadTarget;

class HttpPutUploaderTest {

    /** One request as the server saw it. */
    private record Received(String method, String rawPath, String authorization, byte[] body) {
    }

    @TempDir
    Path staging;

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpPutUploader uploader = new HttpPutUploader();
    private volatile int status = 201;
    private volatile String retryAfter;
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::receive);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (InputStream body = exchange.getRequestBody()) {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body.readAllBytes()));
        }
        if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private String serverUrl(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private Path stage(String relative, int size) throws IOException {
        Path file = staging.resolve(relative);
        Files.createDirectories(file.getParent());
        byte[] content = new byte[size];
        new Random(relative.hashCode()).nextBytes(content);
        Files.write(file, content);
        return staging.relativize(file);
    }

    private static UploadTarget target(Map<String, String> settings) {
        return new UploadTarget(new TargetRef("put", "httpput"), settings);
    }

    private Artifact artifact(Path... files) {
        return new Artifact("inbox", staging, List.of(files), List.of());
    }

    @Test
    void putsEachFileBelowTheBaseUrlKeepingItsPercentEncodedRelativePath() throws Exception {
        Path firmware = stage("DEV/2016-10-25/a.20161025.bin", 300_000);
        Path note = stage("notes/Release Note ü#1.txt", 1_000);

        UploadReceipt receipt = uploader.upload(artifact(firmware, note), target(Map.of("url", serverUrl("/fw"))));

        assertThat(received).extracting(Received::method).containsOnly("PUT");
        assertThat(received).extracting(Received::rawPath)
                .containsExactly("/fw/DEV/2016-10-25/a.20161025.bin", "/fw/notes/Release%20Note%20%C3%BC%231.txt");
        assertThat(received.get(0).body()).isEqualTo(Files.readAllBytes(staging.resolve(firmware)));
        assertThat(received.get(1).body()).isEqualTo(Files.readAllBytes(staging.resolve(note)));
        assertThat(received).extracting(Received::authorization).containsOnlyNulls();
        assertThat(receipt.bytes()).isEqualTo(301_000);
        assertThat(receipt.detail()).isEqualTo("PUT 2 file(s) below " + serverUrl("/fw/"));
    }

    @Test
    void sendsBasicCredentialsAndNeverShowsThePassword() throws Exception {
        Path firmware = stage("a.bin", 10);
        Map<String, String> settings = Map.of("url", serverUrl("/fw/"), "username", "fw-bot", "password", "s3cr3t!");

        UploadReceipt receipt = uploader.upload(artifact(firmware), target(settings));
        status = 403;
        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target(settings)))
                .isInstanceOf(PermanentException.class)
                .hasMessageContaining("HTTP 403").hasMessageContaining("access refused")
                .hasMessageNotContaining("s3cr3t!");

        String basic = "Basic " + Base64.getEncoder().encodeToString("fw-bot:s3cr3t!".getBytes(StandardCharsets.UTF_8));
        assertThat(received).extracting(Received::authorization).containsExactly(basic, basic);
        assertThat(receipt.detail()).doesNotContain("s3cr3t!").doesNotContain("fw-bot");
    }

    @Test
    void serverErrorsAndTooManyRequestsAreTransient() throws Exception {
        Path firmware = stage("a.bin", 10);
        UploadTarget target = target(Map.of("url", serverUrl("/fw/")));

        status = 500;
        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target))
                .isInstanceOfSatisfying(TransientException.class, e -> assertThat(e.retryAfter()).isEmpty())
                .hasMessageContaining(serverUrl("/fw/a.bin") + ": HTTP 500");
        status = 429;
        retryAfter = "7";
        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target))
                .isInstanceOfSatisfying(TransientException.class, e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)))
                .hasMessageContaining("HTTP 429, retry after 7 s");
        status = 503;
        retryAfter = null;
        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target)).isInstanceOf(TransientException.class);
    }

    @Test
    void clientErrorsArePermanent() throws Exception {
        Path firmware = stage("a.bin", 10);
        UploadTarget target = target(Map.of("url", serverUrl("/fw/")));

        status = 404;
        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target))
                .isInstanceOf(PermanentException.class).hasMessageContaining(serverUrl("/fw/a.bin") + ": HTTP 404");
        status = 401;
        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target))
                .isInstanceOf(PermanentException.class).hasMessageContaining("HTTP 401");
    }

    @Test
    void unreachableServerIsTransient() throws Exception {
        Path firmware = stage("a.bin", 10);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target(Map.of("url", "http://127.0.0.1:" + closedPort + "/fw/"))))
                .isInstanceOf(TransientException.class).hasMessageContaining("PUT http://127.0.0.1:" + closedPort + "/fw/a.bin failed");
    }

    @Test
    void stopsAtTheFirstFailedFileSoTheEngineRetriesTheWholeArtifact() throws Exception {
        Path first = stage("a.bin", 10);
        Path second = stage("b.bin", 10);
        status = 502;

        assertThatThrownBy(() -> uploader.upload(artifact(first, second), target(Map.of("url", serverUrl("/fw/")))))
                .isInstanceOf(TransientException.class);

        assertThat(received).extracting(Received::rawPath).containsExactly("/fw/a.bin");
    }

    @Test
    void refusesUnsafeFileNamesBeforeSendingAnything() throws Exception {
        UploadTarget target = target(Map.of("url", serverUrl("/fw/")));
        Path climbing = Path.of("a/../b.bin");
        Path control = Path.of("DEV", "a\u0001.bin");

        assertThatThrownBy(() -> uploader.upload(artifact(climbing), target)).isInstanceOf(PermanentException.class)
                .hasMessageContaining("unsafe name");
        assertThatThrownBy(() -> uploader.upload(artifact(control), target)).isInstanceOf(PermanentException.class)
                .hasMessageContaining("unsafe name");
        assertThat(received).isEmpty();
    }

    @Test
    void missingStagedFileIsPermanent() {
        assertThatThrownBy(() -> uploader.upload(artifact(Path.of("gone.bin")), target(Map.of("url", serverUrl("/fw/")))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("gone.bin is missing from the staging area");
        assertThat(received).isEmpty();
    }

    @Test
    void rejectsSettingsThatCannotWorkWithoutShowingSecrets() throws Exception {
        Path firmware = stage("a.bin", 10);
        Map<String, String> withPasswordInUrl = Map.of("url", "http://fw-bot:hunter2@127.0.0.1:" + server.getAddress().getPort() + "/fw/");

        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target(Map.of())))
                .isInstanceOf(PermanentException.class).hasMessageContaining("setting 'url' is missing");
        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target(Map.of("url", "ftp://127.0.0.1/fw/"))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("expected an http: or https: URL");
        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target(withPasswordInUrl)))
                .isInstanceOf(PermanentException.class).hasMessageContaining("must not contain user info")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target(Map.of("url", "http://u:hunter2@bad host/"))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("setting 'url' is not a URL")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> uploader.upload(artifact(firmware), target(Map.of("url", serverUrl("/fw/"), "timeout_seconds", "0"))))
                .isInstanceOf(PermanentException.class).hasMessageContaining("setting 'timeout_seconds' is '0'");
        assertThat(received).isEmpty();
    }
}
