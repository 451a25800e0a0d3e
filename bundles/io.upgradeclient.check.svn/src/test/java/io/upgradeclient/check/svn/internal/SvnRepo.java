package io.upgradeclient.check.svn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Subversion repository for tests: created with {@code svnadmin}, changed through a working copy,
 * optionally served by {@code svnserve} on loopback with password authentication.
 */
final class SvnRepo implements AutoCloseable {
    private final Path repo;
    private final Path wc;
    private final Path config;
    private Process svnserve;
    private int port;

    private SvnRepo(Path folder) throws Exception {
        this.repo = folder.resolve("repo");
        this.wc = folder.resolve("wc");
        this.config = folder.resolve("client-config");
        run(folder, "svnadmin", "create", repo.toString());
        run(folder, "svn", "checkout", "-q", fileUrl(), wc.toString(), "--config-dir", config.toString());
    }

    static SvnRepo create(Path folder) throws Exception {
        return new SvnRepo(folder);
    }

    /** @return the repository root as a file:// URL */
    String fileUrl() {
        return repo.toUri().toString().replaceFirst("/$", "");
    }

    /** @return the repository root as an svn:// URL of the running svnserve */
    String svnUrl() {
        return "svn://127.0.0.1:" + port;
    }

    /** Writes a file into the working copy (creating its folders); {@link #commit} sends it. */
    SvnRepo write(String path, String content) throws IOException {
        Path file = wc.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return this;
    }

    SvnRepo mkdir(String path) throws IOException {
        Files.createDirectories(wc.resolve(path));
        return this;
    }

    SvnRepo delete(String path) throws Exception {
        svn("rm", "-q", wc.resolve(path).toString());
        return this;
    }

    SvnRepo copy(String from, String to) throws Exception {
        svn("cp", "-q", wc.resolve(from).toString(), wc.resolve(to).toString());
        return this;
    }

    /** Adds everything new and commits; returns the new revision. */
    long commit(String message) throws Exception {
        svn("add", "-q", "--force", wc.toString());
        svn("commit", "-q", "-m", message, wc.toString());
        svn("update", "-q", wc.toString());
        return head();
    }

    long head() throws Exception {
        return Long.parseLong(run(wc, "svnlook", "youngest", repo.toString()).strip());
    }

    /** Back-dates a revision, as if it had been committed then. */
    void setDate(long revision, Instant date) throws Exception {
        Path value = wc.getParent().resolve("date-value");
        Files.writeString(value, date.toString().replace("Z", ".000000Z"));
        run(wc, "svnadmin", "setrevprop", repo.toString(), "-r", Long.toString(revision), "svn:date", value.toString());
    }

    /** Starts svnserve on a free loopback port with anonymous access off and one user. */
    void serve(String user, String password) throws Exception {
        Files.writeString(repo.resolve("conf/svnserve.conf"),
                "[general]\nanon-access = none\nauth-access = write\npassword-db = passwd\nrealm = test\n");
        Files.writeString(repo.resolve("conf/passwd"), "[users]\n" + user + " = " + password + "\n");
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        svnserve = new ProcessBuilder("svnserve", "-d", "--foreground", "--listen-host", "127.0.0.1",
                "--listen-port", Integer.toString(port), "-r", repo.toString())
                .redirectErrorStream(true).redirectOutput(wc.getParent().resolve("svnserve.log").toFile()).start();
        awaitListening(Duration.ofSeconds(10));
    }

    private void awaitListening(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !svnserve.isAlive()) {
                    throw new IllegalStateException("svnserve did not start listening on port " + port, notYet);
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }

    /** Stops svnserve and waits until it is gone. */
    void stopServer() throws Exception {
        if (svnserve != null) {
            svnserve.destroy();
            assertThat(svnserve.waitFor(10, TimeUnit.SECONDS)).isTrue();
            svnserve = null;
        }
    }

    private void svn(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("svn"));
        command.addAll(List.of(args));
        command.addAll(List.of("--config-dir", config.toString()));
        run(wc, command.toArray(String[]::new));
    }

    private static String run(Path dir, String... command) throws Exception {
        Path output = Files.createTempFile("svn-test", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile().isDirectory() ? dir.toFile() : null)
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
            String text = Files.readString(output);
            assertThat(process.exitValue()).as("%s: %s", List.of(command), text).isZero();
            return text;
        } finally {
            Files.delete(output);
        }
    }

    @Override
    public void close() throws Exception {
        stopServer();
    }
}
