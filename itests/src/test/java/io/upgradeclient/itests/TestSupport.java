package io.upgradeclient.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import javax.inject.Inject;

import net.bytebuddy.ByteBuddy;
import org.assertj.core.api.Assertions;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

import io.upgradeclient.launcher.FrameworkSettings;

/**
 * The one base of the Pax Exam tests: boots Felix with exactly the jars of the assembled distribution's
 * {@code bundle/} folder and the launcher's framework properties, in a working folder of the test class's own
 * (copied {@code config/}, an empty {@code deploy/}), on a free loopback port. Fails the boot when any bundle
 * stays unresolved.
 */
public abstract class TestSupport {
    /** The assembled distribution folder, set by the build. */
    static final Path DISTRIBUTION = Path.of(System.getProperty("upgradeclient.distribution", "../distribution/target/upgradeclient"));
    /** The example plugin's jar, set by the build. */
    static final Path EXAMPLE_PLUGIN = Path.of(System.getProperty("upgradeclient.example.manifest", "missing-example.jar"));
    private static final Path WORK = Path.of(System.getProperty("upgradeclient.itests.work", "target/itests"));

    /** The admin user of the web UI in the Pax Exam tests (password = name). */
    static final String USER = "itest";

    /** Framework properties that belong to Pax Exam, not to the launcher. */
    private static final Set<String> LEFT_TO_PAX_EXAM = Set.of("org.osgi.framework.storage", "org.osgi.framework.startlevel.beginning");

    @Inject
    protected BundleContext context;

    /**
     * @return the options that boot the distribution's bundle set for this test class
     */
    @Configuration
    public Option[] distribution() throws IOException {
        Path home = WORK.resolve(getClass().getSimpleName()).toAbsolutePath();
        prepareHome(home);
        Properties overrides = new Properties();
        overrides.setProperty("org.osgi.service.http.port", Integer.toString(freePort()));
        overrides.setProperty("org.apache.felix.http.host", "127.0.0.1");
        overrides.setProperty("felix.webconsole.password", "itest-" + System.nanoTime());
        List<Option> options = new ArrayList<>();
        for (Map.Entry<String, String> setting : FrameworkSettings.forHome(home, overrides).entrySet()) {
            if (!LEFT_TO_PAX_EXAM.contains(setting.getKey())) {
                options.add(frameworkProperty(setting.getKey()).value(setting.getValue()));
            }
        }
        options.add(frameworkProperty("felix.webconsole.password").value(overrides.getProperty("felix.webconsole.password")));
        options.add(systemProperty("pax.exam.osgi.unresolved.fail").value("true"));
        options.add(cleanCaches(true));
        options.add(junitBundles());
        options.add(bundle(jarOf(Assertions.class)));
        options.add(bundle(jarOf(ByteBuddy.class)));
        for (Path jar : distributionBundles()) {
            options.add(bundle(jar.toUri().toString()).start());
        }
        return options.toArray(Option[]::new);
    }

    private static void prepareHome(Path home) throws IOException {
        deleteRecursively(home);
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("config"));
        try (Stream<Path> files = Files.list(DISTRIBUTION.resolve("config"))) {
            for (Path file : files.toList()) {
                Files.copy(file, home.resolve("config").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(home.resolve("config/io.upgradeclient.web.cfg"), "users = " + USER + ":admin:{plain}" + USER + "\n");
    }

    private static List<Path> distributionBundles() throws IOException {
        try (Stream<Path> jars = Files.list(DISTRIBUTION.resolve("bundle"))) {
            List<Path> sorted = jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
            if (sorted.isEmpty()) {
                throw new IllegalStateException("no bundles in " + DISTRIBUTION + "/bundle: build the distribution first");
            }
            return sorted;
        }
    }

    /** The test probe's own libraries come from the test class path, in the versions the build pinned. */
    private static String jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation().toString();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** @return the working folder of this test class, as the framework sees it */
    protected Path home() {
        return Path.of(context.getProperty(FrameworkSettings.HOME));
    }

    /** @return the base URL of the HTTP service in this framework */
    protected URI baseUrl() {
        return URI.create("http://127.0.0.1:" + context.getProperty("org.osgi.service.http.port"));
    }

    /** @return the body and status of a GET on the path, logged in as the test's admin user */
    protected HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String basic = Base64.getEncoder().encodeToString((USER + ":" + USER).getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(baseUrl().resolve(path)).header("Authorization", "Basic " + basic)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return whether a bundle is in the state a healthy system leaves it in */
    protected static boolean isUp(Bundle bundle) {
        boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
        return fragment ? bundle.getState() == Bundle.RESOLVED : bundle.getState() == Bundle.ACTIVE;
    }
}
