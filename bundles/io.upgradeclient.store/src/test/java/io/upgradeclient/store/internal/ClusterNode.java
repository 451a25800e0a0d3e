package io.upgradeclient.store.internal;

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
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One node of {@link ClusterBenchmark}: a copy of the assembled distribution (without its {@code var/}) in a folder
 * of its own, configured for a shared PostgreSQL database, run through {@code bin/upgradeclient run} on a free
 * loopback port.
 */
final class ClusterNode implements AutoCloseable {
    /** What {@link SqlJobQueue#claim} logs at DEBUG for each job it claims. */
    private static final Pattern CLAIMED = Pattern.compile("\\| SqlJobQueue \\| Claimed job \\d+ in (\\d+) us$", Pattern.MULTILINE);

    private final Path home;
    private final String name;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    /**
     * @param distribution the assembled distribution
     * @param home where this node's copy goes
     * @param name the node's name
     */
    ClusterNode(Path distribution, Path home, String name) throws IOException {
        this.home = home;
        this.name = name;
        this.port = freePort();
        Path skipped = distribution.resolve("var");
        try (Stream<Path> paths = Files.walk(distribution)) {
            for (Path source : paths.filter(path -> !path.startsWith(skipped)).toList()) {
                Path target = home.resolve(distribution.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * Points the node at the shared database, the inbox (a {@code file} check, every second) and the published
     * folder (a {@code dir} target), instead of the shipped examples; logs its claims.
     */
    void configure(String url, String user, Path inbox, Path published) throws IOException {
        Path config = home.resolve("config");
        for (String folder : List.of("check", "upload")) {
            try (Stream<Path> shipped = Files.list(config.resolve(folder))) {
                for (Path file : shipped.toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.writeString(config.resolve("upload/upload.json"), "{\"published\": {\"dir\": {\"path\": \"" + published + "\"}}}",
                StandardCharsets.UTF_8);
        Files.writeString(config.resolve("check/inbox.json"), """
                {"name": "inbox", "check_type": "file", "base_url": "%s", "summarize_interval": "1",
                 "revision_seconds": "86400", "check_filter": ["glob"], "include": "*.bin", "stable_seconds": "0",
                 "upload": [{"relation_name": "published", "relation_type": "dir"}]}""".formatted(inbox.toUri()),
                StandardCharsets.UTF_8);
        Files.writeString(config.resolve("upgradeclient.yaml"), """

                store:
                  type: postgresql
                  url: %s
                  user: %s
                node:
                  name: %s
                """.formatted(url, user, name), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(config.resolve("org.ops4j.pax.logging.cfg"), """

                log4j2.logger.claims.name = io.upgradeclient.store.internal.SqlJobQueue
                log4j2.logger.claims.level = DEBUG
                """, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Starts {@code bin/upgradeclient run}; see {@link #healthy()} for when it is up. */
    void start() throws IOException {
        ProcessBuilder run = new ProcessBuilder(home.resolve("bin/upgradeclient").toString(), "run").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("console.out").toFile());
        run.environment().put("JAVA_OPTS", "-Dorg.osgi.service.http.port=" + port);
        process = run.start();
    }

    /** @return whether {@code /health} answers 200 */
    boolean healthy() throws InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Node " + name + " exited with " + process.exitValue() + "; see " + home);
        }
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return how long each of this node's claims that got a job took, in microseconds, from its log */
    List<Long> claimMicros() throws IOException {
        List<Long> micros = new ArrayList<>();
        try (Stream<Path> logs = Files.list(home.resolve("var/log"))) {
            for (Path log : logs.filter(file -> file.getFileName().toString().startsWith("upgradeclient.log")).toList()) {
                Matcher claimed = CLAIMED.matcher(Files.readString(log, StandardCharsets.UTF_8));
                while (claimed.find()) {
                    micros.add(Long.parseLong(claimed.group(1)));
                }
            }
        }
        return micros;
    }

    /** Stops the node as an operator does, and kills it if that does not end it within a minute. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        new ProcessBuilder(home.resolve("bin/upgradeclient").toString(), "stop").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
