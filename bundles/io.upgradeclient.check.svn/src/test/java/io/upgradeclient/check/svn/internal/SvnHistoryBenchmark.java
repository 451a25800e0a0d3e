package io.upgradeclient.check.svn.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.CheckResult;
import io.upgradeclient.api.Checkpoint;
import io.upgradeclient.api.Credentials;

/**
 * Not a test: shows that the check after one new commit costs the same in a repository with 5,000 revisions as in
 * one with 50. Both repositories are loaded from a generated dump stream ({@code svnadmin load}): r1 creates 50
 * model folders below {@code trunk}, every later revision adds one firmware file to one of them. Each round then
 * commits one new file with {@code svnmucc} and times the check from the previous HEAD, over {@code file://} and
 * over {@code svn://} (a local {@code svnserve}). For contrast it also times a check from r0, whose {@code svn log}
 * covers the whole history. The repositories live on tmpfs ({@code /dev/shm}) where there is one. Arguments:
 * [rounds] (default 5).
 */
public final class SvnHistoryBenchmark {
    private static final int MODELS = 50;
    private static final int WARM_UP = 5;
    private static final Instant HISTORY_START = Instant.parse("2016-01-01T00:00:00Z");

    private SvnHistoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path folder = Files.createTempDirectory(tmpfs(), "svn-history-benchmark");
        System.out.println("repositories in " + folder);
        Process svnserve = null;
        try {
            List<Integer> sizes = List.of(50, 5000);
            for (int revisions : sizes) {
                long start = System.nanoTime();
                load(folder, "r" + revisions, revisions);
                System.out.printf("repository r%d: %d revisions loaded from a generated dump in %d ms%n", revisions, revisions,
                        (System.nanoTime() - start) / 1_000_000);
            }
            int port = freePort();
            svnserve = new ProcessBuilder("svnserve", "-d", "--foreground", "--listen-host", "127.0.0.1", "--listen-port",
                    Integer.toString(port), "-r", folder.toString())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("svnserve.log").toFile()).start();
            awaitListening(svnserve, port);
            SvnChecker checker = new SvnChecker("svn", Duration.ofSeconds(120), Clock.systemUTC(), line -> { });
            // The checker runs in a long-lived service: warm the JVM up before the first measured check.
            String warmUp = folder.resolve("r" + sizes.get(0)).toUri().toString().replaceFirst("/$", "");
            for (int i = 0; i < WARM_UP; i++) {
                checker.check(check(warmUp), new Checkpoint("1", Instant.now()));
            }
            Map<Integer, Long> overSvnServe = new TreeMap<>();
            for (int revisions : sizes) {
                String name = "r" + revisions;
                Path repo = folder.resolve(name);
                String fileUrl = repo.toUri().toString().replaceFirst("/$", "");
                for (String root : List.of(fileUrl, "svn://127.0.0.1:" + port + "/" + name)) {
                    List<Long> times = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        long before = commitOne(folder, fileUrl, round);
                        long start = System.nanoTime();
                        CheckResult result = checker.check(check(root), new Checkpoint(Long.toString(before), Instant.now()));
                        times.add((System.nanoTime() - start) / 1000);
                        require(result.changes().size() == 1, root + ": one new commit gave " + result.changes().size() + " changes");
                    }
                    long start = System.nanoTime();
                    CheckResult all = checker.check(check(root), new Checkpoint("0", Instant.now()));
                    long allMicros = (System.nanoTime() - start) / 1000;
                    System.out.printf("%-9s %5d revisions: check after one new commit median %.1f ms of %s ms; "
                            + "check from r0 (whole history, %d files) %.1f ms%n", root.substring(0, root.indexOf(':')), revisions,
                            median(times) / 1000.0, millis(times), all.changes().size(), allMicros / 1000.0);
                    if (root.startsWith("svn:")) {
                        overSvnServe.put(revisions, median(times));
                    }
                }
            }
            // the design's target: the cost grows with the new revisions, not with the length of the history
            System.out.printf("svn: %.2fx the same check with %d revisions of history, svn:// after one new commit at %d "
                    + "revisions (goal <= 1.5)%n", (double) overSvnServe.get(sizes.get(1)) / overSvnServe.get(sizes.get(0)),
                    sizes.get(0), sizes.get(1));
        } finally {
            if (svnserve != null) {
                svnserve.destroy();
                svnserve.waitFor(10, TimeUnit.SECONDS);
            }
            delete(folder);
        }
    }

    /**
     * Loading runs about 15 times faster on tmpfs: FSFS writes some 90 small files per revision, which costs
     * minutes for 5,000 revisions on a disk. The checks themselves read only the few newest revisions either way.
     */
    private static Path tmpfs() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static CheckDefinition check(String root) {
        return new CheckDefinition("bench", "svn", URI.create(root + "/trunk"), Credentials.NONE, "", Duration.ofDays(30),
                Duration.ofSeconds(15), List.of("default"), List.of(), "", List.of(), "", Map.of());
    }

    /** Creates {@code folder/name} with {@code revisions} revisions, loaded from a dump stream written here. */
    private static void load(Path folder, String name, int revisions) throws Exception {
        Path repo = folder.resolve(name);
        run(folder, null, "svnadmin", "create", repo.toString());
        Path dump = folder.resolve(name + ".dump");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dump), 1 << 16)) {
            write(out, "SVN-fs-dump-format-version: 2\n\nUUID: " + UUID.randomUUID() + "\n\n");
            revision(out, 0, null, null);
            revision(out, 1, "alice", "model folders");
            directory(out, "trunk");
            for (int model = 0; model < MODELS; model++) {
                directory(out, "trunk/IPC_MODEL_" + model);
            }
            for (int r = 2; r <= revisions; r++) {
                revision(out, r, "alice", "firmware " + r);
                byte[] content = ("firmware of revision " + r + "\n").getBytes(StandardCharsets.UTF_8);
                write(out, "Node-path: trunk/IPC_MODEL_" + r % MODELS + "/IPC_MODEL_V4.02.R11." + r + "_all.bin\n"
                        + "Node-kind: file\nNode-action: add\nProp-content-length: 10\nText-content-length: " + content.length
                        + "\nContent-length: " + (10 + content.length) + "\n\nPROPS-END\n");
                out.write(content);
                write(out, "\n\n");
            }
        }
        run(folder, dump, "svnadmin", "load", "-q", "--no-flush-to-disk", repo.toString());
        Files.delete(dump);
    }

    private static void revision(OutputStream out, int number, String author, String message) throws IOException {
        String date = HISTORY_START.plus(number, ChronoUnit.HOURS).toString().replace("Z", ".000000Z");
        StringBuilder props = new StringBuilder();
        if (author != null) {
            props.append(property("svn:author", author)).append(property("svn:log", message));
        }
        props.append(property("svn:date", date)).append("PROPS-END\n");
        int length = props.toString().getBytes(StandardCharsets.UTF_8).length;
        write(out, "Revision-number: " + number + "\nProp-content-length: " + length + "\nContent-length: " + length
                + "\n\n" + props + "\n");
    }

    private static void directory(OutputStream out, String path) throws IOException {
        write(out, "Node-path: " + path + "\nNode-kind: dir\nNode-action: add\nProp-content-length: 10\nContent-length: 10\n\n"
                + "PROPS-END\n\n\n");
    }

    private static String property(String key, String value) {
        return "K " + key.getBytes(StandardCharsets.UTF_8).length + "\n" + key + "\nV "
                + value.getBytes(StandardCharsets.UTF_8).length + "\n" + value + "\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Commits one new file with svnmucc (a real commit through the repository layer) and returns the HEAD before it. */
    private static long commitOne(Path folder, String rootUrl, int round) throws Exception {
        String repo = URI.create(rootUrl).getPath();
        long head = Long.parseLong(run(folder, null, "svnlook", "youngest", repo).strip());
        Path content = Files.writeString(folder.resolve("new.bin"), "new firmware " + head);
        run(folder, null, "svnmucc", "-m", "new firmware", "--config-dir", folder.resolve("svn-config").toString(),
                "put", content.toString(), rootUrl + "/trunk/IPC_MODEL_" + round + "/IPC_MODEL_V4.02.R12." + head + "_all.bin");
        return head;
    }

    private static String run(Path folder, Path input, String... command) throws Exception {
        Path output = folder.resolve("command.out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process process = builder.start();
        require(process.waitFor(600, TimeUnit.SECONDS), List.of(command) + " did not finish within 600 s");
        String text = Files.readString(output);
        require(process.exitValue() == 0, List.of(command) + " failed: " + text);
        return text;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(Process server, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                require(server.isAlive() && System.nanoTime() < deadline, "svnserve did not start listening on port " + port);
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    private static long median(List<Long> times) {
        return times.stream().sorted().toList().get(times.size() / 2);
    }

    private static List<String> millis(List<Long> micros) {
        return micros.stream().map(t -> String.format("%.1f", t / 1000.0)).toList();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
