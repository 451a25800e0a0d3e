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

/**
 * A real {@code rsync --daemon} on 127.0.0.1 with one module {@code files} that needs user {@value #USER}. Shared
 * with the end-to-end tests through this module's test jar.
 */
public final class RsyncDaemon implements AutoCloseable {
    /** The user the module accepts. */
    public static final String USER = "uploader";
    /** The module's name. */
    public static final String MODULE = "files";

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
     * @return the daemon, listening
     */
    public static RsyncDaemon start(Path folder, String password) throws Exception {
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
                "secrets file = " + secrets,
                ""));
        int port = freePort();
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
