package io.upgradeclient.check.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback serving listing pages by path, with ETag / Last-Modified validators and 304
 * replies like a web server's static file handler. It records every request and the most requests it ever had in
 * flight at once.
 */
final class ListingServer implements AutoCloseable {

    /** One request as the server saw it, with the status it answered. */
    record Request(String path, String ifNoneMatch, String ifModifiedSince, String authorization, int status) {
        boolean conditional() {
            return ifNoneMatch != null || ifModifiedSince != null;
        }
    }

    private record Page(String contentType, byte[] body, Instant lastModified, String etag) {
    }

    private record Failure(int status, Map<String, String> headers) {
    }

    static final Instant PAGE_TIME = Instant.parse("2016-10-26T10:05:00Z");

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY every reply with a body waits
        // for the client's delayed ACK (40 ms), which real web servers avoid and which would swamp the timings.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final Map<String, Boolean> hanging = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Object inFlightLock = new Object();
    private int inFlight;
    private int maxInFlight;
    private volatile String requiredAuthorization;
    private volatile int holdBelow;
    private volatile long holdMillis;

    private ListingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static ListingServer start() throws IOException {
        return new ListingServer();
    }

    int port() {
        return server.getAddress().getPort();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Serves a page at a decoded path (e.g. {@code /fw/海思平台/}). */
    void page(String path, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        pages.put(path, new Page(contentType, bytes, PAGE_TIME, "\"" + sha256(bytes).substring(0, 16) + "\""));
    }

    /** Serves a fixture from {@code src/test/resources/listings}. */
    void fixture(String path, String name) {
        page(path, name.endsWith(".json") ? "application/json" : "text/html;charset=utf-8", resource(name));
    }

    /** Answers requests for a path with a status and headers instead of the page. */
    void fail(String path, int status, Map<String, String> headers) {
        failures.put(path, new Failure(status, headers));
    }

    /** Never answers requests for a path (until the server stops). */
    void hang(String path) {
        hanging.put(path, Boolean.TRUE);
    }

    void requireAuthorization(String value) {
        requiredAuthorization = value;
    }

    /**
     * Makes each request wait, up to {@code millis}, until more than {@code limit} requests are in flight: a client
     * that respects the limit waits it out, one that does not is caught with more than {@code limit} in flight.
     */
    void holdRequests(int limit, long millis) {
        holdBelow = limit;
        holdMillis = millis;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    int maxInFlight() {
        synchronized (inFlightLock) {
            return maxInFlight;
        }
    }

    static String resource(String name) {
        try (InputStream in = ListingServer.class.getResourceAsStream("/listings/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An nginx autoindex page, as nginx writes it, for generated trees. */
    static String nginxPage(String path, List<String> dirs, Map<String, Long> files, Instant time) {
        String date = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm", java.util.Locale.ROOT).format(time.atZone(ZoneOffset.UTC));
        StringBuilder page = new StringBuilder("<html>\r\n<head><title>Index of ").append(path)
                .append("</title></head>\r\n<body>\r\n<h1>Index of ").append(path).append("</h1><hr><pre><a href=\"../\">../</a>\r\n");
        for (String dir : dirs) {
            page.append("<a href=\"").append(dir).append("/\">").append(dir).append("/</a>")
                    .append(" ".repeat(Math.max(1, 51 - dir.length()))).append(date).append("                   -\r\n");
        }
        files.forEach((name, size) -> page.append("<a href=\"").append(name).append("\">").append(name).append("</a>")
                .append(" ".repeat(Math.max(1, 51 - name.length()))).append(date).append(String.format(" %19d", size)).append("\r\n"));
        return page.append("</pre><hr></body>\r\n</html>\r\n").toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        enter();
        try (exchange) {
            hold();
            String path = exchange.getRequestURI().getPath();
            String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
            String ifModifiedSince = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (hanging.containsKey(path)) {
                requests.add(new Request(path, ifNoneMatch, ifModifiedSince, authorization, 0));
                waitForStop();
                return;
            }
            String required = requiredAuthorization;
            Failure failure = failures.get(path);
            Page page = pages.get(path);
            int status;
            if (required != null && !required.equals(authorization)) {
                status = 401;
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"firmware\"");
            } else if (failure != null) {
                status = failure.status();
                failure.headers().forEach(exchange.getResponseHeaders()::add);
            } else if (page == null) {
                status = 404;
            } else if (ifNoneMatch != null ? ifNoneMatch.equals(page.etag()) : notModifiedSince(page, ifModifiedSince)) {
                status = 304;
            } else {
                status = 200;
            }
            requests.add(new Request(path, ifNoneMatch, ifModifiedSince, authorization, status));
            if (page != null && (status == 200 || status == 304)) {
                exchange.getResponseHeaders().add("ETag", page.etag());
                exchange.getResponseHeaders().add("Last-Modified",
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(page.lastModified().atZone(ZoneOffset.UTC)));
            }
            if (status == 200) {
                exchange.getResponseHeaders().add("Content-Type", page.contentType());
                exchange.sendResponseHeaders(200, page.body().length);
                exchange.getResponseBody().write(page.body());
            } else {
                exchange.sendResponseHeaders(status, -1);
            }
        } finally {
            leave();
        }
    }

    private static boolean notModifiedSince(Page page, String ifModifiedSince) {
        if (ifModifiedSince == null) {
            return false;
        }
        try {
            Instant since = ZonedDateTime.parse(ifModifiedSince, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return !page.lastModified().isAfter(since);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private void enter() {
        synchronized (inFlightLock) {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            inFlightLock.notifyAll();
        }
    }

    private void leave() {
        synchronized (inFlightLock) {
            inFlight--;
        }
    }

    private void hold() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(holdMillis);
        synchronized (inFlightLock) {
            long remaining;
            while (holdMillis > 0 && inFlight <= holdBelow && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(inFlightLock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void waitForStop() {
        synchronized (inFlightLock) {
            while (!executor.isShutdown()) {
                try {
                    inFlightLock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
