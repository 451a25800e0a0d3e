package io.upgradeclient.web.internal.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventQuery;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Not a test: prints latency percentiles of the dashboard data ({@code /api/v1/dashboard}), the first and the
 * 1,000th history page ({@code /ajax/firmware/list?page=1} and {@code page=1000}, 20 rows) over 1,000,000 history
 * rows, each under 50 concurrent clients. The real {@link ApiServlet} on the real SQLite store answers over HTTP:
 * the JDK's {@code com.sun.net.httpserver} (50 handler threads) stands in for Jetty, which needs OSGi, and hands
 * each exchange to the servlet through a minimal request/response adapter; clients are {@link HttpClient}s on
 * loopback. Latency is measured at the client, from sending to the whole body read. Excluded from the build; run it with
 * {@code mvn -B -o test -pl bundles/io.upgradeclient.web -Dgroups=benchmark -DexcludedGroups=none -Dtest=WebBenchmark}.
 * {@code -Dbenchmark.events=N}, {@code -Dbenchmark.clients=N} and {@code -Dbenchmark.requests=N} (per client and
 * endpoint) change the load.
 */
@Tag("benchmark")
class WebBenchmark {
    private static final EventLevel[] LEVELS = {EventLevel.INFO, EventLevel.INFO, EventLevel.INFO, EventLevel.DEBUG,
            EventLevel.WARNING, EventLevel.ERROR};
    private static final String[] COMPONENTS = {"svn", "http", "default", "download", "xm", "rsync"};
    private static final String[] TYPES = {"General", "OEM", "Special", "海思平台", "Cloud"};

    @TempDir
    Path folder;

    @Test
    void dashboardAndHistoryPagesUnderConcurrentClients() throws Exception {
        int events = Integer.getInteger("benchmark.events", 1_000_000);
        int clients = Integer.getInteger("benchmark.clients", 50);
        int requests = Integer.getInteger("benchmark.requests", 20);
        try (Fixture fixture = new Fixture(folder)) {
            fill(fixture, events);
            ApiServlet servlet = new ApiServlet(fixture.history, fixture.jobs, fixture.checks);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            ExecutorService handlers = Executors.newFixedThreadPool(clients);
            server.setExecutor(handlers);
            server.createContext("/", exchange -> serve(servlet, exchange));
            server.start();
            try {
                URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
                System.out.printf("server: com.sun.net.httpserver with %d handler threads driving ApiServlet; %d clients x %d requests per endpoint%n",
                        clients, clients, requests);
                load("GET /api/v1/dashboard", base.resolve("/api/v1/dashboard"), clients, requests);
                load("GET /ajax/firmware/list?page=1", base.resolve("/ajax/firmware/list?page=1"), clients, requests);
                load("GET /ajax/firmware/list?page=1000", base.resolve("/ajax/firmware/list?page=1000"), clients, requests);
            } finally {
                server.stop(0);
                handlers.shutdown();
            }
        }
    }

    /** Spread over the last 180 days, oldest first as they would have been recorded; messages mostly distinct. */
    private static void fill(Fixture fixture, int count) throws InterruptedException {
        Instant now = Instant.now();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Instant at = now.minus(Duration.ofDays(180)).plusMillis((long) ((double) i / count * Duration.ofDays(180).toMillis()));
            fixture.history.record(Event.builder(LEVELS[i % LEVELS.length], "upload", COMPONENTS[i % COMPONENTS.length])
                    .check("xm_" + (i % 20))
                    .change(Fixture.change("fw-" + i + ".bin", TYPES[i % TYPES.length], String.valueOf(i)))
                    .message("upload of fw-" + i + ".bin to rsync://upgrade.example.com/firmware: exit code " + (i % 24))
                    .createdTime(at)
                    .jobId(i / 4)
                    .duration(Duration.ofMillis(i % 5000))
                    .build());
        }
        if (!fixture.history.flush(Duration.ofMinutes(30))) {
            throw new AssertionError("flush timed out");
        }
        System.out.printf("history: %,d rows written in %.1f s%n", fixture.history.search(EventQuery.all()).total(),
                (System.nanoTime() - start) / 1e9);
    }

    private static void load(String what, URI uri, int clients, int requests) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        check(client.send(request, HttpResponse.BodyHandlers.ofString()), what);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Callable<long[]> run = () -> {
                long[] nanos = new long[requests];
                ready.countDown();
                go.await();
                for (int r = 0; r < requests; r++) {
                    long start = System.nanoTime();
                    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                    nanos[r] = System.nanoTime() - start;
                    if (response.statusCode() != 200) {
                        throw new AssertionError(what + " answered " + response.statusCode());
                    }
                }
                return nanos;
            };
            results.add(pool.submit(run));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        long[] all = new long[clients * requests];
        int i = 0;
        for (Future<long[]> result : results) {
            for (long nanos : result.get()) {
                all[i++] = nanos;
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(all);
        System.out.printf("%-36s %5d requests  p50 %8.1f ms  p90 %8.1f ms  p99 %8.1f ms  max %8.1f ms  %7.1f req/s%n", what, all.length,
                percentile(all, 50), percentile(all, 90), percentile(all, 99), all[all.length - 1] / 1e6, all.length / wall);
    }

    private static void check(HttpResponse<String> response, String what) {
        if (response.statusCode() != 200 || !response.body().startsWith("{")) {
            throw new AssertionError(what + " answered " + response.statusCode() + ": " + response.body());
        }
        if (what.contains("firmware") && !response.body().contains("\"rows\":[{")) {
            throw new AssertionError(what + " returned no rows");
        }
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** Hands one exchange to the servlet: path and query in, status, headers and body out. */
    private static void serve(ApiServlet servlet, HttpExchange exchange) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        PrintWriter writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
        int[] status = {200};
        Map<String, String[]> parameters = parameters(exchange.getRequestURI().getRawQuery());
        HttpServletRequest request = proxy(HttpServletRequest.class, (self, method, args) -> switch (method.getName()) {
            case "getMethod" -> exchange.getRequestMethod();
            case "getServletPath" -> exchange.getRequestURI().getPath();
            case "getPathInfo" -> null;
            case "getParameterMap" -> parameters;
            case "getDateHeader" -> -1L;
            default -> throw new UnsupportedOperationException("request." + method.getName());
        });
        HttpServletResponse response = proxy(HttpServletResponse.class, (self, method, args) -> switch (method.getName()) {
            case "setStatus" -> {
                status[0] = (Integer) args[0];
                yield null;
            }
            case "setHeader" -> {
                exchange.getResponseHeaders().set((String) args[0], (String) args[1]);
                yield null;
            }
            case "setContentType" -> {
                exchange.getResponseHeaders().set("Content-Type", (String) args[0] + "; charset=utf-8");
                yield null;
            }
            case "setCharacterEncoding" -> null;
            case "getWriter" -> writer;
            default -> throw new UnsupportedOperationException("response." + method.getName());
        });
        try {
            servlet.service(request, response);
        } catch (jakarta.servlet.ServletException e) {
            throw new IOException(e);
        }
        writer.flush();
        exchange.sendResponseHeaders(status[0], body.size());
        try (OutputStream out = exchange.getResponseBody()) {
            body.writeTo(out);
        }
    }

    private static Map<String, String[]> parameters(String query) {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.put(name, new String[] {value});
            }
        }
        return parameters;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(WebBenchmark.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
