package io.upgradeclient.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import sun.misc.Signal;

/**
 * Runs upgradeclient: boots Felix with the framework properties of {@link FrameworkSettings}, installs the jars
 * of {@code bundle/}, and on SIGTERM or SIGINT stops the framework cleanly and exits with status 0.
 *
 * <p>The distribution folder comes from the system property {@value FrameworkSettings#HOME}, set by
 * {@code bin/upgradeclient}; every path is resolved against it, so the working folder does not matter.
 */
public final class Main {
    private static final int EXIT_OK = 0;
    private static final int EXIT_FAILED = 1;
    private static final int EXIT_ALREADY_RUNNING = 2;

    private Main() {
    }

    /**
     * @param args none
     */
    public static void main(String[] args) {
        String homeProperty = System.getProperty(FrameworkSettings.HOME);
        if (homeProperty == null) {
            System.err.println("upgradeclient: the system property " + FrameworkSettings.HOME + " is not set; start it with bin/upgradeclient");
            System.exit(EXIT_FAILED);
        }
        Path home = Path.of(homeProperty).toAbsolutePath().normalize();
        try {
            System.exit(run(home));
        } catch (Exception e) {
            System.err.println("upgradeclient: cannot start: " + e);
            e.printStackTrace();
            System.exit(EXIT_FAILED);
        }
    }

    private static int run(Path home) throws IOException, BundleException, InterruptedException {
        Path var = home.resolve("var");
        Files.createDirectories(var.resolve("log"));
        PidFile pidFile = new PidFile(var.resolve("upgradeclient.pid"));
        Optional<Long> other = pidFile.runningOther();
        if (other.isPresent()) {
            System.err.println("upgradeclient: already running in " + home + " (pid " + other.get() + ")");
            return EXIT_ALREADY_RUNNING;
        }
        VarFolder.secure(var);
        pidFile.write();
        try {
            Map<String, String> settings = new HashMap<>(FrameworkSettings.forHome(home, System.getProperties()));
            Path passwordFile = new ConsoleCredentials().apply(home, settings);
            Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                    .newFramework(settings);
            framework.init();
            Set<String> early = new HashSet<>(List.of(settings.getOrDefault(FrameworkSettings.EARLY_BUNDLES, "").split("\\s*,\\s*")));
            new BundleFolder(home.resolve("bundle"), early).synchronize(framework.getBundleContext());
            stopOnSignal(framework, "TERM");
            stopOnSignal(framework, "INT");
            framework.start();
            System.out.println("upgradeclient started in " + home + ": http://" + settings.get("org.apache.felix.http.host")
                    + ":" + settings.get("org.osgi.service.http.port") + "/health");
            if (passwordFile != null) {
                System.out.println("upgradeclient: Web Console login is user '" + settings.get("felix.webconsole.username")
                        + "' with the password in " + passwordFile);
            }
            FrameworkEvent stopped = framework.waitForStop(0);
            System.out.println("upgradeclient stopped");
            return stopped.getType() == FrameworkEvent.ERROR ? EXIT_FAILED : EXIT_OK;
        } finally {
            pidFile.delete();
        }
    }

    /** Replaces the JVM's default handling, which would skip the framework's orderly stop and exit with 143. */
    private static void stopOnSignal(Framework framework, String name) {
        Signal.handle(new Signal(name), signal -> {
            System.out.println("upgradeclient: SIG" + name + " received, stopping");
            Thread stopper = new Thread(() -> {
                try {
                    framework.stop();
                } catch (BundleException e) {
                    e.printStackTrace();
                    Runtime.getRuntime().halt(EXIT_FAILED);
                }
            }, "upgradeclient-stop");
            stopper.start();
        });
    }

    /** The pid file of {@code var/}: written at start, removed at exit, guards against a second instance. */
    private record PidFile(Path file) {
        Optional<Long> runningOther() throws IOException {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            try {
                long pid = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
                // A stale file may name a pid the system has since given to an unrelated process.
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(process -> pid != ProcessHandle.current().pid())
                        .filter(process -> process.info().commandLine().map(line -> line.contains(Main.class.getName())).orElse(true))
                        .map(ProcessHandle::pid);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        void write() throws IOException {
            Files.writeString(file, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        }

        void delete() throws IOException {
            Files.deleteIfExists(file);
        }
    }
}
