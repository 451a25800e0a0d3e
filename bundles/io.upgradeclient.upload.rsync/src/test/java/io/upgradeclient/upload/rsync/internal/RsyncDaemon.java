package io.upgradeclient.upload.rsync.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code rsync --daemon} on 127.0.0.1 with one module {@code files} that needs user {@value #USER}. Shared
 * with the end-to-end tests through this module's test jar.
 */
public final class RsyncDaemon implements AutoCloseable {
    /** The user the module accepts. */
    public static final String USER = "uploader";
    /** The module's name. */
    public static final String MODULE = "files";

    /** How the daemon logs each file it receives, read back by {@link #received()}; the name last, as it may hold spaces. */
    private static final String TRANSFER_LOG_FORMAT = "transfer %o %l %b %f";
    private static final Pattern RECEIVED = Pattern.compile("\\] transfer recv (\\d+) (\\d+) (.*)$");

    /**
     * A file the daemon received, from its transfer log.
     *
     * @param file the file's path in the module
     * @param size the file's size
     * @param bytes the bytes that crossed the wire for it: less than {@code size} when rsync's delta transfer
     *        reused data the daemon already had, e.g. a partial file of an interrupted transfer
     */
    public record Received(String file, long size, long bytes) {
    }

    /** The folder the module writes into. */
    public final Path module;
    /** The daemon's port on 127.0.0.1. */
    public final int port;
    private final Process process;
    private final Path folder;

    private RsyncDaemon(Path folder, Path module, int port, Process process) {
        this.folder = folder;
        this.module = module;
        this.port = port;
        this.process = process;
    }

    /**
     * @param folder where the daemon's configuration, secrets, log and module live
     * @param password the password of {@value #USER}
     * @return the daemon, listening on a free port
     */
    public static RsyncDaemon start(Path folder, String password) throws Exception {
        return start(folder, password, freePort());
    }

    /**
     * Starts a daemon on a given port, e.g. again on the port of one that was {@linkplain #close() closed}, with
     * the module it left behind.
     *
     * @param folder where the daemon's configuration, secrets, log and module live
     * @param password the password of {@value #USER}
     * @param port the port on 127.0.0.1
     * @return the daemon, listening
     */
    public static RsyncDaemon start(Path folder, String password, int port) throws Exception {
        Path module = Files.createDirectories(folder.resolve("module"));
        Path secrets = folder.resolve("rsyncd.secrets");
        Files.writeString(secrets, USER + ":" + password + "\n");
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        Object uid = Files.getAttribute(folder, "unix:uid");
        Object gid = Files.getAttribute(folder, "unix:gid");
        Path config = folder.resolve("rsyncd.conf");
        // uid/gid: a daemon started by root would otherwise drop to 'nobody', who cannot write into the test folder
        Files.writeString(config, String.join("\n",
                "use chroot = no",
                "uid = " + uid,
                "gid = " + gid,
                "pid file = " + folder.resolve("rsyncd.pid"),
                "log file = " + folder.resolve("rsyncd.log"),
                "[" + MODULE + "]",
                "path = " + module,
                "read only = no",
                "auth users = " + USER,
                "transfer logging = yes",
                "log format = " + TRANSFER_LOG_FORMAT,
                "secrets file = " + secrets,
                ""));
        Process process = new ProcessBuilder("rsync", "--daemon", "--no-detach", "--config=" + config, "--address=127.0.0.1",
                "--port=" + port).redirectErrorStream(true).redirectOutput(folder.resolve("rsyncd.out").toFile()).start();
        RsyncDaemon daemon = new RsyncDaemon(folder, module, port, process);
        try {
            daemon.awaitListening(Duration.ofSeconds(10));
        } catch (Exception e) {
            daemon.close();
            throw e;
        }
        return daemon;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitListening(Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rsync daemon exited with " + process.exitValue() + ": "
                        + Files.readString(folder.resolve("rsyncd.out")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("rsync daemon not listening on port " + port + " within " + limit);
                }
                Thread.sleep(20);
            }
        }
    }

    /** @return the files in the module, relative to it, sorted */
    public List<Path> filesInModule() throws IOException {
        try (var walk = Files.walk(module)) {
            return walk.filter(Files::isRegularFile).map(module::relativize).sorted().toList();
        }
    }

    /** @return the files the daemon received so far, oldest first, as its transfer log tells */
    public List<Received> received() throws IOException {
        try (var lines = Files.lines(folder.resolve("rsyncd.log"))) {
            return lines.map(RECEIVED::matcher).filter(Matcher::find)
                    .map(m -> new Received(m.group(3), Long.parseLong(m.group(1)), Long.parseLong(m.group(2)))).toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
