package io.upgradeclient.upload.rclone.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real storage server for tests: {@code rclone serve sftp|webdav|ftp} on 127.0.0.1, serving a folder with a user
 * and password. The password reaches the server through the environment ({@code RCLONE_PASS}), never its command
 * line, so tests can look for it in {@code ps}; clients get it obscured in an rclone config section
 * ({@link #configSection}). Can be stopped and started again on the same port.
 */
public final class RclonePeer implements AutoCloseable {
    /** The user the server accepts. */
    public static final String USER = "fw";

    /** The served folder. */
    public final Path root;
    /** The port it listens on. */
    public final int port;
    /** {@code sftp}, {@code webdav} or {@code ftp}. */
    public final String protocol;
    private final String password;
    private final Path log;
    private Process process;

    private RclonePeer(String protocol, Path root, int port, String password, Path log) {
        this.protocol = protocol;
        this.root = root;
        this.port = port;
        this.password = password;
        this.log = log;
    }

    /**
     * @param protocol {@code sftp}, {@code webdav} or {@code ftp}
     * @param work a folder for the served files and the server's log
     * @param password the user's password
     * @return the running server
     */
    public static RclonePeer start(String protocol, Path work, String password) throws IOException, InterruptedException {
        Path root = Files.createDirectories(work.resolve(protocol + "-root"));
        RclonePeer peer = new RclonePeer(protocol, root, freePort(), password, work.resolve(protocol + "-serve.log"));
        peer.start();
        return peer;
    }

    /** Starts the server (again) on its port and waits until it accepts connections. */
    public void start() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("RCLONE_USER", USER);
        builder.environment().put("RCLONE_PASS", password);
        process = builder.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("rclone serve " + protocol + " ended: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("rclone serve " + protocol + " did not listen on port " + port);
    }

    /**
     * rclone serves what it lists without a directory cache, so files the tests put in the folder show at once.
     * Debian's rclone has no FTP server: pyftpdlib (Debian's python3-pyftpdlib) serves FTP instead.
     */
    private List<String> command() {
        if (protocol.equals("ftp")) {
            return List.of("/usr/bin/python3", "-c", FTP_SERVER, root.toString(), Integer.toString(port));
        }
        return List.of("rclone", "serve", protocol, root.toString(), "--addr", "127.0.0.1:" + port,
                "--config", "/dev/null", "--dir-cache-time=0s");
    }

    private static final String FTP_SERVER = """
            import os, sys
            from pyftpdlib.authorizers import DummyAuthorizer
            from pyftpdlib.handlers import FTPHandler
            from pyftpdlib.servers import FTPServer
            users = DummyAuthorizer()
            users.add_user(os.environ["RCLONE_USER"], os.environ["RCLONE_PASS"], sys.argv[1], perm="elradfmwMT")
            FTPHandler.authorizer = users
            FTPServer(("127.0.0.1", int(sys.argv[2])), FTPHandler).serve_forever()
            """;

    /** Stops the server; clients then meet a refused connection. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * @param name the remote's name
     * @return an rclone config section reaching this server, with the password obscured as rclone expects
     */
    public String configSection(String name) throws IOException, InterruptedException {
        String address = switch (protocol) {
            case "sftp" -> "host = 127.0.0.1\nport = " + port + "\nset_modtime = true\n";
            case "webdav" -> "url = http://127.0.0.1:" + port + "/\nvendor = other\n";
            case "ftp" -> "host = 127.0.0.1\nport = " + port + "\n";
            default -> throw new IllegalArgumentException(protocol);
        };
        return "[" + name + "]\ntype = " + protocol + "\n" + address + "user = " + USER + "\npass = " + obscure(password) + "\n\n";
    }

    /** {@code rclone obscure -}: the password goes in on standard input, not on the command line. */
    public static String obscure(String secret) throws IOException, InterruptedException {
        Process obscure = new ProcessBuilder("rclone", "obscure", "-").redirectErrorStream(true).start();
        obscure.getOutputStream().write(secret.getBytes(StandardCharsets.UTF_8));
        obscure.getOutputStream().close();
        String out = new String(obscure.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (obscure.waitFor() != 0) {
            throw new IOException("rclone obscure failed: " + out);
        }
        return out;
    }

    /** @return a port free on 127.0.0.1 now */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
