package io.upgradeclient.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Keeps the framework's installed bundles in step with the jars of {@code bundle/}: installs new jars, updates
 * changed ones and uninstalls those whose jar was removed, so that an upgrade is "replace the folder, restart".
 *
 * <p>Bundles are installed from a stream under a location that names only the file ({@value #LOCATION_PREFIX}…),
 * so the framework's storage stays valid when the distribution folder is moved.
 */
final class BundleFolder {
    static final String LOCATION_PREFIX = "upgradeclient:bundle/";

    private static final int EARLY_START_LEVEL = 1;

    private final Path folder;
    private final Set<String> earlyBundles;

    /**
     * @param folder the folder of jars
     * @param earlyBundles symbolic names of the bundles to start at start level 1
     */
    BundleFolder(Path folder, Set<String> earlyBundles) {
        this.folder = folder;
        this.earlyBundles = earlyBundles;
    }

    /**
     * Brings the installed bundles in line with the folder and marks them all to be started.
     *
     * @param context the system bundle's context, framework initialised but not started
     * @throws IOException if the folder cannot be read
     * @throws BundleException if a jar is not a valid bundle
     * @throws InterruptedException if interrupted while waiting for a refresh
     */
    void synchronize(BundleContext context) throws IOException, BundleException, InterruptedException {
        Map<String, Bundle> installed = new HashMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getLocation().startsWith(LOCATION_PREFIX)) {
                installed.put(bundle.getLocation(), bundle);
            }
        }
        List<Bundle> changed = new ArrayList<>();
        List<Bundle> present = new ArrayList<>();
        for (Path jar : jars()) {
            String location = LOCATION_PREFIX + jar.getFileName();
            Bundle bundle = installed.remove(location);
            if (bundle == null) {
                try (InputStream in = Files.newInputStream(jar)) {
                    bundle = context.installBundle(location, in);
                }
            } else if (Files.getLastModifiedTime(jar).toMillis() > bundle.getLastModified()) {
                try (InputStream in = Files.newInputStream(jar)) {
                    bundle.update(in);
                }
                changed.add(bundle);
            }
            present.add(bundle);
        }
        for (Bundle removed : installed.values()) {
            removed.uninstall();
            changed.add(removed);
        }
        if (!changed.isEmpty()) {
            refresh(context, changed);
        }
        for (Bundle bundle : present) {
            boolean early = earlyBundles.contains(bundle.getSymbolicName());
            bundle.adapt(BundleStartLevel.class).setStartLevel(early ? EARLY_START_LEVEL : EARLY_START_LEVEL + 1);
            if (bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
        }
    }

    private List<Path> jars() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static void refresh(BundleContext context, List<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class)
                .refreshBundles(bundles, event -> done.countDown());
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("refreshing updated bundles did not finish within 60 s");
        }
    }
}
