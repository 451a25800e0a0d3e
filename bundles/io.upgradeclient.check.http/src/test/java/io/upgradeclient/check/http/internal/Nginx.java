package io.upgradeclient.check.http.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx on a free loopback port, serving a folder with {@code autoindex on}: HTML listings below {@code /}
 * and the same tree as {@code autoindex_format json} below {@code /json/}. Configuration, pid file, logs and temp
 * folders all live in the given folder; nginx runs as one process in the foreground ({@code master_process off}),
 * so that {@link #close()} stops all of it. The access log records, per request, the status, the conditional
 * headers the client sent and the validators nginx sent back.
 */
final class Nginx implements AutoCloseable {
    /** The command as in scripts/test's tool list (Debian package nginx-light or nginx). */
    static final String COMMAND = "nginx";

    /**
     * One line of the access log.
     *
     * @param status the status nginx answered
     * @param method the request method
     * @param uri the request URI as sent (percent-encoded)
     * @param ifNoneMatch the client's {@code If-None-Match}, or {@code null}
     * @param ifModifiedSince the client's {@code If-Modified-Since}, or {@code null}
     * @param etag the {@code ETag} nginx sent, or {@code null}
     * @param lastModified the {@code Last-Modified} nginx sent, or {@code null}
     */
    record Request(int status, String method, String uri, String ifNoneMatch, String ifModifiedSince, String etag, String lastModified) {
        boolean conditional() {
            return ifNoneMatch != null || ifModifiedSince != null;
        }
    }

    private final Path folder;
    private final Path root;
    private final Path accessLog;
    private final Process process;
    private final int port;
    private int requestsRead;

    private Nginx(Path folder) throws IOException, InterruptedException {
        this.folder = folder;
        this.root = Files.createDirectories(folder.resolve("www"));
        this.accessLog = folder.resolve("access.log");
        Files.createDirectories(folder.resolve("temp"));
        port = freePort();
        Path conf = folder.resolve("nginx.conf");
        Files.writeString(conf, config(), StandardCharsets.UTF_8);
        process = new ProcessBuilder(command(), "-e", errorLog().toString(), "-c", conf.toString(), "-p", folder + "/")
                .redirectErrorStream(true).redirectOutput(folder.resolve("nginx.out").toFile()).start();
        awaitListening(Duration.ofSeconds(10));
    }

    /** Starts nginx serving {@code folder/www}; fill it with {@link #root()} before or after. */
    static Nginx start(Path folder) throws IOException, InterruptedException {
        return new Nginx(folder);
    }

    /** The folder served at {@code /} (HTML) and {@code /json/} (JSON). */
    Path root() {
        return root;
    }

    int port() {
        return port;
    }

    /** @param path an encoded path such as {@code /fw/} */
    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * Waits until nginx has logged {@code count} requests more than the last call returned (it writes a line once
     * it has sent the reply, so the client may see the reply a moment before the line exists) and returns them.
     */
    List<Request> nextRequests(int count, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> lines = logLines();
        while (lines.size() < requestsRead + count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nginx logged " + (lines.size() - requestsRead) + " of " + count
                        + " expected requests: " + lines.subList(requestsRead, lines.size()));
            }
            TimeUnit.MILLISECONDS.sleep(10);
            lines = logLines();
        }
        List<Request> requests = new ArrayList<>();
        for (String line : lines.subList(requestsRead, lines.size())) {
            String[] fields = line.split("\t", -1);
            requests.add(new Request(Integer.parseInt(fields[0]), fields[1], fields[2], value(fields[3]), value(fields[4]),
                    value(fields[5]), value(fields[6])));
        }
        requestsRead = lines.size();
        return requests;
    }

    private List<String> logLines() throws IOException {
        if (!Files.exists(accessLog)) {
            return List.of();
        }
        // Only whole lines: nginx may be in the middle of writing the last one.
        String text = Files.readString(accessLog, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    }

    private static String value(String field) {
        return "-".equals(field) ? null : field;
    }

    private String config() {
        String base = folder.toAbsolutePath() + "/";
        StringBuilder conf = new StringBuilder()
                .append("daemon off;\nmaster_process off;\n")
                .append("pid ").append(base).append("nginx.pid;\n")
                .append("error_log ").append(errorLog()).append(" warn;\n")
                .append("events { worker_connections 256; }\n")
                .append("http {\n")
                .append("  log_format probe \"$status\\t$request_method\\t$request_uri\\t$http_if_none_match\\t$http_if_modified_since")
                .append("\\t$sent_http_etag\\t$sent_http_last_modified\";\n")
                .append("  access_log ").append(accessLog.toAbsolutePath()).append(" probe;\n");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            conf.append("  ").append(temp).append("_temp_path ").append(base).append("temp/").append(temp).append(";\n");
        }
        return conf.append("  server {\n")
                .append("    listen 127.0.0.1:").append(port).append(";\n")
                .append("    location / { root ").append(root.toAbsolutePath()).append("; autoindex on; }\n")
                .append("    location /json/ { alias ").append(root.toAbsolutePath())
                .append("/; autoindex on; autoindex_format json; }\n")
                .append("  }\n}\n").toString();
    }

    private Path errorLog() {
        return folder.toAbsolutePath().resolve("error.log");
    }

    /** nginx lives in /usr/sbin, which is not on every user's PATH. */
    private static String command() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/usr/local/sbin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, COMMAND)).filter(Files::isExecutable).findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("nginx is not installed (Debian: apt-get install nginx-light)"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening(Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    process.destroy();
                    throw new IllegalStateException("nginx did not start listening on port " + port + ": "
                            + Files.readString(folder.resolve("nginx.out")) + readIfExists(errorLog()), notYet);
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** Stops nginx (SIGTERM) and waits until it is gone. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
