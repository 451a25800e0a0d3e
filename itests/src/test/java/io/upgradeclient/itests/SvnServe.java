package io.upgradeclient.itests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code svnserve} serving one repository on a free loopback port, anonymous access off and one user with a
 * password, as a vendor's Subversion server would be reached. The same setup as the svn bundle's own tests.
 */
final class SvnServe implements AutoCloseable {
    private final Process process;
    private final int port;

    private SvnServe(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param repository a repository made by {@code svnadmin create}
     * @param user the one user
     * @param password its password
     * @param log where svnserve's output goes
     * @return the running server, accepting connections
     */
    static SvnServe start(Path repository, String user, String password, Path log) throws Exception {
        Files.writeString(repository.resolve("conf/svnserve.conf"),
                "[general]\nanon-access = none\nauth-access = write\npassword-db = passwd\nrealm = e2e\n");
        Files.writeString(repository.resolve("conf/passwd"), "[users]\n" + user + " = " + password + "\n");
        int port = TestSupport.freePort();
        Process process = new ProcessBuilder("svnserve", "-d", "--foreground", "--listen-host", "127.0.0.1",
                "--listen-port", Integer.toString(port), "-r", repository.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        SvnServe server = new SvnServe(process, port);
        Eventually.await(Duration.ofSeconds(10), "svnserve listening on " + port, server::listening);
        return server;
    }

    /** @return the repository root, {@code svn://127.0.0.1:<port>/} */
    String url() {
        return "svn://127.0.0.1:" + port + "/";
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("svnserve exited with " + process.exitValue());
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
