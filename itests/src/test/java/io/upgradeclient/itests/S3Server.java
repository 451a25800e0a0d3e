package io.upgradeclient.itests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server for the end-to-end tests: S3Proxy with its filesystem backend, run as a process of its own from
 * its self-contained jar (property {@code upgradeclient.s3proxy}). The access key and secret reach it through its
 * properties file (mode 600), never its command line. Buckets are folders below {@link #data}.
 */
final class S3Server implements AutoCloseable {
    static final String ACCESS_KEY = "upgradeclient-e2e";

    final Path data;
    final int port;
    private final Process process;

    private S3Server(Path data, int port, Process process) {
        this.data = data;
        this.port = port;
        this.process = process;
    }

    static S3Server start(Path work, String secretKey) throws IOException, InterruptedException {
        Path data = Files.createDirectories(work.resolve("s3-data"));
        int port = TestSupport.freePort();
        Path properties = Files.createFile(work.resolve("s3proxy.properties"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data, ""));
        String jar = System.getProperty("upgradeclient.s3proxy");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-jar", jar, "--properties", properties.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("s3proxy.log").toFile()).start();
        S3Server server = new S3Server(data, port, process);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("S3Proxy ended: " + Files.readString(work.resolve("s3proxy.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IOException("S3Proxy did not listen on port " + port);
    }

    /**
     * @param name the remote's name
     * @param secretKey the secret key the server was started with
     * @return an rclone config section for this server (rclone keeps S3 keys in its config file as they are)
     */
    String configSection(String name, String secretKey) {
        return "[" + name + "]\ntype = s3\nprovider = Other\nendpoint = http://127.0.0.1:" + port + "\naccess_key_id = "
                + ACCESS_KEY + "\nsecret_access_key = " + secretKey + "\nforce_path_style = true\n\n";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
